"""MMP CSV, HXL and GeoJSON writers on the real MMP exports: what is written reads back."""

from __future__ import annotations

import io
import json
from dataclasses import asdict

import pytest

from waypost.formats import geojson
from waypost.formats.hxl import read_hxl_csv, write_hxl_csv
from waypost.formats.mmp import read_mmp, write_mmp_csv

KEPT = (
    "mmp_id",
    "main_id",
    "incident_ids",
    "incident_type",
    "region",
    "date",
    "year",
    "month",
    "dead",
    "missing",
    "survivors",
    "females",
    "males",
    "children",
    "origin_countries",
    "origin_region",
    "causes",
    "country",
    "country_iso3",
    "route",
    "place",
    "latitude",
    "longitude",
    "subregion",
    "un_region",
    "source",
    "url",
    "source_quality",
)


@pytest.mark.parametrize(
    "name",
    [
        "Missing_Migrants_Global_Figures_allData_2025-04.xlsx",
        "MissingMigrants-Global-2026-05-06--19_42_11.csv",
    ],
)
def test_an_mmp_csv_export_reads_back_field_for_field(name, tmp_path, mmp_data):
    original = read_mmp(mmp_data / name).incidents
    path = tmp_path / "export.csv"

    with path.open("w", encoding="utf-8", newline="") as out:
        write_mmp_csv((asdict(i) for i in original), out)
    again = read_mmp(path)

    assert again.errors == [] and again.rows == len(original)
    for before, after in zip(original, again.incidents, strict=True):
        assert {k: getattr(after, k) for k in KEPT} == {k: getattr(before, k) for k in KEPT}


def test_the_hxl_export_has_a_hashtag_row_and_the_same_totals(mmp_data):
    incidents = read_mmp(mmp_data / "MissingMigrants-Global-2026-05-06--19_42_11.csv").incidents
    out = io.StringIO()

    write_hxl_csv((asdict(i) for i in incidents), out)
    lines = out.getvalue().splitlines()
    rows = read_hxl_csv(out.getvalue())

    assert lines[0].startswith("Main ID,Incident ID,")
    assert lines[1].startswith("#event+id+main,#event+id,#event+type,#region+name,#date+occurred")
    assert len(rows) == 238
    assert sum(int(row["#affected+killed"] or 0) for row in rows) == 642
    assert sum(int(row["#affected+missing"] or 0) for row in rows) == 1258
    first = rows[0]
    assert (first["#event+id"], first["#geo+lat"], first["#geo+lon"]) == (
        "2026.MMP0001",
        "37.34265178",
        "42.99259985",
    )


def test_the_geojson_export_puts_longitude_first_and_skips_incidents_without_a_point(mmp_data):
    incidents = read_mmp(
        mmp_data / "Missing_Migrants_Global_Figures_allData_2022-05.xlsx"
    ).incidents
    with_point = [i for i in incidents if i.latitude is not None]

    collection = json.loads(geojson.dumps(asdict(i) for i in incidents))

    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == len(with_point) == len(incidents) - 36
    first = next(f for f in collection["features"] if f["id"] == "2014.MMP00001")
    assert first["geometry"] == {"type": "Point", "coordinates": [-110.366453, 31.650259]}
    assert first["properties"]["dead"] == 1 and first["properties"]["missing"] is None
