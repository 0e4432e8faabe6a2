"""Every authentication decision is on the audit log (ASVS 7.2.1, 2.8.5), with the account
concerned and nothing that says where or how the person connected."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from waypost.accounts import services
from waypost.conftest import PASSWORD, database_bytes
from waypost.protection.audit import verify
from waypost.protection.models import AuditEntry
from waypost.protection.vocabulary import describe

ADDRESS = "198.51.100.23"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Field-Laptop-UA"
WRONG_PASSWORD = "olive-grove-wrong-guess"


@pytest.fixture
def plain_client():
    return Client(REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=BROWSER)


def sign_in(client, username, password=PASSWORD):
    return client.post("/en/accounts/login/", {"username": username, "password": password})


def actions():
    return list(AuditEntry.objects.order_by("id").values_list("action", flat=True))


def test_a_successful_sign_in_is_audited_as_the_account(plain_client, caseworker):
    assert sign_in(plain_client, caseworker.username).status_code == 302

    entry = AuditEntry.objects.get(action="waypost.accounts.sign_in.succeeded")
    assert (entry.actor_id, entry.record_id) == (caseworker.pk, str(caseworker.pk))
    assert entry.organisation_id == caseworker.organisation_id


def test_a_wrong_password_names_the_account_tried_and_never_the_password(plain_client, caseworker):
    sign_in(plain_client, caseworker.username, WRONG_PASSWORD)

    entry = AuditEntry.objects.get(action="waypost.accounts.sign_in.failed")
    assert entry.actor_id is None
    assert (entry.record_type, entry.record_id) == ("accounts.user", str(caseworker.pk))
    assert entry.detail == {
        "username": caseworker.username,
        "organisation_id": caseworker.organisation_id,
    }
    assert WRONG_PASSWORD not in repr(list(AuditEntry.objects.values()))


def test_the_organisations_auditor_sees_failed_sign_ins_to_its_accounts(
    client, plain_client, caseworker, make_user, organisation
):
    auditor = make_user(organisation, "auditor")
    sign_in(plain_client, caseworker.username, WRONG_PASSWORD)
    client.force_login(auditor)

    page = client.get("/en/protection/audit/?action=waypost.accounts.sign_in").content.decode()

    assert "waypost.accounts.sign_in.failed" in page
    assert f"accounts.user:{caseworker.pk}" in page


def test_a_username_that_is_no_account_is_not_recorded(plain_client, caseworker):
    # Someone typed their password into the username field.
    sign_in(plain_client, PASSWORD, PASSWORD)

    entry = AuditEntry.objects.get(action="waypost.accounts.sign_in.failed")
    assert (entry.record_type, entry.record_id, entry.detail) == ("", "", {})
    assert PASSWORD not in repr(list(AuditEntry.objects.values()))


def test_a_deactivated_account_trying_to_sign_in_is_audited(plain_client, caseworker):
    caseworker.is_active = False
    caseworker.save()

    sign_in(plain_client, caseworker.username)

    entry = AuditEntry.objects.get(action="waypost.accounts.sign_in.failed")
    assert entry.record_id == str(caseworker.pk)


def test_the_lockout_and_each_attempt_refused_while_locked_are_audited(plain_client, caseworker):
    for _ in range(5):
        sign_in(plain_client, caseworker.username, WRONG_PASSWORD)
    sign_in(plain_client, caseworker.username)  # the right password, but locked

    assert actions() == [
        *["waypost.accounts.sign_in.failed"] * 5,
        "waypost.accounts.sign_in.locked",
        "waypost.accounts.sign_in.refused_locked",
    ]
    locked = AuditEntry.objects.get(action="waypost.accounts.sign_in.locked")
    assert locked.record_id == str(caseworker.pk)
    assert "_auth_user_id" not in plain_client.session


def test_wrong_current_passwords_are_audited_as_the_signed_in_user(client, caseworker):
    client.login(username=caseworker.username, password=PASSWORD)

    client.post(
        "/en/accounts/password/",
        {"old_password": WRONG_PASSWORD, "new_password1": "x" * 20, "new_password2": "x" * 20},
    )

    entry = AuditEntry.objects.get(action="waypost.accounts.password.check_failed")
    assert entry.actor_id == caseworker.pk
    assert WRONG_PASSWORD not in repr(list(AuditEntry.objects.values()))


def test_signing_out_is_audited(client, caseworker):
    client.login(username=caseworker.username, password=PASSWORD)

    client.post("/en/accounts/logout/")

    assert AuditEntry.objects.get(action="waypost.accounts.signed_out").actor_id == caseworker.pk


def test_signing_out_when_not_signed_in_writes_nothing(plain_client, caseworker):
    plain_client.post("/en/accounts/logout/")

    assert actions() == []


def test_every_authentication_code_reads_as_a_sentence():
    codes = [
        "waypost.accounts.sign_in.succeeded",
        "waypost.accounts.sign_in.failed",
        "waypost.accounts.sign_in.locked",
        "waypost.accounts.sign_in.refused_locked",
        "waypost.accounts.password.check_failed",
        "waypost.accounts.signed_out",
        "waypost.accounts.two_factor.enrolment_started",
        "waypost.accounts.two_factor.verified",
        "waypost.accounts.two_factor.failed",
        "waypost.accounts.two_factor.reused",
        "waypost.accounts.two_factor.throttled",
        "waypost.accounts.two_factor.removed",
        "waypost.accounts.token.refused",
        "waypost.access.refused",
    ]

    assert [code for code in codes if describe(code) == code] == []


def test_an_unknown_api_token_is_audited_without_its_value(caseworker):
    from rest_framework.test import APIClient

    bogus = "wp_not-a-token-anyone-was-given"
    api = APIClient(HTTP_AUTHORIZATION=f"Bearer {bogus}")

    assert api.get("/api/v1/me/").status_code == 401

    entry = AuditEntry.objects.get(action="waypost.accounts.token.refused")
    assert (entry.record_id, entry.detail) == ("", {"refused_in_window": 1})
    assert bogus not in repr(list(AuditEntry.objects.values()))


def test_a_revoked_api_token_is_audited_by_its_id(caseworker):
    from rest_framework.test import APIClient

    from waypost.accounts.models import ApiToken

    raw = services.token_create(user=caseworker)
    services.token_revoke(raw=raw)
    api = APIClient(HTTP_AUTHORIZATION=f"Bearer {raw}")

    assert api.get("/api/v1/me/").status_code == 401

    entry = AuditEntry.objects.get(action="waypost.accounts.token.refused")
    assert entry.record_id == str(ApiToken.objects.get().pk)
    assert entry.detail == {"organisation_id": caseworker.organisation_id, "refused_in_window": 1}
    assert raw not in repr(list(AuditEntry.objects.values()))


@pytest.mark.django_db(transaction=True)
def test_no_address_or_browser_reaches_the_database_and_the_chain_verifies(
    plain_client, caseworker, tmp_path, capsys
):
    from waypost.accounts.tests.test_two_factor import enrol

    sign_in(plain_client, caseworker.username, WRONG_PASSWORD)
    sign_in(plain_client, caseworker.username)
    secret = enrol(plain_client)
    plain_client.post("/en/accounts/two-factor/", {"code": "000000"})
    plain_client.post("/en/accounts/logout/")

    raw = database_bytes(tmp_path)

    for value in (ADDRESS, BROWSER, "Field-Laptop-UA", WRONG_PASSWORD, secret):
        assert value.encode() not in raw, value
    assert {"waypost.accounts.sign_in.failed", "waypost.accounts.signed_out"} <= set(actions())
    assert verify() is None
    call_command("audit", "verify")
    assert "intact" in capsys.readouterr().out
