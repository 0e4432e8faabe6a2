"""The top navigation on a phone without JavaScript and on a wide screen."""

from __future__ import annotations

import pytest

from waypost.conftest import browser_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def small_page(chromium, live_server):
    context = chromium.new_context(
        base_url=live_server.url,
        locale="en-GB",
        java_script_enabled=False,
        viewport={"width": 375, "height": 740},
    )
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def test_on_a_phone_without_javascript_the_menu_opens_and_leads_to_a_section(
    small_page, caseworker, screenshot_dir
):
    page = small_page
    browser_sign_in(page, caseworker.username)

    assert not page.locator(".site-nav-bar").is_visible()
    menu = page.locator(".site-nav-menu summary")
    assert menu.is_visible()
    incidents = page.locator(".site-nav-menu a[href='/en/incidents/']")
    assert not incidents.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    menu.click()
    assert incidents.is_visible()
    page.screenshot(path=str(screenshot_dir / "navigation-menu-375.png"), full_page=True)
    incidents.click()
    page.wait_for_url("**/en/incidents/")
    assert page.locator(".site-nav-menu a[aria-current=page]").get_attribute("href") == (
        "/en/incidents/"
    )


def test_on_a_wide_screen_the_sections_are_a_bar(page, caseworker):
    page.set_viewport_size({"width": 1280, "height": 800})
    browser_sign_in(page, caseworker.username)

    assert not page.locator(".site-nav-menu").is_visible()
    bar = page.locator(".site-nav-bar a")
    assert bar.count() >= 8
    assert all(bar.nth(n).is_visible() for n in range(bar.count()))
    first, last = bar.nth(0).bounding_box(), bar.nth(bar.count() - 1).bounding_box()
    assert first["y"] == last["y"]  # one row
