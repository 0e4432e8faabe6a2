"""Numbers a program reads are never localised; identifiers and coordinates read left to right.

A French, Spanish or Arabic page writes ``66.1`` into an SVG attribute, never ``66,1`` (which
draws nothing); figures a person reads stay in the page's language. Identifiers, codes and
coordinates are isolated left to right (``|ltr``, ``|coordinates``), so that an Arabic page
cannot show ``2026.MMP0221`` as ``MMP0221.2026``.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from html.parser import HTMLParser
from importlib.resources import as_file, files

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import translation

from waypost.accounts.roles import Role
from waypost.conftest import PASSWORD
from waypost.core.charts import bar_chart, round_step
from waypost.core.numbers import coordinates_text, geo_uri, markup_number
from waypost.incidents.models import Incident
from waypost.incidents.services import incidents_import_mmp

LANGUAGES = ("en", "fr", "es", "ar")

# Attributes whose whole value is one number (an SVG length may end in % or px).
SINGLE_NUMBER = {
    "x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "rx", "ry", "dx", "dy",
    "width", "height", "stroke-width", "font-size", "opacity", "fill-opacity", "offset",
    "min", "max", "step", "low", "high", "optimum",
}  # fmt: skip
# Attributes made of numbers separated by spaces (SVG would also take commas, which is
# why a decimal comma there is not an error the browser reports but a wrong shape).
NUMBER_LISTS = {"viewbox", "points"}
PLAIN = re.compile(r"-?(\d+(\.\d+)?|\.\d+)(e-?\d+)?(%|px)?")
DECIMAL_COMMA = re.compile(r"\d,\d")


class MarkupNumbers(HTMLParser):
    """Every number a program reads in a page: SVG geometry, form bounds, data-*, geo: links."""

    def __init__(self) -> None:
        super().__init__()
        self.bad: list[str] = []
        self.shapes: dict[str, int] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name in SINGLE_NUMBER and tag not in ("input", "img", "iframe", "select"):
                if not PLAIN.fullmatch(value.strip()):
                    self.bad.append(f"<{tag} {name}={value!r}>")
            elif name in NUMBER_LISTS or (name.startswith("data-") and DECIMAL_COMMA.search(value)):
                if not all(PLAIN.fullmatch(part) for part in value.split()):
                    self.bad.append(f"<{tag} {name}={value!r}>")
            elif name == "href" and value.startswith("geo:"):
                if not re.fullmatch(r"geo:-?\d+(\.\d+)?,-?\d+(\.\d+)?", value):
                    self.bad.append(f"<{tag} {name}={value!r}>")
            elif name == "d" and tag == "path" and DECIMAL_COMMA.search(value):
                self.bad.append(f"<{tag} d=...{DECIMAL_COMMA.search(value)}...>")
        if tag in ("circle", "rect", "line") and self._drawn(tag, values):
            self.shapes[tag] = self.shapes.get(tag, 0) + 1

    @staticmethod
    def _drawn(tag: str, values: dict[str, str]) -> bool:
        """Whether the shape has a size a browser can draw (the value read as SVG does)."""
        size = {"circle": ("r",), "rect": ("width", "height"), "line": ("x1",)}[tag]
        try:
            return all(math.isfinite(float(values[name].rstrip("%"))) for name in size) and all(
                float(values[name].rstrip("%")) > 0 for name in size if tag != "line"
            )
        except (KeyError, ValueError):
            return False


def markup_numbers(html: str) -> MarkupNumbers:
    parser = MarkupNumbers()
    parser.feed(html)
    return parser


@pytest.fixture
def demo_incidents(db):
    """The 2026 incidents the demo ships (waypost/incidents/data), on every clone."""
    with as_file(
        files("waypost.incidents").joinpath("data/MissingMigrants-Global-2026.csv")
    ) as path:
        incidents_import_mmp(path=path)


def test_markup_numbers_have_a_full_stop_in_every_language():
    for language in LANGUAGES:
        with translation.override(language):
            assert markup_number(66.0999) == "66.1"
            assert markup_number(181.5) == "181.5"
            assert markup_number(-0.0004) == "0"
            assert markup_number(12) == "12"
            assert markup_number(Decimal("1.547946449"), 5) == "1.54795"
            rendered = Template("{{ value|markup_number }} {{ value }}").render(
                Context({"value": 66.1})
            )
            assert rendered.split()[0] == "66.1"
    with translation.override("fr"):
        # What a person reads stays French: the filter is the only way around it.
        assert Template("{{ value }}").render(Context({"value": 66.1})) == "66,1"


def test_markup_numbers_refuse_what_no_program_can_read():
    for value in (math.nan, math.inf, "Infinity"):
        with pytest.raises(ValueError):
            markup_number(value)


def test_coordinates_are_one_unambiguous_form_in_every_language():
    for language in LANGUAGES:
        with translation.override(language):
            assert coordinates_text(50.62371666, 1.547946449) == "50.62372°\u00a0N, 1.54795°\u00a0E"
            assert coordinates_text(-33.9, -70.25) == "33.90000°\u00a0S, 70.25000°\u00a0W"
            assert geo_uri(50.62371666, 1.547946449) == "geo:50.62372,1.54795"
            html = Template("{{ lat|coordinates:lon }}").render(
                Context({"lat": 50.62371666, "lon": 1.547946449})
            )
            assert '<bdi dir="ltr">50.62372°\u00a0N, 1.54795°\u00a0E</bdi>' in html
            assert 'href="geo:50.62372,1.54795"' in html


def test_ltr_isolates_identifiers_and_drops_controls_already_stored():
    html = Template("{{ id|ltr }}").render(Context({"id": "2026.\u202eMMP0221"}))
    assert html == '<bdi dir="ltr">2026.MMP0221</bdi>'
    assert (
        Template("{{ id|ltr }}").render(Context({"id": "<b>"})) == '<bdi dir="ltr">&lt;b&gt;</bdi>'
    )


def test_axis_ticks_are_round_and_cover_the_largest_bar():
    assert [round_step(peak) for peak in (0, 3, 9, 238, 1209, 1900)] == [1, 1, 2, 50, 250, 500]
    chart = bar_chart(
        [{"key": "a", "total": 1209}, {"key": "b", "total": 300}, {"key": "c", "total": None}]
    )
    assert [tick.value for tick in chart.ticks] == [0, 250, 500, 750, 1000, 1250]
    assert [tick.position for tick in chart.ticks][-1] == 100
    assert [round(row["width"], 2) for row in chart.rows] == [96.72, 24.0, 0.0]


@pytest.mark.parametrize("language", ["fr", "es", "ar"])
def test_the_statistics_page_writes_no_localised_number_into_markup(
    client, demo_incidents, language
):
    english = markup_numbers(client.get("/en/incidents/statistics/").content.decode())
    page = client.get(f"/{language}/incidents/statistics/").content.decode()

    found = markup_numbers(page)

    assert found.bad == []
    # The same bars, axis and dots as in English, every one with a size to draw.
    assert found.shapes == english.shapes
    # (Regions under the disclosure threshold draw no bar: 8 of the demo's 13 are shown.)
    assert found.shapes["circle"] > 100 and found.shapes["rect"] >= 8
    # While the figures people read are in their language (French groups with a space).
    if language == "fr":
        assert "1\u202f900" in page or "1\u00a0900" in page


@pytest.mark.parametrize("language", ["fr", "es", "ar"])
def test_staff_incident_pages_write_no_localised_number_into_markup(
    client, demo_incidents, make_user, organisation, language
):
    client.force_login(make_user(organisation, Role.REVIEWER))
    incident = Incident.objects.get(mmp_id="2026.MMP0221")
    for path in (
        "incidents/",
        f"incidents/{incident.pk}/",
        "incidents/review/",
        "incidents/duplicates/",
    ):
        response = client.get(f"/{language}/{path}")
        assert response.status_code == 200, path
        assert markup_numbers(response.content.decode()).bad == [], path


def test_an_arabic_incident_page_isolates_its_identifiers_and_coordinates(
    client, demo_incidents, caseworker
):
    client.force_login(caseworker)
    incident = Incident.objects.get(mmp_id="2026.MMP0221")

    page = client.get(f"/ar/incidents/{incident.pk}/").content.decode()

    assert '<h1><bdi dir="ltr">2026.MMP0221</bdi></h1>' in page
    assert 'MMP <bdi dir="ltr">2026.MMP0221</bdi>' in page
    assert '<bdi dir="ltr">50.62372°\u00a0N, 1.54795°\u00a0E</bdi>' in page
    # The country under its Arabic name, its code isolated beside it.
    assert 'فرنسا (<span translate="no"><bdi dir="ltr">FRA</bdi></span>)' in page
    assert "50,62" not in page and "1,547" not in page


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_second_factor_qr_code_writes_no_localised_number(db, caseworker, language):
    client = Client()  # not the test client that passes the second factor: this enrols it
    client.login(username=caseworker.username, password=PASSWORD)

    page = client.get(f"/{language}/accounts/two-factor/").content.decode()

    assert '<div class="qr"' in page and "<svg" in page
    found = markup_numbers(page)
    assert found.bad == []
