"""A certificate's QR code leads a reader in Arabic, on a 375 px phone, to its check."""

from __future__ import annotations

from datetime import date

import pytest

from waypost.training import services
from waypost.training.models import Module

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_verification_page_in_arabic_shows_the_course_and_no_person(
    chromium, live_server, admin, organisation, screenshot_dir
):
    services.course_create(
        code="borders",
        title={"en": "Human rights at borders", "ar": "حقوق الإنسان على الحدود"},
        modules=[Module.NON_REFOULEMENT, Module.RESCUE],
    )
    services.post_set(organisation=organisation, code="port", name="Port A", staff=10)
    session = services.session_create(
        actor=admin,
        post_code="port",
        course_code="borders",
        trainers=["Trainer"],
        starts_on=date(2026, 3, 2),
        ends_on=date(2026, 3, 6),
        participants=[services.ParticipantInput(code="BP-0417", rank="Sergeant", sex="female")],
    )
    services.session_results_record(
        actor=admin,
        session_id=session.pk,
        results=[services.ResultInput(code="BP-0417", attended=True, pre_score=40, post_score=90)],
    )
    code = session.participants.get().certificate_code
    context = chromium.new_context(
        base_url=live_server.url, locale="ar", viewport={"width": 375, "height": 740}
    )
    page = context.new_page()
    page.goto(f"/ar/training/verify/{code}/")

    assert page.locator("html").get_attribute("dir") == "rtl"
    text = page.locator("main").inner_text()
    assert "حقوق الإنسان على الحدود" in text and code in text
    assert "BP-0417" not in text and "Sergeant" not in text
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(screenshot_dir / "training-verify-ar-375.png"), full_page=True)
    context.close()
