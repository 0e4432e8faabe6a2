"""The interactive incident map in a real browser: groups, zoom, a click to the incident,
filters, Arabic, and nothing fetched from elsewhere."""

from __future__ import annotations

import random
import re
from importlib.resources import as_file, files

import pytest

from waypost.accounts.roles import Role
from waypost.conftest import browser_sign_in
from waypost.incidents.models import Incident
from waypost.incidents.services import incidents_import_mmp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAP = "#incident-map"


@pytest.fixture
def analyst(make_user, organisation):
    return make_user(organisation, Role.ANALYST)


# Every group and single incident the map shows, with its kind and count.
MARKERS = """() => [...document.querySelectorAll('#incident-map [data-kind]')].map(el => ({
    kind: el.dataset.kind,
    count: el.dataset.kind === 'cluster' ? Number(el.textContent.replace(/\\D/g, '')) : 1,
    href: el.getAttribute('href'),
    tag: el.tagName,
    box: el.getBoundingClientRect().toJSON(),
}))"""
# Resolves once the map has stopped moving and drawn everything (the markers follow 'idle').
IDLE = """() => new Promise(resolve => {
    const map = document.querySelector('#incident-map').maplibre;
    if (!map.isMoving() && map.loaded()) resolve(); else map.once('idle', resolve);
})"""


@pytest.fixture
def imported() -> int:
    """The MMP export shipped in the package: 238 incidents of 2026, all with a place."""
    with as_file(
        files("waypost.incidents").joinpath("data/MissingMigrants-Global-2026.csv")
    ) as path:
        incidents_import_mmp(path=path)
    return Incident.objects.filter(latitude__isnull=False).count()


def open_map(page, language: str = "en") -> list[dict]:
    page.goto(f"/{language}/incidents/statistics/")
    page.wait_for_selector(f"{MAP}[data-points]")
    page.wait_for_function(
        "() => document.querySelectorAll('#incident-map [data-kind]').length > 0"
    )
    page.locator(f"{MAP} .map-canvas").scroll_into_view_if_needed()
    page.evaluate(IDLE)
    return page.evaluate(MARKERS)


def on_screen(page, markers: list[dict]) -> list[dict]:
    canvas = page.locator(f"{MAP} .map-canvas").bounding_box()
    assert canvas is not None

    def inside(box: dict) -> bool:
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        return (
            canvas["x"] <= x <= canvas["x"] + canvas["width"]
            and canvas["y"] <= y <= canvas["y"] + canvas["height"]
        )

    return [marker for marker in markers if inside(marker["box"])]


def zoom_into_the_largest_group(page, markers: list[dict]) -> tuple[int, list[dict]]:
    clusters = [m for m in on_screen(page, markers) if m["kind"] == "cluster"]
    largest = max(clusters, key=lambda marker: marker["count"])
    zoom = page.evaluate(f"document.querySelector('{MAP}').maplibre.getZoom()")
    page.mouse.click(
        largest["box"]["x"] + largest["box"]["width"] / 2,
        largest["box"]["y"] + largest["box"]["height"] / 2,
    )
    page.wait_for_function(f"() => document.querySelector('{MAP}').maplibre.getZoom() > {zoom}")
    page.evaluate(IDLE)
    return largest["count"], page.evaluate(MARKERS)


def test_the_map_groups_incidents_and_splits_a_group_when_zoomed_in(page, caseworker, imported):
    browser_sign_in(page, caseworker.username)
    markers = open_map(page)

    assert page.locator(MAP).get_attribute("data-points") == str(imported)
    clusters = [marker for marker in markers if marker["kind"] == "cluster"]
    # At the world's scale the incidents are grouped: fewer marks than incidents, and the
    # groups' numbers add up to every incident.
    assert clusters and len(markers) < imported / 4
    assert sum(marker["count"] for marker in markers) == imported
    # The static map gave way to the live one.
    assert page.locator(".incident-map-static").is_hidden()

    count, after = zoom_into_the_largest_group(page, markers)

    shown = on_screen(page, after)
    assert len(shown) >= 2, "the group split into several marks"
    assert max(marker["count"] for marker in shown) < count


def test_a_click_on_an_incident_opens_its_page(page, caseworker, imported):
    browser_sign_in(page, caseworker.username)
    markers = open_map(page)
    for _ in range(10):
        points = [m for m in on_screen(page, markers) if m["kind"] == "point"]
        if points and page.evaluate(f"document.querySelector('{MAP}').maplibre.getZoom()") > 4:
            break
        _, markers = zoom_into_the_largest_group(page, markers)
    bounds = page.evaluate(f"document.querySelector('{MAP}').maplibre.getBounds().toArray()")
    point = points[0]

    page.mouse.click(
        point["box"]["x"] + point["box"]["width"] / 2,
        point["box"]["y"] + point["box"]["height"] / 2,
    )

    page.wait_for_url(re.compile(r"/en/incidents/\d+/$"))
    incident = Incident.objects.get(pk=int(page.url.rstrip("/").rsplit("/", 1)[1]))
    assert f"/en/incidents/{incident.pk}/" == point["href"]
    (west, south), (east, north) = bounds
    assert west <= incident.longitude <= east and south <= incident.latitude <= north


