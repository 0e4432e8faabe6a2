from __future__ import annotations

import csv
import io
import json
from datetime import date

import hxl
import jsonschema
import numpy as np
import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from waypost.core.tests.test_openapi import as_json_schema
from waypost.incidents.models import Incident
from waypost.releases.models import Channel, StatisticalRelease
from waypost.statistics.tests.test_disclosure import attacker_intervals

pytestmark = pytest.mark.django_db

# Dead and missing per (region, year); ("Europe", 2024) is under k.
TABLE = {
    ("Mediterranean", 2023): 40, ("Mediterranean", 2024): 52, ("Mediterranean", 2025): 30,
    ("Europe", 2023): 21, ("Europe", 2024): 2, ("Europe", 2025): 33,
    ("Americas", 2023): 17, ("Americas", 2024): 12, ("Americas", 2025): 60,
}  # fmt: skip


@pytest.fixture
def incidents() -> None:
    for (region, year), people in TABLE.items():
        # Split over two incidents, dead and missing, so the counts are sums.
        Incident.objects.create(region=region, year=year, month=1, dead=people // 2)
        Incident.objects.create(region=region, year=year, month=2, missing=people - people // 2)
    # Withdrawn incidents and incidents without a region are not counted.
    Incident.objects.create(region="", year=2024, dead=3)


def run(*args: str) -> dict:
    out = io.StringIO()
    call_command("stats", "release", *args, stdout=out)
    return json.loads(out.getvalue())


def test_the_command_publishes_the_table_with_the_small_cell_and_its_partners_hidden(incidents):
    result = run("incidents", "--by", "region,year", "--json")

    assert set(result) == {"cells", "k", "method"}
    assert result["k"] == 5 and result["method"] == "suppression"
    cells = {(c["region"], c["year"]): c for c in result["cells"]}
    assert set(cells) == set(TABLE)
    assert all(set(c) == {"region", "year", "value", "suppressed"} for c in result["cells"])
    assert cells[("Europe", 2024)] == {
        "region": "Europe", "year": 2024, "value": None, "suppressed": True
    }  # fmt: skip
    hidden = {key for key, c in cells.items() if c["suppressed"]}
    assert any(r == "Europe" and y != 2024 for r, y in hidden)
    assert any(y == 2024 and r != "Europe" for r, y in hidden)
    for key, cell in cells.items():
        assert cell["value"] == (None if key in hidden else TABLE[key])
    logged = StatisticalRelease.objects.get()
    assert (logged.dataset, logged.dimensions, logged.channel) == (
        "incidents", "region,year", Channel.COMMAND
    )  # fmt: skip
    assert logged.suppressed == len(hidden) and logged.cells == 9 and logged.epsilon is None


def test_a_larger_k_hides_more_and_no_hidden_value_follows_from_the_totals(incidents):
    from waypost.statistics import release

    result = run("incidents", "--by", "region,year", "--k", "20", "--json")
    hidden = {(c["region"], c["year"]) for c in result["cells"] if c["suppressed"]}
    assert {key for key, value in TABLE.items() if value < 20} <= hidden
    # The same table, rebuilt from the figures, solved as an attacker would.
    for key, (low, high) in attacker_intervals(release(TABLE, k=20)).items():
        assert high - low >= 20, key


def test_a_differentially_private_release_records_its_epsilon(incidents):
    result = run("incidents", "--by", "region", "--dp-epsilon", "0.5", "--json")

    assert result["epsilon"] == pytest.approx(0.5)
    assert result["method"] == "discrete-laplace+suppression"
    assert [c["region"] for c in result["cells"]] == ["Americas", "Europe", "Mediterranean"]
    assert StatisticalRelease.objects.get().epsilon == pytest.approx(0.5)
    assert StatisticalRelease.objects.get().parameters["dp_epsilon"] == 0.5


def test_the_api_gives_the_same_release_as_documented_and_logs_it(incidents):
    client = APIClient()
    response = client.get("/api/v1/stats/releases/?dataset=incidents&by=region,year")

    assert response.status_code == 200
    assert response.json() == run("incidents", "--by", "region,year", "--json")
    schema = json.loads(client.get("/api/schema/?format=json").content)
    documented = schema["paths"]["/api/v1/stats/releases/"]["get"]["responses"]["200"]
    document = {
        **as_json_schema(documented["content"]["application/json"]["schema"]),
        "components": as_json_schema(schema["components"]),
    }
    jsonschema.validate(response.json(), document, cls=jsonschema.Draft202012Validator)
    dp = client.get("/api/v1/stats/releases/?dataset=incidents&by=year&dp_epsilon=1").json()
    jsonschema.validate(dp, document, cls=jsonschema.Draft202012Validator)
    assert dp["epsilon"] == pytest.approx(1.0)
    assert [r.channel for r in StatisticalRelease.objects.order_by("pk")] == [
        Channel.API, Channel.COMMAND, Channel.API
    ]  # fmt: skip


@pytest.mark.parametrize(
    "query",
    [
        "dataset=incidents&by=sex",
        "dataset=incidents&by=region,region",
        "dataset=incidents&by=region,year,route",
        "dataset=people&by=region",
        "dataset=incidents&by=region&k=0",
        "dataset=incidents&by=region&dp_epsilon=-1",
        "dataset=incidents",
    ],
)
def test_bad_requests_are_problem_details(incidents, query):
    response = APIClient().get(f"/api/v1/stats/releases/?{query}")

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["status"] == 400
    assert not StatisticalRelease.objects.exists()


def seasonal_incidents(route: str, years: range) -> None:
    rng = np.random.default_rng(7)
    for year in years:
        for month in range(1, 13):
            people = int(rng.poisson(40 + 30 * np.sin(month / 12 * 2 * np.pi)))
            Incident.objects.create(
                route=route, year=year, month=month, date=date(year, month, 28), dead=people
            )


def test_the_forecast_reports_its_backtest_beside_the_seasonal_naive_one(db):
    seasonal_incidents("Central Mediterranean", range(2018, 2024))
    out = io.StringIO()
    call_command(
        "forecast", "incidents", "--route", "Central Mediterranean", "--horizon", "3",
        "--origins", "4", "--json", stdout=out,
    )  # fmt: skip
    result = json.loads(out.getvalue())

    assert set(result) == {"forecast", "backtest", "shown"}
    # The series ends with November 2023: the 28th is not December's last day.
    assert [row["month"] for row in result["forecast"]] == ["2023-12", "2024-01", "2024-02"]
    for row in result["forecast"]:
        assert set(row) == {"month", "value", "lower", "upper"}
        assert 0 <= row["lower"] <= row["value"] <= row["upper"]
    backtest = result["backtest"]
    assert set(backtest) == {"origins", "mase", "baseline_mase", "skill"}
    assert backtest["origins"] == 4
    assert backtest["skill"] == pytest.approx(
        1 - backtest["mase"] / backtest["baseline_mase"], abs=1e-3
    )
    assert result["shown"] == (backtest["skill"] >= 0.2)
    logged = StatisticalRelease.objects.get()
    assert logged.dataset == "incidents-forecast" and logged.parameters["shown"] == result["shown"]


def test_a_forecast_needs_a_known_route_and_three_years(db):
    seasonal_incidents("Western Balkans", range(2022, 2024))
    for route, message in [("Atlantis", "No incident"), ("Western Balkans", "three years")]:
        with pytest.raises(Exception, match=message):
            call_command("forecast", "incidents", "--route", route, "--json", stdout=io.StringIO())


HXL_SCHEMA = [
    ["#valid_tag", "#valid_required", "#valid_datatype"],
    ["#region+name", "true", ""],
    ["#date+year", "true", "number"],
    ["#affected+killed+missing", "", "number"],
    ["#meta+suppressed", "true", "number"],
]


def export(*args: str) -> list[list[str]]:
    out = io.StringIO()
    call_command("stats", "release", "incidents", *args, stdout=out)
    return list(csv.reader(io.StringIO(out.getvalue())))


def test_the_hxl_export_passes_libhxl_validation_with_suppressed_cells_empty(incidents):
    rows = export("--by", "region,year", "--format", "hxl")

    assert rows[1] == [
        "#region+name", "#date+year", "#affected+killed+missing+num", "#meta+suppressed"
    ]  # fmt: skip
    report = hxl.validate(hxl.data(rows), hxl.data(HXL_SCHEMA))
    assert report["is_valid"], report["issues"]
    europe_2024 = next(row for row in rows[2:] if row[:2] == ["Europe", "2024"])
    assert europe_2024[2:] == ["", "1"]
    assert len(rows) == 2 + len(TABLE)
    # The same validation refuses a year that is not a number.
    rows[2][1] = "last year"
    assert not hxl.validate(hxl.data(rows), hxl.data(HXL_SCHEMA))["is_valid"]


def test_the_sdmx_export_marks_suppressed_observations_confidential(incidents):
    rows = export("--by", "region,year", "--format", "sdmx")

    assert rows[0] == ["DATAFLOW", "REF_AREA", "TIME_PERIOD", "OBS_VALUE", "CONF_STATUS"]
    observations = {(row[1], row[2]): row for row in rows[1:]}
    assert observations[("Europe", "2024")][3:] == ["", "C"]
    assert observations[("Mediterranean", "2023")] == [
        "WAYPOST:INCIDENTS(1.0)", "Mediterranean", "2023", "40", "F"
    ]  # fmt: skip
    assert StatisticalRelease.objects.count() == 1


def test_missing_persons_are_counted_only_where_the_enquirer_consents_to_statistics(caseworker):
    from waypost.tracing import services as tracing
    from waypost.tracing.models import MissingPersonReport

    for number in range(9):
        tracing.record_create(
            actor=caseworker,
            model=MissingPersonReport,
            name=f"Person {number}",
            sex="F" if number < 6 else "M",
            nationality="SDN",
            enquirer_consents=["tracing", "statistics"] if number % 3 else ["tracing"],
        )
    result = run("missing-persons", "--by", "sex", "--k", "1", "--json")

    # Six consent: four women (1, 2, 4, 5) and two men (7, 8).
    assert result["cells"] == [
        {"sex": "F", "value": 4, "suppressed": False},
        {"sex": "M", "value": 2, "suppressed": False},
    ]
    hidden = run("missing-persons", "--by", "sex", "--json")
    assert [c["suppressed"] for c in hidden["cells"]] == [True, True]
