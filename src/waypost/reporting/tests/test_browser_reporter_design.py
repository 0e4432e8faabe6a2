"""The reporter's pages on a 375 px phone, in English and Arabic, with and without JavaScript."""

from __future__ import annotations

import re

import pytest

from waypost.reporting.models import Report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}

# For each label or legend, the field it names: a label must sit above its field and
# start where it starts (at the right edge in Arabic).
LABELLED = {
    "label[for=id_what_happened]": "#id_what_happened",
    "label[for=id_where]": "#id_where",
    "label[for=id_when_text]": "#id_when_text",
    "label[for=id_identity_name]": "#id_identity_name",
    "label[for=id_when_year]": "#id_when_year",
}


@pytest.fixture
def phone(chromium, live_server):
    contexts = []

    def open_page(language: str = "en", javascript: bool = False, **options):
        context = chromium.new_context(
            base_url=live_server.url,
            locale=language,
            java_script_enabled=javascript,
            viewport=PHONE,
            **options,
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        refusals: list[str] = []
        page.on(
            "console",
            lambda message: (
                refusals.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )
        page.refusals = refusals
        return page

    yield open_page
    for context in contexts:
        context.close()


def _page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def _box(page, selector: str) -> dict:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box


def _assert_label_above(page, label: str, field: str, rtl: bool) -> None:
    above, below = _box(page, label), _box(page, field)
    assert above["y"] + above["height"] <= below["y"] + 1, (label, above, below)
    if rtl:
        assert abs((above["x"] + above["width"]) - (below["x"] + below["width"])) <= 2, label
    else:
        assert abs(above["x"] - below["x"]) <= 2, label


def _fill_report(page, slug: str) -> None:
    page.locator(f"input[name=recipient][value={slug}]").check()
    page.locator("textarea[name=what_happened]").fill("They took our phones at the port.")
    page.locator("input[name=where]").fill("Sfax")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_reporter_page_fits_a_375_px_phone_with_labels_above_fields(
    phone, nhri, language, screenshot_dir
):
    page = phone(language)
    rtl = language == "ar"

    page.goto(f"/{language}/report/")
    assert _page_width(page) <= PHONE["width"]
    page.screenshot(path=str(screenshot_dir / f"report-country-{language}-375.png"), full_page=True)

    page.goto(f"/{language}/report/?country=TUN")
    assert _page_width(page) <= PHONE["width"]
    for label, field in LABELLED.items():
        _assert_label_above(page, label, field, rtl)
    legend = _box(page, "fieldset:has(input[name=recipient]) legend")
    first_choice = _box(page, "input[name=recipient]")
    assert legend["y"] + legend["height"] <= first_choice["y"]
    page.screenshot(path=str(screenshot_dir / f"report-form-{language}-375.png"), full_page=True)

    # Sent without "when": the error summary comes first and names the problem.
    _fill_report(page, nhri.slug)
    page.locator("form.report-form button[type=submit]").click()
    summary = page.locator(".error-summary")
    # The click only starts the submission: wait for the page that answers it.
    summary.wait_for(state="visible")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.className") == "error-summary"
    assert _box(page, ".error-summary")["y"] < _box(page, "h1")["y"]
    assert _page_width(page) <= PHONE["width"]
    page.screenshot(path=str(screenshot_dir / f"report-errors-{language}-375.png"), full_page=True)

    page.locator("input[name=when_text]").fill("last week" if not rtl else "الأسبوع الماضي")
    page.locator("form.report-form button[type=submit]").click()
    code = page.locator("#receipt-code")
    assert re.fullmatch(r"\d{4} \d{4} \d{4} \d{4}", code.inner_text().strip())
    # Read left to right in Arabic too: the first group first, two even lines on a phone.
    groups = [page.locator(".receipt-group").nth(n).bounding_box() for n in range(4)]
    assert groups[0]["x"] < groups[1]["x"] and groups[2]["x"] < groups[3]["x"]
    assert groups[0]["y"] == groups[1]["y"] < groups[2]["y"] == groups[3]["y"]
    assert _page_width(page) <= PHONE["width"]
    page.screenshot(path=str(screenshot_dir / f"report-receipt-{language}-375.png"), full_page=True)

    page.goto(f"/{language}/report/follow-up/")
    assert _page_width(page) <= PHONE["width"]
    _assert_label_above(page, "label[for=id_receipt]", "#id_receipt", rtl)
    page.screenshot(
        path=str(screenshot_dir / f"report-follow-up-{language}-375.png"), full_page=True
    )


def test_the_reporters_menu_is_a_bar_not_a_bulleted_list(phone):
    page = phone("en")
    page.goto("/en/report/follow-up/")

    items = page.locator(".reporting-nav li")
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.reporting-nav li')).listStyleType")
        == "none"
    )
    first, second = items.nth(0).bounding_box(), items.nth(1).bounding_box()
    assert abs(first["y"] - second["y"]) < 2  # side by side
    current = page.locator(".reporting-nav a[aria-current=page]")
    assert current.inner_text() == "I have a receipt code"


def _send_report(page, nhri) -> str:
    page.goto("/en/report/?country=TUN")
    _fill_report(page, nhri.slug)
    page.locator("input[name=when_year]").fill("2025")
    page.locator("form.report-form button[type=submit]").click()
    return page.locator("#receipt-code").get_attribute("data-receipt")


def test_the_copy_button_copies_the_receipt_code(phone, nhri):
    page = phone("en", javascript=True, permissions=["clipboard-read", "clipboard-write"])

    digits = _send_report(page, nhri)
    page.get_by_role("button", name="Copy the code").click()

    assert page.evaluate("navigator.clipboard.readText()") == digits
    assert Report.objects.count() == 1
    status = page.locator(".receipt-status")
    status.filter(has_text="The code was copied").wait_for()
    assert page.refusals == []


def test_without_javascript_the_code_has_no_dead_button_and_selects_whole(phone, nhri):
    page = phone("en")

    digits = _send_report(page, nhri)

    assert page.locator(".receipt-actions button").count() == 0
    assert (
        page.evaluate("getComputedStyle(document.getElementById('receipt-code')).userSelect")
        in ("all", "auto")
        and page.evaluate(
            "getComputedStyle(document.getElementById('receipt-code')).webkitUserSelect"
        )
        == "all"
    )
    assert re.sub(r"\D", "", page.locator("#receipt-code").inner_text()) == digits


def test_the_printed_receipt_is_the_code_and_what_to_do_with_it(phone, nhri, screenshot_dir):
    page = phone("en", javascript=True)
    _send_report(page, nhri)
    page.get_by_role("button", name="Print the code").wait_for()

    page.emulate_media(media="print")

    for hidden in (".site-header", ".site-footer", ".confirmation-panel", ".receipt-actions"):
        assert not page.locator(hidden).is_visible(), hidden
    assert not page.get_by_role("link", name="Follow up on a report").is_visible()
    assert page.locator("#receipt-code").is_visible()
    assert page.locator(".steps").is_visible()
    assert nhri.name not in page.locator("body").inner_text()
    page.pdf(path=str(screenshot_dir / "report-receipt-printed.pdf"))


def test_the_reporter_pages_break_no_content_security_rule(phone, nhri):
    page = phone("ar", javascript=True, permissions=["clipboard-read", "clipboard-write"])

    page.goto("/ar/report/")
    page.goto("/ar/report/simple/?country=TUN")
    _fill_report(page, nhri.slug)
    page.locator("input[name=when_text]").fill("أمس")
    page.locator("form.report-form button[type=submit]").click()
    page.locator(".receipt-copy").click()
    page.goto("/ar/report/follow-up/")

    assert page.refusals == []
