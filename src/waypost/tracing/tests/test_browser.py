"""A caseworker in Arabic opens a candidate and reads why it was suggested, in Arabic."""

from __future__ import annotations

import pytest

from waypost.conftest import browser_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_arabic_caseworker_compares_a_candidate_side_by_side(
    page, caseworker, latin_report_and_arabic_match, screenshot_dir
):
    report, _found = latin_report_and_arabic_match
    candidate = report.candidates.get()

    browser_sign_in(page, caseworker.username, language="ar")
    page.goto(f"/ar/tracing/candidates/{candidate.pk}/")

    assert page.locator("html").get_attribute("dir") == "rtl"
    why = page.locator("p.lead").inner_text()
    assert "بالخط العربي" in why and "الجنسية نفسها" in why
    assert "usual spelling" not in why
    sides = page.locator(".side-by-side section")
    assert sides.count() == 2
    assert "Mohamed Abdelrahman" in sides.nth(0).inner_text()
    assert "محمد عبد الرحمن" in sides.nth(1).inner_text()
    page.screenshot(path=str(screenshot_dir / "candidate-ar.png"), full_page=True)
