from __future__ import annotations

import base64
import re
import time
from urllib.parse import urlencode

import pytest
import time_machine
from cryptography.exceptions import InvalidTag
from django.test import Client
from django.utils import timezone
from django_otp.oath import TOTP, totp

from waypost.accounts import services
from waypost.accounts.models import CodeCheck, SealedTOTPDevice
from waypost.accounts.roles import Role
from waypost.conftest import PASSWORD, database_bytes, totp_code
from waypost.protection.models import AuditEntry


@pytest.fixture(autouse=True)
def clock_at_the_start_of_a_time_step():
    """Start each test one second into a 30-second TOTP step, the clock still running.

    A test computes codes and the server checks them a few milliseconds apart; without
    this, a step boundary falling in between makes the server see a different step and
    the test fail one run in a few thousand.
    """
    now = time.time()
    with time_machine.travel(now - now % 30 + 30 + 1, tick=True):
        yield


@pytest.fixture
def plain_client():
    return Client()


def enrol(client) -> str:
    page = client.get("/en/accounts/two-factor/").content.decode()
    secret = re.search(r'<code dir="ltr" class="secret">([A-Z2-7=]+)</code>', page).group(1)
    assert "<svg" in page  # the QR code, drawn on the server
    return secret


def test_a_caseworker_must_enrol_a_second_factor_before_seeing_anything(plain_client, caseworker):
    assert plain_client.login(username=caseworker.username, password=PASSWORD)

    response = plain_client.get("/en/tracing/missing/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/two-factor/?next=/en/tracing/missing/")

    secret = enrol(plain_client)
    done = plain_client.post(
        "/en/accounts/two-factor/?next=/en/tracing/missing/", {"code": totp_code(secret)}
    )
    # First the recovery codes that back the new app up, then where they were going.
    assert (
        done["Location"]
        == "/en/accounts/two-factor/recovery-codes/?next=%2Fen%2Ftracing%2Fmissing%2F"
    )
    codes_page = plain_client.get(done["Location"]).content.decode()
    assert 'href="/en/tracing/missing/"' in codes_page
    assert plain_client.get("/en/tracing/missing/").status_code == 200


def test_the_next_sign_in_asks_for_a_code_not_a_new_enrolment(plain_client, caseworker):
    plain_client.login(username=caseworker.username, password=PASSWORD)
    secret = enrol(plain_client)
    plain_client.post("/en/accounts/two-factor/", {"code": totp_code(secret)})
    plain_client.logout()

    plain_client.login(username=caseworker.username, password=PASSWORD)
    page = plain_client.get("/en/accounts/two-factor/").content.decode()

    assert "Enter your code" in page and "secret" not in page


def test_session_api_calls_wait_for_the_second_factor_but_tokens_do_not(
    plain_client, caseworker, api_client_for
):
    plain_client.login(username=caseworker.username, password=PASSWORD)

    assert plain_client.get("/api/v1/me/").status_code == 403
    assert api_client_for(caseworker).get("/api/v1/me/").status_code == 200


def test_an_analyst_who_sees_no_personal_data_needs_no_second_factor(
    plain_client, make_user, organisation
):
    analyst = make_user(organisation, Role.ANALYST)
    plain_client.login(username=analyst.username, password=PASSWORD)

    assert plain_client.get("/en/").status_code == 200


def test_repeated_wrong_passwords_lock_the_account_for_a_while(plain_client, caseworker):
    for _ in range(5):
        plain_client.post(
            "/en/accounts/login/", {"username": caseworker.username, "password": "wrong"}
        )

    response = plain_client.post(
        "/en/accounts/login/", {"username": caseworker.username, "password": PASSWORD}
    )

    assert "Too many failed attempts" in response.content.decode()
    assert "_auth_user_id" not in plain_client.session


def test_the_secret_is_a_real_totp_key(plain_client, caseworker):
    plain_client.login(username=caseworker.username, password=PASSWORD)

    assert len(base64.b32decode(enrol(plain_client))) == 20


