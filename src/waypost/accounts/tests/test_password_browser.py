"""Password fields in a real browser: a person can check what they typed."""

from __future__ import annotations

import pytest

from waypost.conftest import browser_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_typed_password_can_be_shown_and_hidden_again(page):
    page.goto("/fr/accounts/login/")
    page.locator("#id_password").fill("olive-tree-by-the-sea")
    toggle = page.get_by_role("button", name="Afficher le mot de passe")

    toggle.click()
    assert page.locator("#id_password").get_attribute("type") == "text"
    assert toggle.get_attribute("aria-pressed") == "true"

    toggle.click()
    assert page.locator("#id_password").get_attribute("type") == "password"
    assert toggle.get_attribute("aria-pressed") == "false"


def test_the_strength_meter_follows_the_new_password_as_it_is_typed(page, caseworker):
    browser_sign_in(page, caseworker.username)
    page.goto("/en/accounts/password/")
    meter = page.locator(".password-meter")
    assert meter.is_hidden()

    page.locator("#id_new_password1").fill("aaaaaaaaaaaaaaaa")
    assert meter.get_attribute("data-level") == "0"
    assert "very weak" in meter.inner_text()

    page.locator("#id_new_password1").fill("mountainlake")
    assert meter.get_attribute("data-level") == "1"

    page.locator("#id_new_password1").fill("correct horse battery staple")
    assert meter.get_attribute("data-level") == "4"
    assert "very strong" in meter.inner_text()
    assert page.locator(".password-meter meter").evaluate("m => m.value") == 4

    page.locator("#id_new_password1").fill("")
    assert meter.is_hidden()
