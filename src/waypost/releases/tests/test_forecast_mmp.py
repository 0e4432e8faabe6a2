"""The forecast on the real MMP series (../shared; skipped on a plain clone, required in CI)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from waypost.incidents.services import incidents_import_mmp

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_on_the_real_series_the_backtest_stands_beside_the_seasonal_naive_on_the_same_origins(
    mmp_data,
):
    incidents_import_mmp(path=mmp_data / "Missing_Migrants_Global_Figures_allData_2025-04.xlsx")
    results = {}
    # 12 origins (a year of rolling forecasts) keep the test to half the fits of the
    # docs' 24; the docs' figures come from the command itself.
    for origins in (12, 6):
        out = io.StringIO()
        call_command(
            "forecast", "incidents", "--route", "Central Mediterranean", "--horizon", "6",
            "--origins", str(origins), "--json", stdout=out,
        )  # fmt: skip
        results[origins] = json.loads(out.getvalue())

    result = results[12]
    # The export runs to 2025-04-29: April is not over, so the series ends in March.
    assert [row["month"] for row in result["forecast"]] == [
        "2025-04", "2025-05", "2025-06", "2025-07", "2025-08", "2025-09"
    ]  # fmt: skip
    backtest = result["backtest"]
    assert backtest["origins"] == 12
    assert backtest["mase"] > 0 and backtest["baseline_mase"] > 0
    assert result["shown"] == (backtest["skill"] >= 0.2)
    # The baseline depends on the origins alone: fewer origins, another baseline.
    assert results[6]["backtest"]["origins"] == 6
    assert results[6]["backtest"]["baseline_mase"] != backtest["baseline_mase"]
    for row in result["forecast"]:
        assert 0 <= row["lower"] <= row["value"] <= row["upper"]
