"""A passkey in a real browser (issue 42, ASVS 2.3.2): Chromium's virtual authenticator
(DevTools' WebAuthn domain) registers a passkey on the passkeys page, and after signing out
the person passes the second factor with it instead of an app code. No Content Security
Policy violation on the way: the library's scripts are modules with a JSON data block."""

from __future__ import annotations

import pytest

from waypost.accounts.selectors import passkeys_of
from waypost.conftest import PASSWORD, browser_sign_in
from waypost.protection.models import AuditEntry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def passkey_page(chromium, live_server, settings):
    # The live server's address is the relying party's origin; "localhost" its ID.
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    assert live_server.url.startswith("http://localhost:")
    context = chromium.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    problems: list[str] = []
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    authenticator = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    page.problems = problems  # type: ignore[attr-defined]
    page.authenticator = (cdp, authenticator["authenticatorId"])  # type: ignore[attr-defined]
    yield page
    context.close()


def test_a_person_registers_a_passkey_and_signs_in_with_it(
    passkey_page, caseworker, screenshot_dir
):
    page = passkey_page
    browser_sign_in(page, caseworker.username)

    # Register: the page is reached with the recent proof of the sign-in just made.
    page.goto("/en/accounts/two-factor/passkeys/")
    assert page.locator("#no-passkeys").is_visible()
    with page.expect_navigation():  # the page reloads to list the new key
        page.locator("#passkey-register-button").click()
    assert page.locator("#passkey-list tbody tr").count() == 1
    assert "Your passkey is registered." in page.locator("main").inner_text()
    cdp, authenticator_id = page.authenticator
    credentials = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})
    assert len(credentials["credentials"]) == 1
    assert passkeys_of(user=caseworker).count() == 1
    # The list on a phone, in Arabic: right to left, no sideways scrolling.
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto("/ar/accounts/two-factor/passkeys/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("#passkey-list tbody tr").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(screenshot_dir / "passkeys-ar-375.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})

    # Sign out, then in: the password, then the passkey instead of a code.
    with page.expect_navigation():
        page.locator("form.sign-out button[type=submit]").click()
    assert "/accounts/login/" in page.url
    page.goto("/en/accounts/login/?next=/en/accounts/sessions/")
    page.locator("#id_username").fill(caseworker.username)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("form.form button[type=submit]").click()
    assert "/en/accounts/two-factor/" in page.url
    with page.expect_navigation(url="**/en/accounts/sessions/"):
        page.locator("#passkey-verification-button").click()
    # Past the second factor: the sessions page, not sent back to the code page.
    assert page.locator("h1").inner_text() == "Your sessions"

    verified = AuditEntry.objects.filter(action="waypost.accounts.passkey.verified")
    assert verified.count() == 1
    assert AuditEntry.objects.filter(action="waypost.accounts.passkey.registered").count() == 1
    sign_count = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})
    assert sign_count["credentials"][0]["signCount"] >= 1
    assert not [p for p in page.problems if "Content Security Policy" in p], page.problems
    assert page.problems == []