def test_a_wrong_code_is_refused(plain_client, caseworker):
    plain_client.login(username=caseworker.username, password=PASSWORD)
    enrol(plain_client)

    wrong = plain_client.post("/en/accounts/two-factor/", {"code": "000000"})

    assert "not valid" in wrong.content.decode()
    assert plain_client.get("/en/tracing/missing/").status_code == 302


@pytest.mark.parametrize(
    "target", ["/\\evil.example/", "//evil.example/", "https://evil.example/", "javascript:x"]
)
def test_after_the_code_it_never_continues_to_another_site(plain_client, caseworker, target):
    plain_client.login(username=caseworker.username, password=PASSWORD)
    secret = enrol(plain_client)

    done = plain_client.post(
        f"/en/accounts/two-factor/?{urlencode({'next': target})}", {"code": totp_code(secret)}
    )

    # Enrolment goes on to the recovery codes, which then continue home, not to the target.
    assert done.status_code == 302
    assert done["Location"] == "/en/accounts/two-factor/recovery-codes/?next=%2Fen%2F"
    codes_page = plain_client.get(
        f"/en/accounts/two-factor/recovery-codes/?{urlencode({'next': target})}"
    )
    # (The page's language switch repeats its own address, target included, as text.)
    assert '<a href="/en/" id="skip-recovery-codes">' in codes_page.content.decode()


def test_enrolling_is_audited_and_the_user_told_by_email(
    plain_client, caseworker, mailoutbox, django_capture_on_commit_callbacks
):
    caseworker.email = "amina@example.org"
    caseworker.preferred_language = "es"
    caseworker.save()
    plain_client.login(username=caseworker.username, password=PASSWORD)
    secret = enrol(plain_client)

    with django_capture_on_commit_callbacks(execute=True):
        plain_client.post("/en/accounts/two-factor/", {"code": totp_code(secret)})

    entry = AuditEntry.objects.get(action="waypost.accounts.two_factor.enrolled")
    assert entry.actor_id == caseworker.pk
    [message] = mailoutbox
    assert message.to == ["amina@example.org"]
    assert message.subject == "Se configuró un segundo factor para su cuenta de Waypost"
    assert secret not in message.body


