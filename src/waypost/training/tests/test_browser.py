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


def test_an_arabic_trainer_records_a_session_and_an_officer_passes_the_quiz_on_a_phone(
    chromium, live_server, organisation, make_user, screenshot_dir
):
    from waypost.accounts.roles import Role
    from waypost.conftest import browser_sign_in
    from waypost.training.models import Participant
    from waypost.training.quiz_bank import STANDARD_QUESTIONS

    modules = [Module.NON_REFOULEMENT, Module.CHILDREN, Module.RESCUE]
    services.course_create(
        code="borders",
        title={"en": "Human rights at borders", "ar": "حقوق الإنسان على الحدود"},
        modules=modules,
        questions=[q for q in STANDARD_QUESTIONS if q.module in modules],
    )
    services.post_set(organisation=organisation, code="port", name="Port A", staff=10)
    make_user(organisation, Role.ADMIN, username="trainer")
    context = chromium.new_context(
        base_url=live_server.url, locale="ar", viewport={"width": 375, "height": 740}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    browser_sign_in(page, "trainer", language="ar")

    page.goto("/ar/training/sessions/new/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.locator("#id_post").select_option("port")
    page.locator("#id_course").select_option("borders")
    page.locator("#id_starts_on").fill("2026-03-02")
    page.locator("#id_ends_on").fill("2026-03-06")
    page.locator("#id_trainers").fill("OHCHR trainer")
    page.locator("#id_participants").fill("BP-0417, Sergeant, female, ar\nBP-0522, Officer, male")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    with page.expect_navigation():
        page.locator("form.form button[type=submit]").click()
    assert "/ar/training/sessions/" in page.url
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    # The officer who learns in Arabic sits the post-test: the questions are in Arabic.
    page.locator('a[href*="/quiz/BP-0417/post/"]').click()
    page.wait_for_url("**/ar/training/sessions/*/quiz/BP-0417/post/")
    assert "يقول رجل على الحدود إنه سيتعرض للتعذيب" in page.locator("main").inner_text()
    for question in STANDARD_QUESTIONS:
        if question.module in modules:
            page.get_by_label(question.choices[question.answer]["ar"], exact=True).check()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(screenshot_dir / "training-quiz-ar-375.png"), full_page=True)
    with page.expect_navigation():
        page.locator("form.form button[type=submit]").click()

    certificate = Participant.objects.get(code="BP-0417").certificate_code
    assert certificate and certificate in page.locator("main").inner_text()
    assert page.locator(f'a[href$="/training/certificates/{certificate}.pdf"]').count() == 1
    page.screenshot(path=str(screenshot_dir / "training-session-ar-375.png"), full_page=True)
    context.close()