def test_the_filters_redraw_the_map(page, caseworker, imported):
    browser_sign_in(page, caseworker.username)
    open_map(page)
    expected = Incident.objects.filter(
        route="Central Mediterranean", causes__icontains='"Drowning"', latitude__isnull=False
    )
    assert 0 < expected.count() < imported

    page.get_by_label("Migration route").nth(1).select_option("Central Mediterranean")
    page.wait_for_function(f"() => document.querySelector('{MAP}').dataset.points != '{imported}'")
    page.locator("#m-cause").select_option("Drowning")
    page.wait_for_function(
        f"() => document.querySelector('{MAP}').dataset.points == '{expected.count()}'"
    )
    page.evaluate(IDLE)

    markers = page.evaluate(MARKERS)
    assert sum(marker["count"] for marker in markers) == expected.count()
    people = sum((i.dead or 0) + (i.missing or 0) for i in expected)
    assert page.locator(".map-status").inner_text() == (
        f"Incidents on the map: {expected.count()}. Dead or missing: {people:,}."
    )


def test_the_map_in_arabic_reads_right_to_left_with_western_digits(page, caseworker, imported):
    browser_sign_in(page, caseworker.username, language="ar")
    markers = open_map(page, "ar")

    # Zoom buttons on the left, the reading start of a right-to-left page; labels in Arabic.
    zoom_in = page.locator(".maplibregl-ctrl-top-left .maplibregl-ctrl-zoom-in")
    assert zoom_in.count() == 1
    assert not re.search("[A-Za-z]", zoom_in.get_attribute("aria-label") or "x")
    group = page.locator(f"{MAP} .map-cluster").first
    assert re.search("[\u0600-\u06ff]", group.get_attribute("aria-label") or "")
    assert all(str(m["count"]).isascii() for m in markers)
    assert sum(marker["count"] for marker in markers) == imported


def test_the_groups_are_reached_and_opened_with_the_keyboard(page, imported):
    open_map(page)
    zoom = page.evaluate(f"document.querySelector('{MAP}').maplibre.getZoom()")

    page.locator("#m-cause").focus()
    page.keyboard.press("Tab")  # the map itself (arrows move it, + and - zoom)
    assert page.evaluate("document.activeElement.className") == "maplibregl-canvas"
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.kind") == "cluster":
            break
    label = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert label.startswith("Group of incidents: ") and label.endswith(" Zoom in.")
    page.keyboard.press("Enter")

    page.wait_for_function(f"() => document.querySelector('{MAP}').maplibre.getZoom() > {zoom}")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_map_and_its_filters_fit_a_375_px_phone(page, imported, language):
    page.set_viewport_size({"width": 375, "height": 740})
    open_map(page, language)

    # Marks outside the visible map are clipped by it; everything else must fit the screen.
    wider = page.evaluate(
        """() => [...document.querySelectorAll('#incident-map, #incident-map *')]
            .filter(el => !el.parentElement.closest('.maplibregl-map'))
            .filter(el => { const box = el.getBoundingClientRect();
                            return box.left < 0 || box.right > innerWidth; })
            .map(el => el.tagName + '.' + el.className)"""
    )
    assert wider == []


def test_the_map_fetches_nothing_from_elsewhere_and_keeps_to_the_content_policy(
    page, live_server, caseworker, imported
):
    browser_sign_in(page, caseworker.username)
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.add_init_script(
        "window.violations = [];"
        "document.addEventListener('securitypolicyviolation',"
        " e => window.violations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )

    open_map(page)

    assert page.evaluate("window.violations") == []
    assert errors == []
    assert requests and all(url.startswith(live_server.url) for url in requests)
    # MapLibre's worker runs from the same origin, as a module: no blob: URL.
    assert any(url.split("?")[0].endswith("/maplibre-gl-worker.mjs") for url in requests)
    assert any(url.endswith("/incidents/basemap/land-50m.geojson") for url in requests)


def test_the_map_groups_as_many_incidents_as_mmp_holds(page, analyst):
    # About as many as IOM's whole register (19,493 counted incidents), spread over the
    # routes' latitudes: the page still shows a few dozen marks.
    rng = random.Random(41)
    Incident.objects.bulk_create(
        Incident(
            mmp_id=f"S{n}", latitude=rng.uniform(-35, 45), longitude=rng.uniform(-110, 120), dead=1
        )
        for n in range(19_500)
    )
    browser_sign_in(page, analyst.username)

    markers = open_map(page)

    assert page.locator(MAP).get_attribute("data-points") == "19500"
    assert sum(marker["count"] for marker in markers) == 19_500
    assert len(markers) < 200


def test_a_visitor_sees_the_map_without_links_to_incident_pages(page, imported):
    markers = open_map(page)

    assert sum(marker["count"] for marker in markers) == imported
    points = [marker for marker in markers if marker["kind"] == "point"]
    assert points and all(point["tag"] == "SPAN" and point["href"] is None for point in points)
