"""The antemortem form in a real browser, in Arabic: the FDI dental chart keeps the mouth's
layout and its numbers left to right in a right-to-left page, works at 375 px, and saves
what was chosen (issue 32)."""

from __future__ import annotations

import pytest
from django.utils import translation

from waypost.conftest import browser_sign_in
from waypost.core.vocabularies import label
from waypost.tracing import services
from waypost.tracing.models import MissingPersonReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _x(page, tooth: str) -> float:
    box = page.locator(f"#antemortem-form [data-fdi='{tooth}']").bounding_box()
    assert box is not None, tooth
    return box["x"]


@pytest.mark.parametrize("width", [1280, 375])
def test_an_arabic_caseworker_charts_teeth_on_the_antemortem_form(
    page, caseworker, screenshot_dir, width
):
    report = services.record_create(
        actor=caseworker, model=MissingPersonReport, name="أحمد موسى يوسف", sex="M"
    )
    page.set_viewport_size({"width": width, "height": 900})
    browser_sign_in(page, caseworker.username, language="ar")
    page.goto(f"/ar/tracing/missing/{report.pk}/antemortem/")

    assert page.locator("html").get_attribute("dir") == "rtl"
    # The mouth as the examiner faces it, in Arabic too: 18 ... 11 | 21 ... 28 on the upper
    # jaw (one quadrant above the other at 375 px), the person's right on the left.
    assert _x(page, "18") < _x(page, "11")
    assert _x(page, "21") < _x(page, "28")
    assert _x(page, "48") < _x(page, "41")
    if width > 800:
        assert _x(page, "11") < _x(page, "21")
    upper = page.locator("#antemortem-form [data-fdi='11']").bounding_box()
    lower = page.locator("#antemortem-form [data-fdi='41']").bounding_box()
    assert upper and lower and upper["y"] < lower["y"]
    for tooth in ("18", "36"):
        number = page.locator(f"#antemortem-form [data-fdi='{tooth}']")
        assert number.evaluate("e => getComputedStyle(e).direction") == "ltr"
        assert number.inner_text() == tooth  # never localised digits
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    with translation.override("ar"):
        missing = label("tracing.tooth_state", "missing")
        mother = label("tracing.donor_relationship", "mother")
    page.locator("#id_tooth_11").select_option("crown")
    page.locator("#id_tooth_36").select_option(label=missing)
    page.locator("#id_tooth_48").select_option("filled")
    page.locator("#id_height_min").fill("170")
    page.locator("#id_height_max").fill("178")
    page.locator("#id_dna_references-0-relationship").select_option(label=mother)
    page.locator("#id_dna_references-0-kit").fill("KIT-2291")
    page.locator("#id_dna_references-0-consents_0").check()
    page.screenshot(path=str(screenshot_dir / f"antemortem-ar-{width}.png"), full_page=True)
    with page.expect_navigation():
        page.locator("#antemortem-form button[type=submit]").click()

    report.refresh_from_db()
    assert report.antemortem["dental"] == {"11": "crown", "36": "missing", "48": "filled"}
    assert report.antemortem["height_cm"] == [170, 178]
    assert report.antemortem["dna_references"] == [
        {"relationship": "mother", "kit": "KIT-2291", "consents": ["identification"]}
    ]
    # The record page shows the chart saved, states in Arabic.
    assert f"/ar/tracing/missing/{report.pk}/" in page.url
    state = page.locator("#antemortem [data-fdi='36'] + .state")
    assert state.inner_text() == missing
    assert page.evaluate("document.documentElement.scrollWidth") <= width
