"""The remittance pages and API: public figures, the migrants' page, alerts, exports."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import call_command

from waypost.accounts.roles import Role
from waypost.protection.models import AuditEntry
from waypost.remittances.models import CorridorWatch

pytestmark = pytest.mark.django_db
SAMPLE = Path(__file__).parent / "data" / "rpw-sample.csv"


@pytest.fixture
def prices(db):
    call_command("remittances", "import", str(SAMPLE), "--json")


def test_the_corridor_api_gives_a_corridors_figures_and_trend(client, prices):
    response = client.get("/api/v1/remittances/corridors/", {"from": "ITA", "to": "NGA"})

    assert response.status_code == 200
    (corridor,) = response.json()
    assert corridor["from"] == "ITA" and corridor["to"] == "NGA"
    assert corridor["period"] == "2025Q2" and corridor["services"] == 4
    assert corridor["average_200"] == pytest.approx(6.175)
    assert corridor["above_5"] is True
    assert corridor["trend"] == [
        {"period": "2025Q1", "average_200": pytest.approx(6.2)},
        {"period": "2025Q2", "average_200": pytest.approx(6.175)},
    ]
    everything = client.get("/api/v1/remittances/corridors/", {"period": "2025Q1"}).json()
    assert {(row["from"], row["to"]) for row in everything} == {("ITA", "NGA"), ("ITA", "MAR")}


def test_the_api_refuses_a_bad_period_or_country_as_problem_details(client, prices):
    for query in ({"period": "2025"}, {"from": "Italy"}):
        response = client.get("/api/v1/remittances/corridors/", query)
        assert response.status_code == 400
        assert response["Content-Type"].startswith("application/problem+json")


def test_the_sdg_breakdown_and_services_endpoints(client, prices):
    sdg = client.get("/api/v1/remittances/sdg-10-c-1/", {"period": "2025Q1"}).json()
    assert sdg == {"period": "2025Q1", "global_average_200": 4.82, "corridors_above_5": 1}
    firm_types = client.get("/api/v1/remittances/breakdown/", {"by": "firm_type"}).json()
    assert firm_types[0] == {
        "key": "Post office",
        "average_200": 9.0,
        "average_500": 6.1,
        "services": 1,
    }
    cheapest = client.get("/api/v1/remittances/services/", {"from": "ita", "to": "nga"}).json()
    assert [s["firm"] for s in cheapest] == [
        "Sendwave",
        "Banca Uno",
        "Western Union",
        "Poste Italiane",
    ]
    assert client.get("/api/v1/remittances/services/", {"from": "ITA"}).status_code == 400


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_statistics_page_writes_numbers_for_programs_unlocalised(client, prices, language):
    page = client.get(f"/{language}/remittances/").content.decode()

    assert "4,81" in page  # SDG 10.c.1 for people: 33.7 / 7, localised
    for attribute in re.findall(r'\s(?:x|y|width|height|x1|x2|y1|y2)="([^"]*)"', page):
        float(attribute)  # a comma would break the SVG


def test_the_hxl_export_tags_each_column(client, prices):
    response = client.get("/en/remittances/", {"period": "2025Q2", "format": "hxl"})
    lines = b"".join(response).decode().splitlines()

    assert lines[1].split(",")[:3] == [
        "#date+quarter",
        "#country+code+origin",
        "#country+code+dest",
    ]
    assert len(lines) == 2 + 3  # ITA-NGA, ITA-MAR, ESP-SEN
    assert any(line.startswith("2025Q2,ITA,NGA,6.175,") for line in lines)


def test_the_migrants_page_in_arabic_lists_the_cheapest_services_and_keeps_no_trace(client, prices):
    entries = AuditEntry.objects.count()
    response = client.get("/ar/remittances/send/", {"source": "ITA", "destination": "NGA"})
    page = response.content.decode()

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    assert "إيطاليا" in page and "نيجيريا" in page
    firms = [
        firm
        for firm in ("Sendwave", "Banca Uno", "Western Union", "Poste Italiane")
        if firm in page
    ]
    assert firms == ["Sendwave", "Banca Uno", "Western Union", "Poste Italiane"]
    assert sorted(firms, key=page.index) == firms  # cheapest first
    assert "6,40" in page or "6٫40" in page  # 3.2% of 200 dollars
    assert AuditEntry.objects.count() == entries
    assert "sessionid" not in response.cookies


def test_the_alerts_page_shows_the_own_organisations_watches_and_lets_an_admin_set_one(
    client, prices, admin, make_user, organisation, other_organisation
):
    CorridorWatch.objects.create(organisation=other_organisation, source_code="ESP")
    client.force_login(admin)

    response = client.post(
        "/en/remittances/alerts/", {"source": "ITA", "destination": "", "rise_points": "0.5"}
    )
    assert response.status_code == 302
    page = client.get("/en/remittances/alerts/").content.decode()
    watched = page[page.index("Corridors watched") : page.index("Watch a corridor")]
    assert "Italy" in watched and "Spain" not in watched
    watch = CorridorWatch.objects.get(organisation=organisation)
    assert (watch.source_code, watch.destination_code, watch.rise_points) == ("ITA", "", 0.5)

    analyst = make_user(organisation, Role.ANALYST, username="analyst")
    client.force_login(analyst)
    client.post("/en/remittances/alerts/", {"remove": watch.pk})
    assert CorridorWatch.objects.filter(pk=watch.pk).exists()  # only admins change watches
    assert 'name="remove"' not in client.get("/en/remittances/alerts/").content.decode()


@pytest.mark.parametrize(
    "path, query",
    [
        ("/api/v1/remittances/corridors/", {"from": "ITA", "to": "NGA"}),
        ("/api/v1/remittances/sdg-10-c-1/", {}),
        ("/api/v1/remittances/breakdown/", {"by": "instrument"}),
        ("/api/v1/remittances/services/", {"from": "ITA", "to": "MAR"}),
    ],
)
def test_real_answers_validate_against_the_schema(client, prices, path, query):
    from waypost.core.tests.test_openapi import validate

    schema = client.get("/api/schema/?format=json").json()
    response = client.get(path, query)

    assert response.status_code == 200 and response.json()
    answer = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
    validate(schema, response.json(), answer["schema"])
    bad = client.get(path, {**query, "period": "soon"})
    assert bad.status_code == 400
    documented = schema["paths"][path]["get"]["responses"]["400"]["content"]
    validate(schema, bad.json(), documented["application/problem+json"]["schema"])


def test_the_migrants_page_is_kept_out_of_the_logs_and_the_statistics_are_not():
    from waypost.core.logging import is_private_path

    assert is_private_path("/ar/remittances/send/?source=ITA&destination=NGA")
    assert is_private_path("/remittances/send/")
    assert not is_private_path("/ar/remittances/")
    assert not is_private_path("/api/v1/remittances/corridors/")
