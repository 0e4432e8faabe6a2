from __future__ import annotations

import csv
import io
import json
from collections import defaultdict

import openpyxl
import pytest
from django.core.management import call_command
from django.db.models import Sum
from rest_framework.test import APIClient

from waypost.incidents.models import Incident, IncidentSource
from waypost.incidents.selectors import sdg_10_7_3, sdg_breakdown
from waypost.incidents.services import incidents_import_mmp

FILES = [
    "Missing_Migrants_Global_Figures_allData_2025-04.xlsx",
    "Missing_Migrants_Global_Figures_allData_2022-05.xlsx",
    "MissingMigrants-Global-2021-09-05T18-37-06.csv",
    "MissingMigrants-Global-2026-05-06--19_42_11.csv",
]
pytestmark = pytest.mark.django_db


# The totals IOM's files give (shared/data/mmp/README.md): dead, missing.
PUBLISHED = {
    FILES[0]: (43977, 30399),
    FILES[1]: (26619, 21804),
    FILES[2]: (24064, 19454),
    FILES[3]: (642, 1258),
}
YEAR = ("Incident Year", "Incident year", "Reported Year", "Year")
DEAD = ("Number of Dead", "Number Dead")
MISSING = ("Minimum Estimated Number of Missing",)


def raw_sums(path):
    """The file's own column sums per year, read with another reader than the importer's."""
    if path.suffix == ".xlsx":
        workbook = openpyxl.load_workbook(path, read_only=True)
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = [str(cell or "").strip() for cell in next(rows)]
        records = [dict(zip(header, row, strict=False)) for row in rows]
        workbook.close()
    else:
        with path.open(encoding="utf-8", newline="") as handle:
            records = list(csv.DictReader(handle))
    header = list(records[0])
    year, dead, missing = (next(n for n in names if n in header) for names in (YEAR, DEAD, MISSING))

    def number(value):
        text = str(value if value is not None else "").replace(",", "").strip()
        return int(float(text)) if text else 0

    per_year = defaultdict(lambda: [0, 0])
    for record in records:
        if not any(record.values()):
            continue
        key = number(record[year]) or None
        per_year[key][0] += number(record[dead])
        per_year[key][1] += number(record[missing])
    return per_year


@pytest.mark.parametrize("name", FILES)
def test_an_import_reconciles_exactly_overall_and_per_year(name, capsys, mmp_data):
    call_command("import_data", "mmp", str(mmp_data / name), "--json")
    report = json.loads(capsys.readouterr().out)
    expected = raw_sums(mmp_data / name)

    assert set(report) == {
        "rows",
        "imported",
        "recognised",
        "updated",
        "unchanged",
        "older",
        "rejected",
        "to_review",
        "withdrawn",
        "restored",
    }
    assert report["rejected"] == 0 and report["imported"] == report["rows"]
    assert Incident.objects.count() == report["rows"]
    overall = sdg_10_7_3()
    assert (overall["dead"], overall["missing"]) == PUBLISHED[name]
    assert overall["dead"] == sum(d for d, _ in expected.values())
    assert overall["missing"] == sum(m for _, m in expected.values())
    assert overall["total"] == overall["dead"] + overall["missing"]
    by_year = {row["key"]: [row["dead"], row["missing"]] for row in sdg_breakdown("year")}
    assert by_year == dict(expected)
    for year, (dead, missing) in expected.items():
        if year is not None:
            assert sdg_10_7_3(year=year) == {
                "dead": dead,
                "missing": missing,
                "total": dead + missing,
            }

    call_command("import_data", "mmp", str(mmp_data / name), "--json")
    again = json.loads(capsys.readouterr().out)
    assert again == {**report, "imported": 0, "unchanged": report["rows"]}
    assert Incident.objects.count() == report["rows"]
    assert sdg_10_7_3() == overall


