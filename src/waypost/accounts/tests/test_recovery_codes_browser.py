"""Recovery codes in a real browser, on a phone's width and in Arabic: made after setting
up the app, kept, and one used to sign in when the app is not at hand."""

from __future__ import annotations

import pytest

from waypost.conftest import PASSWORD, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone_page(chromium, live_server):
    context = chromium.new_context(
        base_url=live_server.url, locale="ar", viewport={"width": 375, "height": 740}
    )
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def sign_in_with_password(page, username: str) -> None:
    page.goto("/ar/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("form.form button[type=submit]").click()


def test_codes_made_after_enrolment_let_a_person_without_their_app_sign_in(
    phone_page, caseworker, screenshot_dir
):
    page = phone_page
    sign_in_with_password(page, caseworker.username)
    page.locator("#id_code").fill(totp_code(page.locator("code.secret").inner_text()))
    with page.expect_navigation():
        page.locator("form.form button[type=submit]").click()

    # Offered straight after the app is set up; made with one button, shown once.
    assert "/ar/accounts/two-factor/recovery-codes/" in page.url
    with page.expect_navigation():
        page.locator("form.form button[type=submit]").click()
    codes = page.locator("ol.recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("ol.recovery-codes").get_attribute("dir") == "ltr"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(screenshot_dir / "recovery-codes-ar-375.png"), full_page=True)

    # Signed out, the app lost: the code page leads to the recovery codes.
    page.context.clear_cookies()
    sign_in_with_password(page, caseworker.username)
    assert "/ar/accounts/two-factor/" in page.url
    with page.expect_navigation():
        page.locator("a[href^='/ar/accounts/two-factor/recovery/']").click()
    page.locator("#id_code").fill(codes[0].lower())
    with page.expect_navigation():
        page.locator("form.form button[type=submit]").click()

    assert page.url.endswith("/ar/")
    assert page.locator(".site-nav-bar, .site-nav-menu").count() > 0
