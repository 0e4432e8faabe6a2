"""The release log and the dashboard's hidden counts and forecasts, in Arabic on a 375 px
phone: right to left, nothing wider than the screen."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from waypost.accounts.roles import Role
from waypost.conftest import browser_sign_in
from waypost.incidents.models import Incident
from waypost.releases.models import StatisticalRelease
from waypost.releases.tests.test_releases import seasonal_incidents

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_dashboard_and_the_release_log_fit_a_phone_in_arabic(
    chromium, live_server, make_user, organisation, screenshot_dir
):
    seasonal_incidents("Central Mediterranean", range(2018, 2024))
    Incident.objects.create(region="Europe", year=2023, month=4, dead=2)
    call_command(
        "forecast", "incidents", "--route", "Central Mediterranean", "--horizon", "3",
        "--origins", "2", "--json", stdout=io.StringIO(),
    )  # fmt: skip
    logged = StatisticalRelease.objects.get()
    logged.parameters = {**logged.parameters, "shown": True}
    logged.save()
    call_command("stats", "release", "incidents", "--by", "year", "--json", stdout=io.StringIO())
    analyst = make_user(organisation, Role.ANALYST, username="analyst")
    context = chromium.new_context(
        base_url=live_server.url, locale="ar", viewport={"width": 375, "height": 740}
    )
    page = context.new_page()

    page.goto("/ar/incidents/statistics/?year=2023")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator(".suppressed").count() > 0
    assert page.locator("#forecasts").count() == 1
    assert page.locator(".forecast-chart rect").count() == 3
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(screenshot_dir / "statistics-hidden-forecast-ar-375.png"))

    browser_sign_in(page, analyst.username, language="ar")
    page.goto("/ar/statistics/releases/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("table.stack tbody tr").count() == 2
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(screenshot_dir / "release-log-ar-375.png"), full_page=True)
    context.close()
