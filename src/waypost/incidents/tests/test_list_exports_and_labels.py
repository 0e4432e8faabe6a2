"""The incident list's export links, the order of exported rows, and the date precision label."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest

from waypost.conftest import PASSWORD
from waypost.incidents.models import Incident

pytestmark = pytest.mark.django_db


def _incident(**values) -> Incident:
    return Incident.objects.create(region="Mediterranean", dead=1, **values)


def _links(html: str) -> list[str]:
    return re.findall(r'href="(\?[^"]*)"', html)


def test_export_links_carry_no_empty_parameter(client, caseworker):
    for day in range(1, 60):
        _incident(date=date(2026, 1, 1).fromordinal(date(2026, 1, 1).toordinal() + day), year=2026)
    client.login(username=caseworker.username, password=PASSWORD)

    html = client.get("/en/incidents/").content.decode()

    links = [link.replace("&amp;", "&") for link in _links(html)]
    assert "?format=csv" in links and "?format=hxl" in links and "?format=geojson" in links
    assert "?page=2" in links
    assert not any(link.startswith("?&") or "&&" in link for link in links)


def test_export_links_keep_the_filters(client, caseworker):
    client.login(username=caseworker.username, password=PASSWORD)

    html = client.get("/en/incidents/?year=2026&region=Mediterranean&page=1").content.decode()

    links = [link.replace("&amp;", "&") for link in _links(html)]
    assert "?year=2026&region=Mediterranean&format=csv" in links


def test_undated_incidents_come_last_in_the_csv(client, caseworker):
    _incident(mmp_id="undated")
    _incident(mmp_id="year-only", year=2025)
    _incident(mmp_id="late", date=date(2026, 3, 1), year=2026)
    _incident(mmp_id="early", date=date(2025, 2, 1), year=2025)
    client.login(username=caseworker.username, password=PASSWORD)

    response = client.get("/en/incidents/?format=csv")

    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["Main ID"] for row in rows] == ["early", "year-only", "late", "undated"]


def test_the_arabic_date_precision_says_to_the_day_not_today(client, caseworker):
    incident = _incident(date=date(2026, 3, 2), year=2026, date_precision="day")
    client.login(username=caseworker.username, password=PASSWORD)

    html = client.get(f"/ar/incidents/{incident.pk}/").content.decode()
    # the text as read: the date is isolated in its own element (|ltr)
    text = re.sub(r"<[^>]+>", "", html)

    assert "2026-03-02 (اليوم)" not in text  # "today"
    assert "2026-03-02 (بدقة اليوم)" in text