def test_signing_in_with_an_enrolled_device_sends_no_email(
    plain_client, caseworker, mailoutbox, django_capture_on_commit_callbacks
):
    caseworker.email = "amina@example.org"
    caseworker.save()
    plain_client.login(username=caseworker.username, password=PASSWORD)
    secret = enrol(plain_client)
    with django_capture_on_commit_callbacks(execute=True):
        plain_client.post("/en/accounts/two-factor/", {"code": totp_code(secret)})
    plain_client.logout()
    mailoutbox.clear()
    next_code = TOTP(base64.b32decode(secret))
    next_code.time = time.time() + 30  # a code is accepted once: take the next one

    plain_client.login(username=caseworker.username, password=PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        plain_client.post("/en/accounts/two-factor/", {"code": f"{next_code.token():06d}"})

    assert plain_client.get("/en/tracing/missing/").status_code == 200
    assert mailoutbox == []


def next_code(secret: str, steps: int = 1) -> str:
    """The code the app will show ``steps`` time steps from now (a code is accepted once)."""
    code = TOTP(base64.b32decode(secret))
    code.time = time.time() + 30 * steps
    return f"{code.token():06d}"


def enrol_and_sign_out(client, user) -> str:
    client.login(username=user.username, password=PASSWORD)
    secret = enrol(client)
    client.post("/en/accounts/two-factor/", {"code": totp_code(secret)})
    client.logout()
    return secret


@pytest.mark.django_db(transaction=True)
def test_the_secret_is_sealed_in_the_database_and_codes_still_verify(
    plain_client, caseworker, tmp_path
):
    plain_client.login(username=caseworker.username, password=PASSWORD)
    secret = enrol(plain_client)
    plain_client.post("/en/accounts/two-factor/", {"code": totp_code(secret)})
    key = base64.b32decode(secret)

    raw = database_bytes(tmp_path)

    for form in (key.hex(), key.hex().upper(), secret, secret.rstrip("=")):
        assert form.encode() not in raw, form
    assert key not in raw
    device = SealedTOTPDevice.objects.get(user=caseworker)
    assert device.confirmed and device.bin_key == key
    plain_client.logout()
    plain_client.login(username=caseworker.username, password=PASSWORD)
    done = plain_client.post("/en/accounts/two-factor/", {"code": next_code(secret)})
    assert done.status_code == 302
    assert plain_client.get("/en/tracing/missing/").status_code == 200


def test_a_sealed_secret_copied_to_another_account_does_not_open(
    plain_client, caseworker, other_caseworker
):
    plain_client.login(username=caseworker.username, password=PASSWORD)
    enrol(plain_client)
    stolen = SealedTOTPDevice.objects.get(user=caseworker).key_sealed
    copy = SealedTOTPDevice.objects.create(user=other_caseworker, name="copy", key_sealed=stolen)

    with pytest.raises(InvalidTag):
        copy.bin_key  # noqa: B018 - reading it is the test


def test_a_valid_code_is_audited(plain_client, caseworker):
    secret = enrol_and_sign_out(plain_client, caseworker)
    plain_client.login(username=caseworker.username, password=PASSWORD)

    plain_client.post("/en/accounts/two-factor/", {"code": next_code(secret)})

    entry = AuditEntry.objects.get(action="waypost.accounts.two_factor.verified")
    assert entry.actor_id == caseworker.pk
    assert entry.detail == {"device_id": SealedTOTPDevice.objects.get(user=caseworker).pk}


def test_a_wrong_code_is_audited_without_the_code(plain_client, caseworker):
    enrol_and_sign_out(plain_client, caseworker)
    plain_client.login(username=caseworker.username, password=PASSWORD)

    plain_client.post("/en/accounts/two-factor/", {"code": "123456"})

    entry = AuditEntry.objects.get(action="waypost.accounts.two_factor.failed")
    assert entry.actor_id == caseworker.pk
    assert entry.detail["enrolling"] is False
    assert "123456" not in repr(list(AuditEntry.objects.values()))


def test_a_reused_code_is_refused_audited_and_the_user_told_by_email(
    plain_client, caseworker, mailoutbox, django_capture_on_commit_callbacks
):
    caseworker.email = "amina@example.org"
    caseworker.preferred_language = "fr"
    caseworker.save()
    secret = enrol_and_sign_out(plain_client, caseworker)
    code = next_code(secret)
    plain_client.login(username=caseworker.username, password=PASSWORD)
    plain_client.post("/en/accounts/two-factor/", {"code": code})
    plain_client.logout()
    mailoutbox.clear()

    plain_client.login(username=caseworker.username, password=PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        again = plain_client.post("/en/accounts/two-factor/", {"code": code})

    assert "already used" in again.content.decode()
    assert plain_client.get("/en/tracing/missing/").status_code == 302
    assert AuditEntry.objects.get(action="waypost.accounts.two_factor.reused").actor_id == (
        caseworker.pk
    )
    [message] = mailoutbox
    assert message.to == ["amina@example.org"]
    assert message.subject == (
        "Un code de second facteur déjà utilisé a été refusé sur votre compte Waypost"
    )
    assert secret not in message.body


def test_codes_sent_too_soon_after_wrong_ones_are_not_checked_and_are_audited(
    plain_client, caseworker
):
    secret = enrol_and_sign_out(plain_client, caseworker)
    SealedTOTPDevice.objects.filter(user=caseworker).update(
        throttling_failure_count=10, throttling_failure_timestamp=timezone.now()
    )
    plain_client.login(username=caseworker.username, password=PASSWORD)

    refused = plain_client.post("/en/accounts/two-factor/", {"code": next_code(secret)})

    assert "Too many wrong codes" in refused.content.decode()
    assert plain_client.get("/en/tracing/missing/").status_code == 302
    assert AuditEntry.objects.filter(action="waypost.accounts.two_factor.throttled").exists()


def test_the_same_code_sent_twice_passes_once(caseworker):
    device = services.two_factor_enrolment_start(actor=caseworker)
    code = f"{totp(device.bin_key):06d}"

    first = services.two_factor_verify(actor=caseworker, device=device, code=code)
    second = services.two_factor_verify(actor=caseworker, device=device, code=code)

    assert (first, second) == (CodeCheck.VALID, CodeCheck.REUSED)
