"""A real user in a real browser: sign in, switch to Arabic, move by keyboard."""

from __future__ import annotations

import pytest

from waypost.conftest import PASSWORD, browser_sign_in, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, username: str) -> None:
    browser_sign_in(page, username)
    assert page.url.endswith("/en/")


def test_a_caseworker_signs_in_and_switches_to_arabic_right_to_left(
    page, caseworker, screenshot_dir
):
    sign_in(page, caseworker.username)
    assert page.get_by_role("heading", level=1).inner_text().startswith("Welcome")

    page.get_by_label("Language").select_option("ar")
    page.locator("form.language-switcher button").click()
    page.wait_for_url("**/ar/")

    html = page.locator("html")
    assert html.get_attribute("lang") == "ar"
    assert html.get_attribute("dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    # Right to left: the brand sits at the right edge, the tools at the left.
    brand = page.locator(".brand").bounding_box()
    tools = page.locator(".header-tools").bounding_box()
    assert brand is not None and tools is not None
    assert brand["x"] > tools["x"]

    path = screenshot_dir / "home-ar.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 5_000


def test_the_page_can_be_used_with_the_keyboard_alone(page, admin):
    # Signing in: the username field has the focus, Tab moves on, Enter submits.
    page.goto("/en/accounts/login/")
    assert page.evaluate("document.activeElement.name") == "username"
    page.keyboard.type(admin.username)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "password"
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # First sign-in: enrol the second factor; the code field has the focus.
    assert "/en/accounts/two-factor/" in page.url
    assert page.evaluate("document.activeElement.name") == "code"
    page.keyboard.type(totp_code(page.locator("code.secret").inner_text()))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # Then the offer of recovery codes, which the person may skip.
    assert "/en/accounts/two-factor/recovery-codes/" in page.url
    page.locator("#skip-recovery-codes").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/en/")

    # The first Tab reaches the skip link, which moves the focus to the main content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    # The next Tab reaches the first card, and Enter follows it.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Members"
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/accounts/members/")
    assert page.get_by_role("table").is_visible()


def test_every_form_field_has_a_label(page, admin):
    sign_in(page, admin.username)
    page.goto("/en/accounts/members/invite/")

    unlabeled = page.evaluate(
        """() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
              .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
              .map(el => el.name)"""
    )
    assert unlabeled == []


def test_a_printed_demo_login_signs_in_in_a_real_browser(page):
    from waypost.demo import load_demo

    login = next(
        login
        for login in load_demo(progress=lambda message: None)
        if login.username == "caseworker"
    )

    browser_sign_in(page, login.username, login.password)

    assert page.url.endswith("/en/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Welcome")
