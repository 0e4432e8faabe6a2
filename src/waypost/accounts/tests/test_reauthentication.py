"""Re-authentication before sensitive actions (issue 42, ASVS 3.7.1): once the last proof of
identity is older than WAYPOST_REAUTH_SECONDS, tokens, the second factor, agreements,
identity disclosure and personal-data exports ask for the password (and a code) again."""

from __future__ import annotations

import base64
import time
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.test import Client
from django.urls import resolve

from waypost.accounts.models import ApiToken, RecoveryCode, SealedTOTPDevice
from waypost.accounts.roles import Role
from waypost.conftest import PASSWORD, VerifiedClient, totp_code
from waypost.protection.models import AuditEntry, SharingAgreement
from waypost.tracing import services as tracing
from waypost.tracing.models import MissingPersonReport

CONFIRM = "/en/accounts/confirm/"
LATER = 16 * 60  # seconds: past the default window of 15 minutes


@pytest.fixture(autouse=True)
def clock_at_the_start_of_a_time_step():
    now = time.time()
    with time_machine.travel(now - now % 30 + 30 + 1, tick=True):
        yield


def signed_in(user) -> VerifiedClient:
    client = VerifiedClient()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def app_code(user) -> str:
    device = SealedTOTPDevice.objects.get(user=user, confirmed=True)
    return totp_code(base64.b32encode(device.bin_key).decode())


def later():
    """Travel past the window, landing one second into a TOTP step (as the fixture does)."""
    then = time.time() + LATER
    return time_machine.travel(then - then % 30 + 30 + 1, tick=True)


def confirm_target(response) -> dict[str, list[str]]:
    assert response.status_code == 302
    parts = urlsplit(response["Location"])
    assert parts.path == CONFIRM
    return parse_qs(parts.query)


def test_right_after_sign_in_a_token_is_made_without_asking_again(caseworker):
    client = signed_in(caseworker)

    made = client.post(
        "/en/accounts/tokens/",
        {"name": "partner", "scopes": ["tracing:read"], "expires_in_days": 30},
    )

    assert made.status_code == 200 and ApiToken.objects.count() == 1


def test_later_a_token_waits_for_the_password_and_code_and_nothing_is_done_meanwhile(
    caseworker,
):
    client = signed_in(caseworker)
    form = {"name": "partner", "scopes": ["tracing:read"], "expires_in_days": 30}
    with later():
        asked = client.post("/en/accounts/tokens/", form)
        assert confirm_target(asked) == {"next": ["/en/accounts/tokens/"], "repeat": ["1"]}
        assert not ApiToken.objects.exists()
        page = client.get(asked["Location"]).content.decode()
        assert "Nothing was done yet" in page and 'name="code"' in page

        # The password alone is not enough for someone with a second factor.
        no_code = client.post(asked["Location"], {"password": PASSWORD})
        assert no_code.status_code == 200
        wrong = client.post(asked["Location"], {"password": "not-it", "code": app_code(caseworker)})
        assert "This is not your password." in wrong.content.decode()
        assert client.post("/en/accounts/tokens/", form).status_code == 302

        done = client.post(asked["Location"], {"password": PASSWORD, "code": app_code(caseworker)})
        assert done["Location"] == "/en/accounts/tokens/"
        assert client.post("/en/accounts/tokens/", form).status_code == 200

    assert ApiToken.objects.count() == 1
    actions = list(
        AuditEntry.objects.filter(action__startswith="waypost.accounts.reauth")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "waypost.accounts.reauthentication.failed",
        "waypost.accounts.reauthenticated",
    ]


def test_a_recovery_code_confirms_too_and_is_spent(caseworker):
    client = signed_in(caseworker)
    codes_page = client.post("/en/accounts/two-factor/recovery-codes/").content.decode()
    code = codes_page.split("<li><code>")[1].split("</code>")[0]

    with later():
        done = client.post(
            f"{CONFIRM}?next=/en/accounts/tokens/", {"password": PASSWORD, "code": code}
        )

    assert done["Location"] == "/en/accounts/tokens/"
    assert RecoveryCode.objects.filter(used_at__isnull=False).count() == 1


