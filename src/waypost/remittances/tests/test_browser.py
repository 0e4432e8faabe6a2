"""A migrant at an information point asks, in Arabic on a 375 px phone, what sending 200
dollars from Italy to Nigeria costs."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SAMPLE = Path(__file__).parent / "data" / "rpw-sample.csv"


@pytest.fixture
def phone(chromium, live_server):
    context = chromium.new_context(
        base_url=live_server.url, locale="ar", viewport={"width": 375, "height": 740}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def test_the_migrants_page_in_arabic_lists_the_cheapest_services_of_a_corridor(
    phone, screenshot_dir
):
    call_command("remittances", "import", str(SAMPLE))
    page = phone
    page.goto("/ar/remittances/send/")
    assert page.locator("html").get_attribute("dir") == "rtl"

    page.locator("select[name=source]").select_option("ITA")
    page.locator("select[name=destination]").select_option("NGA")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    heading = page.locator("h2#services").inner_text()
    assert "إيطاليا" in heading and "نيجيريا" in heading
    rows = page.locator("table.services tbody tr")
    firms = [
        rows.nth(i).locator("th").inner_text().split("(")[0].strip() for i in range(rows.count())
    ]
    assert firms == ["Sendwave", "Banca Uno", "Western Union", "Poste Italiane"]
    first = rows.nth(0).inner_text()
    assert "Sending" not in first and "Cash" not in first  # speed and instruments in Arabic
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.locator(".cost-trend svg rect").count() == 2  # two quarters of the corridor
    page.screenshot(path=str(screenshot_dir / "remittances-send-ar-375.png"), full_page=True)

    page.goto("/ar/remittances/")
    assert page.locator(".figures strong").first.inner_text().startswith("4")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(screenshot_dir / "remittances-statistics-ar-375.png"), full_page=True)
