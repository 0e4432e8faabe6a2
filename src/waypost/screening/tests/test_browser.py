"""Screening and referral in a real browser, in Arabic on a 375 px phone."""

from __future__ import annotations

import pytest

from waypost.conftest import browser_sign_in
from waypost.screening import services
from waypost.screening.models import Referral, ReferralStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}


def _width(page) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


def test_an_arabic_caseworker_screens_and_refers_a_child_and_the_receiver_accepts(
    chromium, live_server, caseworker, child_protection_worker, screenshot_dir
):
    services.service_create(
        actor=child_protection_worker,
        names={"en": "Child protection desk", "ar": "مكتب حماية الطفل"},
        type="child_protection",
        place="Lampedusa",
        status="published",
    )
    context = chromium.new_context(base_url=live_server.url, viewport=PHONE, locale="ar")
    context.set_default_timeout(15_000)
    page = context.new_page()
    browser_sign_in(page, caseworker.username, language="ar")

    page.goto("/ar/screening/new/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.locator("#id_name").fill("يوناس تسفاي")
    page.locator("#id_sex").select_option("M")
    page.locator("#id_age").fill("15")
    page.locator("#id_travelling").select_option("alone")
    page.locator("#id_place").fill("لامبيدوزا")
    page.locator("input[name=concerns][value=trafficking]").check()
    with page.expect_navigation():
        page.locator("form.form button[type=submit]").click()

    assert "SC-UC" in page.locator("main").inner_text()
    assert "عالية" in page.locator("main").inner_text()  # the risk level, in Arabic
    assert _width(page) <= 375
    page.screenshot(path=str(screenshot_dir / "screening-ar-375.png"), full_page=True)

    page.get_by_role("link", name="إحالة", exact=True).click()
    page.locator("#id_service").select_option(index=1)
    page.locator("#id_priority").select_option("emergency")
    page.locator("input[name=shared_fields][value=name]").check()
    page.locator("input[name=shared_fields][value=age]").check()
    page.locator("#id_given_by").fill("الوصي المؤقت")
    with page.expect_navigation():
        page.locator("form.form button[type=submit]").click()
    referral = Referral.objects.get()
    assert referral.priority == "emergency" and referral.shared_fields == ["name", "age"]
    for path in (
        "/ar/screening/referrals/?box=out",
        "/ar/screening/children/",
        "/ar/screening/services/",
        "/ar/screening/statistics/",
    ):
        page.goto(path)
        assert _width(page) <= 375, path
    context.close()

    context = chromium.new_context(base_url=live_server.url, viewport=PHONE, locale="ar")
    context.set_default_timeout(15_000)
    page = context.new_page()
    browser_sign_in(page, child_protection_worker.username, language="ar")
    page.goto(f"/ar/screening/referrals/{referral.pk}/")
    shown = page.locator("main").inner_text()
    assert "يوناس تسفاي" in shown and "LP-VT" not in shown
    assert _width(page) <= 375
    page.screenshot(path=str(screenshot_dir / "referral-received-ar-375.png"), full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="قبول").click()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    context.close()


def test_an_arabic_caseworker_transfers_a_case_and_an_admin_edits_the_concerns_on_a_phone(
    chromium, live_server, caseworker, admin, other_caseworker, screenshot_dir
):
    from waypost.screening.models import Concern, Person, Transfer, TransferStatus

    screening = services.screening_create(
        actor=caseworker,
        person={"name": "أمل يوسف", "sex": "F", "age": 14, "nationality": "SDN"},
        travelling="alone",
        place="لامبيدوزا",
        concerns=["trafficking"],
    )
    context = chromium.new_context(base_url=live_server.url, viewport=PHONE, locale="ar")
    context.set_default_timeout(15_000)
    page = context.new_page()
    browser_sign_in(page, caseworker.username, language="ar")
    page.goto(f"/ar/screening/{screening.pk}/")
    with page.expect_navigation():
        page.locator(f"a[href='/ar/screening/{screening.pk}/transfer/']").click()
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.locator("#id_organisation").fill(other_caseworker.organisation.slug)
    page.locator("#id_given_by").fill("الوصي المؤقت")
    page.locator("#id_note").fill("تنتقل الطفلة إلى مأوى أغريجنتو")
    assert _width(page) <= 375
    with page.expect_navigation():
        page.locator("form.form button[type=submit]").click()
    transfer = Transfer.objects.get()
    assert _width(page) <= 375
    context.close()

    context = chromium.new_context(base_url=live_server.url, viewport=PHONE, locale="ar")
    context.set_default_timeout(15_000)
    page = context.new_page()
    browser_sign_in(page, other_caseworker.username, language="ar")
    page.goto(f"/ar/screening/transfers/{transfer.pk}/")
    shown = page.locator("main").inner_text()
    assert "تنتقل الطفلة إلى مأوى أغريجنتو" in shown and "أمل يوسف" not in shown
    assert _width(page) <= 375
    page.screenshot(path=str(screenshot_dir / "transfer-received-ar-375.png"), full_page=True)
    with page.expect_navigation():
        page.locator(f"form[action='/ar/screening/transfers/{transfer.pk}/accept/'] button").click()
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.ACCEPTED
    assert Person.objects.get(pk=screening.person_id).organisation_id == (
        other_caseworker.organisation_id
    )
    page.goto(f"/ar/screening/{screening.pk}/")
    assert "أمل يوسف" in page.locator("main").inner_text()
    context.close()

    context = chromium.new_context(base_url=live_server.url, viewport=PHONE, locale="ar")
    context.set_default_timeout(15_000)
    page = context.new_page()
    browser_sign_in(page, admin.username, language="ar")
    page.goto("/ar/screening/concerns/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert _width(page) <= 375
    page.screenshot(path=str(screenshot_dir / "concerns-ar-375.png"), full_page=True)
    page.goto("/ar/screening/concerns/older_person_alone/")
    assert _width(page) <= 375
    page.locator("#id_label_ar").fill("مسن يسافر وحده")
    page.locator("input[name=specific_needs][value='ER-UR']").check()
    with page.expect_navigation():
        page.locator("form.form button[type=submit]").click()
    concern = Concern.objects.get(organisation=admin.organisation, code="older_person_alone")
    assert concern.specific_needs == ["ER-NF", "ER-UR"]
    assert concern.labels == {"ar": "مسن يسافر وحده"}
    context.close()
