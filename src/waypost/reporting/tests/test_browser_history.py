"""Issue 39: a reporter in Arabic, JavaScript off, on a small phone, follows the history of
their report and consents to a referral with a plain form."""

from __future__ import annotations

import pytest

from waypost.reporting import selectors, services
from waypost.reporting.models import Referral
from waypost.reporting.tests.conftest import submission

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reporter_page(chromium, live_server):
    context = chromium.new_context(
        base_url=live_server.url,
        locale="ar",
        java_script_enabled=False,
        viewport={"width": 375, "height": 700},
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def test_an_arabic_reporter_follows_the_history_and_consents_without_javascript(
    reporter_page, nhri, handler, screenshot_dir
):
    report, receipt = services.report_submit(submission=submission(nhri, language="ar"))
    services.report_acknowledge(actor=handler, report=report)
    services.bodies_load(
        entries=[
            {
                "slug": "tun-ombudsperson",
                "name": "Médiateur administratif",
                "kind": "ombudsperson",
                "countries": ["TUN"],
                "requirements": ["account", "date", "place"],
            }
        ]
    )
    referral = services.referral_propose(
        actor=handler,
        report=report,
        body=selectors.bodies_list()[0],
        content=["account", "date", "place"],
    )
    page = reporter_page

    page.goto("/ar/report/follow-up/")
    page.locator("input[name=receipt]").fill(receipt)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/ar/report/follow-up/status/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    steps = page.locator("#report-history li")
    assert steps.count() == 3  # received, acknowledged, referral proposed
    # Dates stay left to right inside the right-to-left page.
    assert page.locator("#report-history li .meta").first.get_attribute("dir") == "ltr"
    # Nothing overflows a 375 px screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(screenshot_dir / "report-history-ar-nojs.png"), full_page=True)

    page.locator("article.referral button[value=yes]").click()
    page.wait_for_url("**/ar/report/follow-up/status/")

    assert Referral.objects.get().consent is True
    services.referral_sent(actor=handler, report=report, referral_id=str(referral.public_id))
    services.referral_response_add(
        actor=handler, report=report, referral_id=str(referral.public_id), kind="acknowledged"
    )
    page.reload()
    assert page.locator("#report-history li").count() == 5
    assert handler.username not in page.content()
