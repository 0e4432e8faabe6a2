"""A reporter in Arabic, on a browser with JavaScript turned off, reports and follows up."""

from __future__ import annotations

import re

import pytest

from waypost.reporting import services
from waypost.reporting.models import Report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACCOUNT = "أوقفنا حرس السواحل قرب صفاقس وأخذوا هواتفنا وضربوا أخي"
REPLY = "هل أنت في أمان الآن؟ هل تحتاج إلى طبيب؟"
ANSWER = "نعم، أحتاج إلى طبيب لأخي"


@pytest.fixture
def reporter_page(chromium, live_server):
    """A phone-sized browser with JavaScript disabled, as on a cheap or locked-down phone."""
    context = chromium.new_context(
        base_url=live_server.url,
        locale="ar",
        java_script_enabled=False,
        viewport={"width": 360, "height": 640},
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def test_an_arabic_reporter_without_javascript_reports_and_follows_up(
    reporter_page, nhri, handler, screenshot_dir, tmp_path
):
    page = reporter_page
    # 1. Choose the country: a plain GET form.
    page.goto("/ar/report/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.locator("select[name=country]").select_option("TUN")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/ar/report/\?country=TUN"))

    # 2. The report itself, with a photo.
    from waypost.reporting.tests.conftest import jpeg_with_exif

    photo = tmp_path / "photo.jpg"
    photo.write_bytes(jpeg_with_exif())
    page.locator(f"input[name=recipient][value={nhri.slug}]").check()
    page.locator("textarea[name=what_happened]").fill(ACCOUNT)
    page.locator("input[name=where]").fill("ميناء صفاقس")
    page.locator("input[name=when_month]").fill("٣")
    page.locator("input[name=when_year]").fill("٢٠٢٥")
    page.locator("input[name=harmed][value=family]").check()
    page.locator("input[name=perpetrator][value=authority]").check()
    page.locator("input[name=attachments]").set_input_files(str(photo))
    page.screenshot(path=str(screenshot_dir / "report-form-ar-nojs.png"), full_page=True)
    page.locator("form.report-form button[type=submit]").click()

    receipt = page.locator("#receipt-code").inner_text().replace(" ", "")
    assert re.fullmatch(r"\d{16}", receipt)
    page.screenshot(path=str(screenshot_dir / "report-receipt-ar-nojs.png"), full_page=True)
    report = Report.objects.get()
    assert report.content["what_happened"] == ACCOUNT
    assert report.content["when"] == "2025-03"
    assert report.content["language"] == "ar"
    assert report.attachments.count() == 1

    # 3. The organisation asks a question.
    services.handler_message_add(actor=handler, report=report, body=REPLY)

    # 4. The reporter comes back with the receipt, reads it and answers.
    page.goto("/ar/report/follow-up/")
    page.locator("input[name=receipt]").fill(receipt)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/ar/report/follow-up/status/")
    assert REPLY in page.locator(".conversation").inner_text()
    page.locator("textarea[name=body]").fill(ANSWER)
    page.locator("form[action$='/reply/'] button").click()
    page.wait_for_url("**/ar/report/follow-up/status/")
    assert ANSWER in page.locator(".conversation").inner_text()
    page.screenshot(path=str(screenshot_dir / "report-status-ar-nojs.png"), full_page=True)

    # 5. Leaving clears the way back on this device.
    page.locator("form.leave button").click()
    page.goto("/ar/report/follow-up/status/")
    page.wait_for_url("**/ar/report/follow-up/")