def test_a_second_import_imports_nothing_and_duplicates_nothing(mmp_data):
    path = mmp_data / "MissingMigrants-Global-2026-05-06--19_42_11.csv"
    first = incidents_import_mmp(path=path)
    second = incidents_import_mmp(path=path)

    assert (first.imported, second.imported, second.updated, second.unchanged) == (238, 0, 0, 238)
    assert Incident.objects.count() == 238
    assert IncidentSource.objects.count() == 238


def test_a_changed_row_is_updated(tmp_path, mmp_data):
    source = mmp_data / "MissingMigrants-Global-2026-05-06--19_42_11.csv"
    incidents_import_mmp(path=source)
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    dead = rows[0].index("Number Dead")
    rows[1][dead] = "7"
    changed = tmp_path / "changed.csv"
    with changed.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)

    report = incidents_import_mmp(path=changed)

    assert (report.imported, report.updated, report.unchanged) == (0, 1, 237)


def test_unreadable_rows_are_rejected_with_their_numbers_and_nothing_else_is_lost(
    tmp_path, capsys, mmp_data
):
    source = mmp_data / "MissingMigrants-Global-2026-05-06--19_42_11.csv"
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    dead = rows[0].index("Number Dead")
    for index in (5, 50, 200):
        rows[index][dead] = "about ten"
    broken = tmp_path / "broken.csv"
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    broken.write_text(out.getvalue(), encoding="utf-8")

    call_command("import_data", "mmp", str(broken))
    text = capsys.readouterr().out

    assert "238 rows: 235 imported" in text and "3 rejected" in text
    for row_number in (6, 51, 201):
        assert f"row {row_number}: Number of Dead: count 'about ten' is not a number" in text
    assert Incident.objects.count() == 235
    lost = {rows[index][rows[0].index("Incident ID")] for index in (5, 50, 200)}
    assert not Incident.objects.filter(mmp_id__in=lost).exists()
    call_command("import_data", "mmp", str(broken), "--json")
    assert json.loads(capsys.readouterr().out) == {
        "rows": 238,
        "imported": 0,
        "recognised": 0,
        "updated": 0,
        "unchanged": 235,
        "older": 0,
        "rejected": 3,
        "to_review": 0,
        "withdrawn": 0,
        "restored": 0,
    }


def test_a_repeated_mmp_id_is_rejected_not_duplicated(tmp_path, mmp_data):
    source = mmp_data / "MissingMigrants-Global-2026-05-06--19_42_11.csv"
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows.append(list(rows[3]))
    copy = tmp_path / "repeated.csv"
    with copy.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)

    report = incidents_import_mmp(path=copy)

    assert (report.rows, report.imported, len(report.rejected)) == (239, 238, 1)
    assert report.rejected[0].row == 240 and "row 4" in report.rejected[0].reason


def test_the_command_and_the_api_give_the_same_figures(capsys, mmp_data):
    incidents_import_mmp(path=mmp_data / "Missing_Migrants_Global_Figures_allData_2022-05.xlsx")

    call_command("stats", "sdg-10-7-3", "--year", "2016", "--region", "Mediterranean", "--json")
    command = json.loads(capsys.readouterr().out)
    api = (
        APIClient()
        .get("/api/v1/stats/sdg-10-7-3/", {"year": 2016, "region": "Mediterranean"})
        .json()
    )

    assert command == api
    assert command["total"] == command["dead"] + command["missing"] > 0


def test_the_incident_api_filters_and_pages(api_client_for, caseworker, mmp_data):
    incidents_import_mmp(path=mmp_data / "MissingMigrants-Global-2026-05-06--19_42_11.csv")
    client = api_client_for(caseworker)

    page = client.get("/api/v1/incidents/", {"region": "Mediterranean", "page_size": 10}).json()

    assert page["count"] == Incident.objects.filter(region="Mediterranean").count()
    assert len(page["results"]) == 10
    assert {row["region"] for row in page["results"]} == {"Mediterranean"}


