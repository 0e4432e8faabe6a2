"""The interactive map's incidents (a JSON endpoint) and the page it lives on, without a browser."""

from __future__ import annotations

import json
from importlib.resources import as_file, files

import pytest

from waypost.accounts.roles import Role
from waypost.conftest import PASSWORD
from waypost.incidents.models import Incident
from waypost.incidents.services import incidents_import_mmp

pytestmark = pytest.mark.django_db

POINTS = "/{language}/incidents/statistics/points/"


@pytest.fixture
def imported() -> None:
    """The MMP export shipped in the package (238 incidents of 2026, CC BY 4.0)."""
    with as_file(
        files("waypost.incidents").joinpath("data/MissingMigrants-Global-2026.csv")
    ) as path:
        incidents_import_mmp(path=path)


def on_the_map() -> list[Incident]:
    return list(
        Incident.objects.filter(
            withdrawn_by__isnull=True, latitude__isnull=False, longitude__isnull=False
        ).order_by("pk")
    )


@pytest.mark.parametrize("language", ["en", "fr", "es", "ar"])
def test_the_points_are_json_numbers_in_every_language(client, caseworker, imported, language):
    client.login(username=caseworker.username, password=PASSWORD)

    response = client.get(POINTS.format(language=language))

    # Parsed by a strict JSON reader: a decimal comma would fail or shift every column.
    data = json.loads(response.content)
    assert response["Content-Type"] == "application/json"
    assert data["columns"] == ["longitude", "latitude", "dead_and_missing", "date", "incident"]
    expected = on_the_map()
    assert len(data["points"]) == len(expected) > 200
    for (longitude, latitude, people, day, pk), incident in zip(
        data["points"], expected, strict=True
    ):
        assert pk == incident.pk
        assert isinstance(longitude, float) and longitude == round(incident.longitude, 4)
        assert isinstance(latitude, float) and latitude == round(incident.latitude, 4)
        assert people == (incident.dead or 0) + (incident.missing or 0)
        assert day == (incident.date.isoformat() if incident.date_precision == "day" else day)


def test_only_a_role_that_opens_incident_pages_gets_their_ids(client, make_user, organisation):
    incident = Incident.objects.create(mmp_id="T1", latitude=35.5, longitude=12.6, dead=3)

    visitor = client.get(POINTS.format(language="en")).json()
    assert visitor == {
        "columns": ["longitude", "latitude", "dead_and_missing", "date"],
        "points": [[12.6, 35.5, 3, ""]],
    }
    # An auditor sees the statistics but may not open incident pages.
    client.login(username=make_user(organisation, Role.AUDITOR).username, password=PASSWORD)
    assert "incident" not in client.get(POINTS.format(language="en")).json()["columns"]
    client.login(username=make_user(organisation, Role.ANALYST).username, password=PASSWORD)
    assert client.get(POINTS.format(language="en")).json()["points"] == [
        [12.6, 35.5, 3, "", incident.pk]
    ]


def test_the_points_follow_the_filters_and_the_date_s_precision(client):
    Incident.objects.create(
        mmp_id="A", latitude=1, longitude=2, year=2024, route="Central Mediterranean",
        causes=["Drowning"], dead=1, date="2024-03-05", date_precision="day",
    )  # fmt: skip
    Incident.objects.create(
        mmp_id="B", latitude=3, longitude=4, year=2025, route="Western Mediterranean",
        causes=["Mixed or unknown"], missing=2, date="2025-07-01", date_precision="month",
    )  # fmt: skip
    Incident.objects.create(mmp_id="C", latitude=None, longitude=5, year=2025, dead=9)
    Incident.objects.create(mmp_id="D", latitude=91, longitude=5, year=2025, dead=9)

    def points(**query: str) -> list[list[object]]:
        return client.get(POINTS.format(language="en"), query).json()["points"]

    assert points() == [[2.0, 1.0, 1, "2024-03-05"], [4.0, 3.0, 2, "2025-07"]]
    assert points(year="2025") == [[4.0, 3.0, 2, "2025-07"]]
    assert points(route="Central Mediterranean") == [[2.0, 1.0, 1, "2024-03-05"]]
    assert points(cause="Unknown") == []
    assert points(cause="Mixed or unknown") == [[4.0, 3.0, 2, "2025-07"]]


def test_without_javascript_the_page_keeps_its_svg_map_and_hides_the_live_one(client, imported):
    page = client.get("/en/incidents/statistics/").content.decode()

    assert '<div id="incident-map" class="incident-map-live" hidden' in page
    assert '<svg class="incident-map"' in page and page.count("<circle") > 50
    assert 'type="module" src="/static/incidents/incident-map.mjs"' in page
    assert '<script id="incident-map-strings" type="application/json">' in page


def test_the_map_s_words_are_translated_for_its_script(client):
    page = client.get("/ar/incidents/statistics/").content.decode()

    start = page.index('<script id="incident-map-strings" type="application/json">')
    strings = json.loads(page[page.index(">", start) + 1 : page.index("</script>", start)])
    assert strings["NavigationControl.ZoomIn"] != "Zoom in"
    assert all(value and "Zoom in" not in value for value in strings.values())