def test_wrong_passwords_here_count_towards_the_sign_in_lock(caseworker):
    client = signed_in(caseworker)
    with later():
        for _attempt in range(5):
            client.post(CONFIRM, {"password": "guess", "code": "000000"})
        locked = client.post(CONFIRM, {"password": PASSWORD, "code": app_code(caseworker)})
        sign_in = Client().post(
            "/en/accounts/login/", {"username": caseworker.username, "password": PASSWORD}
        )

    assert "Too many failed attempts" in locked.content.decode()
    assert "Too many failed attempts" in sign_in.content.decode()


def test_someone_without_a_second_factor_confirms_with_the_password(make_user, organisation):
    analyst = make_user(organisation, Role.ANALYST)
    client = VerifiedClient()
    assert client.login(username=analyst.username, password=PASSWORD)
    SealedTOTPDevice.objects.filter(user=analyst).delete()

    with later():
        page = client.get(CONFIRM).content.decode()
        done = client.post(f"{CONFIRM}?next=/en/accounts/tokens/", {"password": PASSWORD})

    assert 'name="code"' not in page
    assert done["Location"] == "/en/accounts/tokens/"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example/"])
def test_after_confirming_it_never_continues_to_another_site(caseworker, target):
    client = signed_in(caseworker)
    with later():
        done = client.post(
            CONFIRM,
            {"password": PASSWORD, "code": app_code(caseworker)},
            QUERY_STRING=f"next={target}",
        )

    assert done["Location"] == "/en/"


def test_an_export_of_a_persons_record_asks_again_later_then_shows(caseworker):
    report = tracing.record_create(
        actor=caseworker, model=MissingPersonReport, name="Awa Diallo", sex="F"
    )
    client = signed_in(caseworker)
    url = f"/en/tracing/missing/{report.pk}/export.json"
    assert client.get(url).status_code == 200

    with later():
        asked = client.get(url)
        assert confirm_target(asked) == {"next": [url]}
        assert not (asked.get("Content-Disposition") or "")
        done = client.post(asked["Location"], {"password": PASSWORD, "code": app_code(caseworker)})
        assert done["Location"] == url
        assert client.get(url).json()


def test_an_agreement_is_not_approved_on_a_stale_session(
    client, admin, make_user, other_organisation
):
    client = signed_in(admin)
    client.post(
        "/en/protection/agreements/",
        {"recipient": other_organisation.pk, "purpose": "tracing", "categories": ["tracing"]},
    )
    agreement = SharingAgreement.objects.get()
    other_admin = make_user(other_organisation, Role.ADMIN)
    other = signed_in(other_admin)

    with later():
        asked = other.post(f"/en/protection/agreements/{agreement.pk}/approve/")
        assert confirm_target(asked) == {"next": ["/en/protection/agreements/"], "repeat": ["1"]}
        agreement.refresh_from_db()
        assert agreement.recipient_approved_at is None
        other.post(asked["Location"], {"password": PASSWORD, "code": app_code(other_admin)})
        other.post(f"/en/protection/agreements/{agreement.pk}/approve/")

    agreement.refresh_from_db()
    assert agreement.recipient_approved_at is not None


def test_a_role_without_the_permission_is_refused_not_asked_for_a_password(caseworker):
    client = signed_in(caseworker)
    with later():
        assert client.post("/en/protection/agreements/1/approve/").status_code == 403


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/en/protection/agreements/1/approve/", "protection:agreement_action"),
        ("/en/reports/identity-requests/1/decide/", "reporting:disclosure_decide"),
        ("/en/tracing/missing/1/export.json", "tracing:export"),
        ("/en/accounts/members/1/two-factor/reset/", "accounts:reset_two_factor"),
        ("/en/accounts/two-factor/recovery-codes/", "accounts:recovery_codes"),
    ],
)
def test_each_sensitive_action_asks_for_recent_authentication(url, name):
    match = resolve(url)

    assert match.view_name == name
    assert getattr(match.func, "requires_recent_authentication", False)


def test_the_window_is_a_setting(caseworker, settings):
    settings.WAYPOST_REAUTH_SECONDS = 60 * 60
    client = signed_in(caseworker)
    with later():
        made = client.post(
            "/en/accounts/tokens/",
            {"name": "partner", "scopes": ["tracing:read"], "expires_in_days": 30},
        )

    assert made.status_code == 200 and ApiToken.objects.count() == 1