def test_breakdowns_are_the_same_in_the_command_and_the_api(capsys, mmp_data):
    incidents_import_mmp(path=mmp_data / "MissingMigrants-Global-2026-05-06--19_42_11.csv")
    client = APIClient()

    for by in ("year", "region", "un_region", "route", "cause", "sex", "age"):
        call_command("stats", "sdg-10-7-3", "--by", by, "--json")
        command = json.loads(capsys.readouterr().out)
        api = client.get("/api/v1/stats/sdg-10-7-3/breakdown/", {"by": by}).json()
        assert api == command, by
    children = Incident.objects.aggregate(n=Sum("children"))["n"]
    assert {row["key"]: row["total"] for row in command} == {
        "children": children,
        "unknown": 1900 - children,
    }
    assert client.get("/api/v1/stats/sdg-10-7-3/breakdown/", {"by": "colour"}).status_code == 400


def test_the_incident_api_filters_by_cause_status_and_dates(api_client_for, caseworker, mmp_data):
    incidents_import_mmp(path=mmp_data / "MissingMigrants-Global-2026-05-06--19_42_11.csv")
    client = api_client_for(caseworker)

    drowned = client.get("/api/v1/incidents/", {"cause": "Drowning", "page_size": 500}).json()
    march = client.get(
        "/api/v1/incidents/", {"date_from": "2026-03-01", "date_to": "2026-03-31"}
    ).json()
    verified = client.get("/api/v1/incidents/", {"status": "verified"}).json()

    assert drowned["count"] == 160
    assert all("Drowning" in row["causes"] for row in drowned["results"])
    assert march["count"] == Incident.objects.filter(date__month=3).count() > 0
    assert verified["count"] == 0


def test_the_incident_api_gives_codes_ids_and_sources_as_its_schema_says(
    api_client_for, caseworker, mmp_data
):
    incidents_import_mmp(path=mmp_data / "MissingMigrants-Global-2026-05-06--19_42_11.csv")
    client = api_client_for(caseworker)

    rows = client.get("/api/v1/incidents/", {"page_size": 500}).json()["results"]
    row = next(r for r in rows if r["mmp_id"] == "2026.MMP0001")

    assert (row["main_id"], row["incident_ids"]) == ("2026.MMP0001", ["2026.MMP0001"])
    assert (row["country_iso3"], row["un_region"], row["origin_iso3"]) == ("TUR", "Asia", ["IRQ"])
    assert row["sources"] == [
        {
            "name": "964media, Rudaw",
            "url": "https://perma.cc/C936-8SNV, https://perma.cc/Z83T-X4LD, "
            "https://perma.cc/B58L-XY9B",
            "reliability": "3",
            "reported_on": "2026-01-01",
            "dead": 1,
            "missing": 0,
            "mmp_id": "2026.MMP0001",
        }
    ]
    split = next(r for r in rows if r["mmp_id"] == "2026.MMP00078")
    assert split["main_id"] == "2026.MMP0007"

    schema = APIClient().get("/api/schema/", {"format": "json"}).json()
    output = schema["components"]["schemas"]["IncidentOutput"]["properties"]
    assert set(row) == set(output)
    for name in ("incident_ids", "origin_iso3", "causes"):
        assert output[name]["type"] == "array" and output[name]["items"]["type"] == "string"
    assert output["sources"]["items"] == {"$ref": "#/components/schemas/IncidentSourceOutput"}
    source = schema["components"]["schemas"]["IncidentSourceOutput"]["properties"]
    assert set(source) == set(row["sources"][0])


@pytest.mark.slow
@pytest.mark.parametrize("name", [FILES[2], FILES[0]])  # a Web ID scheme; truncated coordinates
def test_waypost_s_own_mmp_export_reimports_unchanged(name, tmp_path, mmp_data):
    from waypost.formats.mmp import write_mmp_csv
    from waypost.incidents.selectors import incidents_export_rows

    incidents_import_mmp(path=mmp_data / name)
    export = tmp_path / "export.csv"
    with export.open("w", encoding="utf-8", newline="") as out:
        write_mmp_csv(incidents_export_rows(Incident.objects.all()), out)

    report = incidents_import_mmp(path=export)

    assert (report.imported, report.updated, report.rejected) == (0, 0, [])
