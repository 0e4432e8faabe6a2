"""Detention oversight in a real browser, in Arabic on a 375 px phone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from waypost.conftest import browser_sign_in
from waypost.detention.models import Detention

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}


def _width(page) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


def test_an_arabic_monitor_records_a_detained_child_and_sees_the_alerts(
    chromium, live_server, monitor, facility, screenshot_dir
):
    context = chromium.new_context(base_url=live_server.url, viewport=PHONE, locale="ar")
    context.set_default_timeout(15_000)
    page = context.new_page()
    browser_sign_in(page, monitor.username, language="ar")
    arrested = timezone.localtime(timezone.now() - timedelta(days=4)).strftime("%Y-%m-%dT%H:%M")

    page.goto("/ar/detention/new/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.locator("#id_name").fill("يوناس تسفاي")
    page.locator("#id_age").fill("16")
    page.locator("#id_nationality").select_option("ERI")
    page.locator("#id_facility").select_option(str(facility.pk))
    page.locator("#id_arrested_at").fill(arrested)
    page.locator("#id_arrest_place").fill("ميناء صفاقس")
    with page.expect_navigation():
        page.locator("form.form button[type=submit]").click()

    detention = Detention.objects.get()
    assert detention.is_child and detention.name == "يوناس تسفاي"
    main = page.locator("main").inner_text()
    assert "يوناس تسفاي" in main
    assert "ناقص في السجل" in main  # the Rule 7 items missing, in Arabic
    assert _width(page) <= 375
    page.screenshot(path=str(screenshot_dir / "detention-ar-375.png"), full_page=True)

    page.locator("#id_event-kind").select_option("requested")
    page.locator("#id_event-at").fill(arrested)
    with page.expect_navigation():
        page.locator("form.form button[type=submit]").first.click()
    assert detention.events.filter(kind="requested").exists()

    page.goto("/ar/detention/overdue/")
    assert "يوناس تسفاي" in page.locator("main").inner_text()
    for path in (
        "/ar/detention/",
        "/ar/detention/children/",
        "/ar/detention/facilities/",
        "/ar/detention/visits/",
        "/ar/detention/visits/new/",
        "/ar/detention/statistics/",
        f"/ar/detention/{detention.pk}/edit/",
        f"/ar/detention/{detention.pk}/own-file/",
    ):
        page.goto(path)
        assert page.locator("html").get_attribute("dir") == "rtl", path
        assert _width(page) <= 375, path
    page.goto("/ar/")
    assert "الأطفال المحتجزون" in page.locator("main").inner_text()
    context.close()
