"""Password fields in a real browser: a person can check what they typed."""

from __future__ import annotations

import pytest

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
