"""Recovery codes for the second factor (issue 42, ASVS 2.6): single-use, stored as keyed
hashes only, shown once, replaced as a set, and every use audited and told by email."""

from __future__ import annotations

import re
import time

import pytest
import time_machine
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from waypost.accounts.models import (
    RECOVERY_CODE_COUNT,
    RecoveryCode,
    RecoveryCodeDevice,
    SealedTOTPDevice,
    recovery_code_hash,
)
from waypost.accounts.roles import Role
from waypost.conftest import PASSWORD, VerifiedClient, database_bytes, totp_code
from waypost.protection.models import AuditEntry

CODE = re.compile(r"<li><code>([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})</code></li>")
CODES_PAGE = "/en/accounts/two-factor/recovery-codes/"
RECOVERY_PAGE = "/en/accounts/two-factor/recovery/"


@pytest.fixture(autouse=True)
def clock_at_the_start_of_a_time_step():
    """As in test_two_factor: codes computed and checked within one 30-second step."""
    now = time.time()
    with time_machine.travel(now - now % 30 + 30 + 1, tick=True):
        yield


def enrol_and_make_codes(client: Client, user) -> tuple[str, list[str]]:
    """Sign in, set up an app, make recovery codes as the page offers; signed out after."""
    assert client.login(username=user.username, password=PASSWORD)
    page = client.get("/en/accounts/two-factor/").content.decode()
    secret = re.search(r'<code dir="ltr" class="secret">([A-Z2-7=]+)</code>', page).group(1)
    done = client.post("/en/accounts/two-factor/", {"code": totp_code(secret)})
    assert done["Location"].startswith(CODES_PAGE)
    made = client.post(done["Location"]).content.decode()
    codes = CODE.findall(made)
    client.logout()
    return secret, codes


def test_after_setting_up_an_app_ten_codes_are_shown_once(caseworker):
    client = Client()
    _secret, codes = enrol_and_make_codes(client, caseworker)

    assert len(codes) == RECOVERY_CODE_COUNT == len(set(codes))
    # A signed-in session not yet past the second factor does not reach the page.
    client.login(username=caseworker.username, password=PASSWORD)
    assert client.get(CODES_PAGE)["Location"].startswith("/en/accounts/two-factor/?next=")
    # Past it, only the count is shown again, never a code.
    verified = VerifiedClient()
    verified.force_login(caseworker)
    again = verified.get(CODES_PAGE).content.decode()
    assert "You have 10 unused recovery codes." in again
    assert not any(code in again for code in codes)


@pytest.mark.django_db(transaction=True)
def test_only_keyed_hashes_of_the_codes_are_stored(caseworker, tmp_path):
    _secret, codes = enrol_and_make_codes(Client(), caseworker)

    raw = database_bytes(tmp_path)

    for code in codes:
        for form in (code, code.replace("-", ""), code.lower()):
            assert form.encode() not in raw, form
    device = RecoveryCodeDevice.objects.get(user=caseworker)
    stored = set(device.codes.values_list("code_hash", flat=True))
    assert stored == {recovery_code_hash(caseworker.pk, code) for code in codes}
    # Keyed to the account: the same code would hash differently for another person.
    assert recovery_code_hash(caseworker.pk + 1, codes[0]) not in stored


