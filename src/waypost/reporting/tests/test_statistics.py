from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from waypost.reporting import services
from waypost.reporting.selectors import report_statistics, suppress
from waypost.reporting.tests.conftest import submission

pytestmark = pytest.mark.django_db


def test_small_counts_are_suppressed_and_cannot_be_derived():
    cells = {c.code: c.count for c in suppress({"a": 12, "b": 3, "c": 7, "d": 0}, {})}

    assert cells == {"a": 12, "b": None, "c": None}


def test_several_small_counts_need_no_second_suppression():
    cells = {c.code: c.count for c in suppress({"a": 12, "b": 3, "c": 2}, {})}

    assert cells == {"a": 12, "b": None, "c": None}


def documented(nhri, handler, violation: str, country: str, category: str) -> None:
    report, _ = services.report_submit(submission=submission(nhri))
    services.event_save(actor=handler, report=report, title="t", country=country, start_date="2025")
    services.perpetrator_add(actor=handler, report=report, category=category)
    services.act_add(actor=handler, report=report, violation_type=violation)


def test_statistics_count_codes_and_show_no_identity(nhri, handler):
    for _ in range(6):
        documented(nhri, handler, "extortion", "LBY", "smuggler")
    for _ in range(8):
        documented(nhri, handler, "torture-ill-treatment", "TUN", "authority")
    documented(nhri, handler, "death", "MAR", "authority")

    stats = report_statistics()

    # One small cell (1) is hidden, and so is the next smallest (6), so that the total
    # minus the visible cells does not give the small one away.
    assert {c.code: c.count for c in stats.by_violation} == {
        "torture-ill-treatment": 8,
        "extortion": None,
        "death": None,
    }
    assert {c.code: c.count for c in stats.by_country} == {"TUN": 8, "LBY": None, "MAR": None}
    assert {c.code: c.count for c in stats.by_perpetrator} == {"authority": 9, "smuggler": 6}
    assert stats.total_reports == 15


def test_the_statistics_page_and_api_say_fewer_than_5(client, nhri, handler):
    documented(nhri, handler, "death", "TUN", "authority")

    page = client.get("/en/report/statistics/").content.decode()
    api = APIClient().get("/api/v1/reports/statistics/").json()

    assert "fewer than 5" in page
    assert "Sfax port" not in page
    assert api["by_violation"] == [{"code": "death", "label": "Death", "count": None}]
    assert api["total_reports"] is None


def test_two_small_counts_that_would_pin_each_other_down_hide_a_third():
    # 1 and 1 hidden beside a total: each lies in [0, 2], narrower than 5; the policy
    # hides one more so that neither can be worked out within 5 (waypost.statistics).
    cells = {c.code: c.count for c in suppress({"a": 12, "b": 1, "c": 1, "d": 30}, {})}

    assert cells["b"] is None and cells["c"] is None
    assert cells["a"] is None and cells["d"] == 30
