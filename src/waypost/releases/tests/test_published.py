"""The public statistics dashboard, the SDG 10.7.3 API and command publish their numbers
under the disclosure rules; forecasts are served from the log, only where shown; the
release log says what left, for whom."""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, datetime

import jsonschema
import numpy as np
import pytest
from django.core.management import call_command
from rest_framework.test import APIClient
from scipy.optimize import Bounds, LinearConstraint, milp

from waypost.accounts import services as accounts
from waypost.accounts.roles import Role
from waypost.core.tests.test_openapi import as_json_schema
from waypost.incidents.models import Incident
from waypost.incidents.views import _map_points
from waypost.releases.models import Channel, StatisticalRelease
from waypost.releases.tests.test_releases import TABLE, seasonal_incidents

pytestmark = pytest.mark.django_db


@pytest.fixture
def incidents() -> None:
    # TABLE's people, split over a dead and a missing incident per cell.
    for (region, year), people in TABLE.items():
        Incident.objects.create(region=region, year=year, month=1, dead=people // 2)
        Incident.objects.create(region=region, year=year, month=2, missing=people - people // 2)


def breakdown(by: str, **filters: object) -> list[dict]:
    response = APIClient().get("/api/v1/stats/sdg-10-7-3/breakdown/", {"by": by, **filters})
    assert response.status_code == 200
    return response.json()


def headline(**filters: object) -> dict:
    return APIClient().get("/api/v1/stats/sdg-10-7-3/", filters).json()


def attacker_widths(rows: list[dict], margins: dict) -> dict[tuple, float]:
    """How far each hidden dead or missing count can move, for someone holding every
    published figure: the rows' cells and totals, and the headline's dead, missing and
    total (integer programmes, independent of ``waypost.statistics``)."""
    cells = {(row["key"], part): row[part] for row in rows for part in ("dead", "missing")}
    hidden = [key for key, value in cells.items() if value is None]
    index = {key: i for i, key in enumerate(hidden)}
    lines = [([(row["key"], p) for p in ("dead", "missing")], row["total"]) for row in rows]
    lines += [([k for k in cells if k[1] == part], margins[part]) for part in ("dead", "missing")]
    lines.append((list(cells), margins["total"]))
    a, b = [], []
    for members, total in lines:
        if total is None:
            continue
        line = np.zeros(len(hidden))
        known = 0
        for key in members:
            if cells[key] is None:
                line[index[key]] = 1
            else:
                known += cells[key]
        if line.any():
            a.append(line)
            b.append(total - known)
    constraints = [LinearConstraint(np.array(a), b, b)] if a else []
    widths = {}
    for key in hidden:
        objective = np.zeros(len(hidden))
        objective[index[key]] = 1
        bounds = Bounds(0, 10_000)
        integral = np.ones(len(hidden))
        low = milp(objective, constraints=constraints, integrality=integral, bounds=bounds)
        high = milp(-objective, constraints=constraints, integrality=integral, bounds=bounds)
        widths[key] = -high.fun - low.fun
    return widths


def test_the_sdg_breakdown_hides_a_small_cell_and_no_hidden_count_follows_from_the_totals(
    incidents,
):
    rows = breakdown("region", year=2024)
    margins = headline(year=2024)

    europe = next(row for row in rows if row["key"] == "Europe")
    # Europe had 2 dead or missing in 2024 (1 and 1): every count of its row is hidden.
    assert europe == {
        "key": "Europe", "dead": None, "missing": None, "total": None, "incidents": None,
        "suppressed": True,
    }  # fmt: skip
    # Its cells have partners elsewhere: another row hides at least one count.
    assert any(row["suppressed"] for row in rows if row["key"] != "Europe")
    assert margins == {"dead": 33, "missing": 33, "total": 66, "suppressed": False}
    # Hidden rows come last: their place in the order says nothing about their totals.
    order = [row["total"] is None for row in rows]
    assert order == sorted(order)
    widths = attacker_widths(rows, margins)
    assert ("Europe", "dead") in widths
    assert all(width >= 5 for width in widths.values()), widths


def test_a_headline_under_k_is_hidden_alike_in_the_api_the_command_and_the_page(incidents, client):
    assert headline(year=2024, region="Europe") == {
        "dead": None, "missing": None, "total": None, "suppressed": True
    }  # fmt: skip
    out = io.StringIO()
    call_command(
        "stats", "sdg-10-7-3", "--year", "2024", "--region", "Europe", "--json", stdout=out
    )
    assert json.loads(out.getvalue()) == headline(year=2024, region="Europe")
    out = io.StringIO()
    call_command("stats", "sdg-10-7-3", "--year", "2024", "--region", "Europe", stdout=out)
    assert out.getvalue().strip() == "dead x, missing x, total x"

    page = client.get("/en/incidents/statistics/", {"year": 2024}).content.decode()
    europe = re.search(r"<tr>(?:(?!</tr>).)*?Europe(?:(?!</tr>).)*</tr>", page, re.S)
    assert europe is not None
    assert europe.group(0).count('class="suppressed"') == 4
    assert not re.search(r">\s*[12]\s*<", europe.group(0))
    assert "fewer than 5 people" in re.sub(r"<[^>]+>", "", page)


def test_the_deployment_chooses_k(incidents, settings):
    settings.STATISTICS_K = 20
    rows = {row["key"]: row for row in breakdown("region", year=2024)}
    # Americas had 12 in 2024: under 20, hidden now.
    assert rows["Americas"]["total"] is None
    settings.STATISTICS_K = 1
    rows = {row["key"]: row for row in breakdown("region", year=2024)}
    assert rows["Europe"]["total"] == 2 and not rows["Europe"]["suppressed"]


def test_a_changed_registry_is_not_served_from_the_cache(incidents):
    assert headline(year=2024, region="Europe")["total"] is None
    Incident.objects.create(region="Europe", year=2024, month=3, dead=40, missing=40)
    assert headline(year=2024, region="Europe") == {
        "dead": 41, "missing": 41, "total": 82, "suppressed": False
    }  # fmt: skip


def test_the_static_map_draws_a_place_under_k_as_if_it_had_k():
    small, at_k, large = _map_points([(0, 0, 1, 0), (10, 0, 5, 0), (20, 0, 100, 0)], k=5)
    assert small[2] == at_k[2] < large[2]


def forecast(route: str, *, horizon: int = 2, origins: int = 2) -> dict:
    out = io.StringIO()
    call_command(
        "forecast", "incidents", "--route", route, "--horizon", str(horizon),
        "--origins", str(origins), "--json", stdout=out,
    )  # fmt: skip
    return json.loads(out.getvalue())


def test_the_forecast_api_serves_the_latest_forecast_only_where_shown(
    make_user, organisation, api_client_for
):
    seasonal_incidents("Central Mediterranean", range(2018, 2024))
    computed = forecast("Central Mediterranean")
    analyst = make_user(organisation, Role.ANALYST)
    client = api_client_for(analyst)

    response = client.get(
        "/api/v1/stats/forecasts/", {"route": "Central Mediterranean", "horizon": 2}
    )
    assert response.status_code == 200
    served = response.json()
    assert served["backtest"] == computed["backtest"]
    assert served["shown"] == computed["shown"]
    assert served["forecast"] == (computed["forecast"] if computed["shown"] else [])
    assert served["series"] == ["2018-01", "2023-11"]
    schema = json.loads(APIClient().get("/api/schema/?format=json").content)
    documented = schema["paths"]["/api/v1/stats/forecasts/"]["get"]["responses"]["200"]
    document = {
        **as_json_schema(documented["content"]["application/json"]["schema"]),
        "components": as_json_schema(schema["components"]),
    }
    jsonschema.validate(served, document, cls=jsonschema.Draft202012Validator)

    # A forecast the model did not earn is served without its months.
    logged = StatisticalRelease.objects.get(dataset="incidents-forecast")
    logged.parameters = {**logged.parameters, "shown": False}
    logged.save()
    hidden = client.get(
        "/api/v1/stats/forecasts/", {"route": "Central Mediterranean", "horizon": 2}
    ).json()
    assert hidden["forecast"] == [] and hidden["shown"] is False
    assert hidden["backtest"] == computed["backtest"]

    missing = client.get("/api/v1/stats/forecasts/", {"route": "Central Mediterranean"})
    assert missing.status_code == 404
    assert missing["Content-Type"].startswith("application/problem+json")


def test_forecasts_need_the_statistics_scope_and_are_not_served_to_enforcement(
    make_user, organisation, enforcement_user, api_client_for
):
    seasonal_incidents("Central Mediterranean", range(2018, 2024))
    forecast("Central Mediterranean")
    query = {"route": "Central Mediterranean", "horizon": 2}
    analyst = make_user(organisation, Role.ANALYST)

    assert APIClient().get("/api/v1/stats/forecasts/", query).status_code in (401, 403)
    for scopes, status in ((["statistics:read"], 200), (["incidents:read"], 403)):
        client = APIClient()
        raw = accounts.token_create(user=analyst, scopes=scopes)
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        assert client.get("/api/v1/stats/forecasts/", query).status_code == status, scopes
    police_analyst = make_user(enforcement_user.organisation, Role.ANALYST)
    refused = api_client_for(police_analyst).get("/api/v1/stats/forecasts/", query)
    assert refused.status_code == 403
    assert "humanitarian preparedness" in refused.json()["detail"]


def test_the_dashboard_shows_a_shown_forecast_with_its_purpose_and_not_one_that_is_not(client):
    seasonal_incidents("Central Mediterranean", range(2018, 2024))
    computed = forecast("Central Mediterranean")
    logged = StatisticalRelease.objects.get(dataset="incidents-forecast")

    for shown in (True, False):
        logged.parameters = {**logged.parameters, "shown": shown}
        logged.save()
        page = client.get("/en/incidents/statistics/").content.decode()
        assert ('id="forecasts"' in page) is shown
        assert (computed["forecast"][0]["month"] in page) is shown
        if shown:
            assert "Never for interdiction or push-backs" in page
            assert 'class="interval"' in page


def test_the_release_log_says_what_left_for_whom_naming_people_only_to_their_organisation(
    client, make_user, organisation, other_organisation, incidents
):
    analyst = make_user(organisation, Role.ANALYST, username="amina.analyst")
    outsider = make_user(other_organisation, Role.ANALYST, username="omar.outsider")
    raw = accounts.token_create(user=analyst, scopes=["statistics:read"])
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    api.get("/api/v1/stats/releases/", {"dataset": "incidents", "by": "region,year"})
    call_command("stats", "release", "incidents", "--by", "region", "--dp-epsilon", "1", "--json",
                 stdout=io.StringIO())  # fmt: skip
    assert [r.channel for r in StatisticalRelease.objects.order_by("pk")] == [
        Channel.API, Channel.COMMAND
    ]  # fmt: skip

    client.force_login(analyst)
    own = client.get("/en/statistics/releases/").content.decode()
    assert "amina.analyst" in own and "by region,year" in own.replace("</bdi>", "").replace(
        '<bdi dir="ltr">', ""
    )
    assert "privacy budget ε =" in own and "small counts suppressed" in own
    client.force_login(outsider)
    other = client.get("/en/statistics/releases/").content.decode()
    assert "amina.analyst" not in other and organisation.name in other
    assert "Public, or the server’s operator" in other

    client.logout()
    assert client.get("/en/statistics/releases/").status_code in (302, 403)


def test_screenings_per_border_post_are_forecast_for_their_organisation_only(
    caseworker, organisation, other_organisation
):

    from waypost.screening import services as screening
    from waypost.screening.selectors import monthly_screenings

    rng = np.random.default_rng(3)
    # Four years of screenings at Lampedusa (more in summer), one a year at Pozzallo: the
    # forecast reads one post. Few, through the service (sealing, audit), to stay fast.
    for year in range(2022, 2026):
        for month in range(1, 13):
            places = ["Lampedusa"] * (1 + int(rng.poisson(2 if month in (7, 8, 9) else 0.3)))
            places += ["Pozzallo"] if month == 1 else []
            for post in places:
                screening.screening_create(
                    actor=caseworker,
                    person={"name": "Amal Yousif", "sex": "F", "age": 30},
                    place=post,
                    screened_at=datetime(year, month, 10, 12, tzinfo=UTC),
                )
    out = io.StringIO()
    call_command(
        "forecast", "screenings", "--organisation", organisation.slug, "--place", "lampedusa",
        "--horizon", "2", "--origins", "2", "--json", stdout=out,
    )  # fmt: skip
    result = json.loads(out.getvalue())

    assert set(result) == {"forecast", "backtest", "shown"}
    assert result["backtest"]["origins"] == 2
    assert result["shown"] == (result["backtest"]["skill"] >= 0.2)
    logged = StatisticalRelease.objects.get(dataset="screenings-forecast")
    assert logged.organisation == organisation and logged.parameters["place"] == "lampedusa"
    assert logged.parameters["series"][0] == "2022-01"
    assert sum(month for *_, month in monthly_screenings(organisation=organisation)) == (
        sum(month for *_, month in monthly_screenings(organisation=organisation, place="lampedusa"))
        + 4
    )
    # The other organisation has no screening there: nothing to forecast from.
    with pytest.raises(Exception, match="No screening"):
        call_command(
            "forecast", "screenings", "--organisation", other_organisation.slug,
            "--place", "Lampedusa", "--json", stdout=io.StringIO(),
        )  # fmt: skip
    # The public dashboard and the forecast API never show an organisation's screenings.
    assert not forecasts_shown_routes()


def forecasts_shown_routes() -> list[str]:
    from waypost.releases.selectors import forecasts_shown

    return [forecast["route"] for forecast in forecasts_shown()]