def test_a_recovery_code_passes_the_second_factor_once(
    caseworker, mailoutbox, django_capture_on_commit_callbacks
):
    caseworker.email = "amina@example.org"
    caseworker.save()
    client = Client()
    _secret, codes = enrol_and_make_codes(client, caseworker)
    mailoutbox.clear()
    client.login(username=caseworker.username, password=PASSWORD)

    form = client.get("/en/accounts/two-factor/?next=/en/tracing/missing/").content.decode()
    assert 'href="/en/accounts/two-factor/recovery/?next=/en/tracing/missing/"' in form
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(f"{RECOVERY_PAGE}?next=/en/tracing/missing/", {"code": codes[3]})

    assert done["Location"] == "/en/tracing/missing/"
    assert client.get("/en/tracing/missing/").status_code == 200
    entry = AuditEntry.objects.get(action="waypost.accounts.recovery_code.used")
    assert entry.actor_id == caseworker.pk and entry.detail["codes_left"] == 9
    assert codes[3] not in str(entry.detail)
    [message] = mailoutbox
    assert "9 unused codes are left" in message.body and codes[3] not in message.body

    # Spent: the same code again is refused, audited as reused and told by email.
    client.logout()
    mailoutbox.clear()
    client.login(username=caseworker.username, password=PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(RECOVERY_PAGE, {"code": codes[3]})
    assert again.status_code == 200
    assert "already used" in again.content.decode()
    assert client.get("/en/tracing/missing/").status_code == 302
    assert AuditEntry.objects.filter(action="waypost.accounts.recovery_code.reused").count() == 1
    [warning] = mailoutbox
    assert "already been used" in warning.body


def test_a_code_may_be_typed_without_dashes_in_lower_case_and_with_look_alikes(caseworker):
    client = Client()
    _secret, codes = enrol_and_make_codes(client, caseworker)
    client.login(username=caseworker.username, password=PASSWORD)
    typed = codes[0].replace("-", " ").lower().replace("0", "o").replace("1", "l")

    done = client.post(RECOVERY_PAGE, {"code": typed})

    assert done.status_code == 302
    assert RecoveryCode.objects.filter(used_at__isnull=False).count() == 1


def test_a_wrong_code_is_refused_audited_and_throttled(caseworker):
    client = Client()
    _secret, codes = enrol_and_make_codes(client, caseworker)
    client.login(username=caseworker.username, password=PASSWORD)

    wrong = client.post(RECOVERY_PAGE, {"code": "AAAA-BBBB-CCCC-DDDD"})
    assert "not one of your recovery codes" in wrong.content.decode()
    # Straight after a wrong code, even a right one is not checked (django-otp's throttle).
    throttled = client.post(RECOVERY_PAGE, {"code": codes[0]})
    assert "Too many wrong codes" in throttled.content.decode()
    assert client.get("/en/tracing/missing/").status_code == 302
    actions = list(
        AuditEntry.objects.filter(action__startswith="waypost.accounts.recovery_code.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "waypost.accounts.recovery_code.failed",
        "waypost.accounts.recovery_code.throttled",
    ]
    assert RecoveryCode.objects.filter(used_at__isnull=False).count() == 0


def test_new_codes_replace_the_old_ones(caseworker, mailoutbox, django_capture_on_commit_callbacks):
    caseworker.email = "amina@example.org"
    caseworker.save()
    client = Client()
    _secret, old = enrol_and_make_codes(client, caseworker)
    verified = VerifiedClient()
    verified.force_login(caseworker)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        new = CODE.findall(verified.post(CODES_PAGE).content.decode())

    assert len(new) == RECOVERY_CODE_COUNT and not set(new) & set(old)
    generated = AuditEntry.objects.filter(action="waypost.accounts.recovery_codes.generated")
    assert [e.detail["unused_replaced"] for e in generated.order_by("pk")] == [0, 10]
    [message] = mailoutbox
    assert "no longer work" in message.body
    client.login(username=caseworker.username, password=PASSWORD)
    assert (
        "not one of your recovery codes"
        in client.post(RECOVERY_PAGE, {"code": old[0]}).content.decode()
    )
    with time_machine.travel(time.time() + 5, tick=True):  # past the throttle's wait
        assert client.post(RECOVERY_PAGE, {"code": new[0]})["Location"] == "/en/"


def test_someone_without_an_app_has_no_codes_to_make_or_use(make_user, organisation):
    analyst = make_user(organisation, Role.ANALYST)
    client = VerifiedClient()
    client.force_login(analyst)
    SealedTOTPDevice.objects.filter(user=analyst).delete()

    page = client.post(CODES_PAGE).content.decode()

    assert "You have no authenticator app set up" in page
    assert not RecoveryCodeDevice.objects.filter(user=analyst).exists()
    assert client.get(RECOVERY_PAGE)["Location"] == "/en/accounts/two-factor/"


def test_an_admins_reset_of_the_second_factor_removes_the_recovery_codes(caseworker, admin):
    _secret, codes = enrol_and_make_codes(Client(), caseworker)
    client = VerifiedClient()
    client.force_login(admin)

    client.post(
        f"/en/accounts/members/{caseworker.pk}/two-factor/reset/", {"identity_checked": "on"}
    )

    assert not RecoveryCodeDevice.objects.filter(user=caseworker).exists()
    assert not RecoveryCode.objects.exists()
    entry = AuditEntry.objects.get(action="waypost.accounts.two_factor.removed")
    assert entry.detail["recovery_codes_removed"] == RECOVERY_CODE_COUNT


def test_the_codes_are_a_django_otp_device_of_the_session(caseworker):
    """A session verified by a recovery code names that device, as django-otp expects."""
    client = Client()
    _secret, codes = enrol_and_make_codes(client, caseworker)
    client.login(username=caseworker.username, password=PASSWORD)
    client.post(RECOVERY_PAGE, {"code": codes[1]})

    device = RecoveryCodeDevice.objects.get(user=caseworker)
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
