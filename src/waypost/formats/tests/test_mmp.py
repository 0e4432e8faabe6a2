"""The MMP reader on the four real exports: every scheme, every quirk, totals to the person."""

from __future__ import annotations

from datetime import date

import pytest

from waypost.formats.mmp import (
    CAUSES,
    country_in_place,
    country_iso3,
    parse_causes,
    parse_coordinates,
    parse_count,
    parse_date,
    read_mmp,
    un_region,
)

FILES = {
    "Missing_Migrants_Global_Figures_allData_2025-04.xlsx": (19255, 43977, 30399),
    "Missing_Migrants_Global_Figures_allData_2022-05.xlsx": (10606, 26619, 21804),
    "MissingMigrants-Global-2021-09-05T18-37-06.csv": (8810, 24064, 19454),
    "MissingMigrants-Global-2026-05-06--19_42_11.csv": (238, 642, 1258),
}


@pytest.mark.parametrize("name", FILES)
def test_each_export_reads_whole_with_the_published_totals(name, mmp_data):
    rows, dead, missing = FILES[name]

    parsed = read_mmp(mmp_data / name)

    assert parsed.errors == []
    assert parsed.rows == len(parsed.incidents) == rows
    assert sum(i.dead or 0 for i in parsed.incidents) == dead
    assert sum(i.missing or 0 for i in parsed.incidents) == missing
    assert len({i.mmp_id for i in parsed.incidents}) == rows


def test_the_quirks_of_each_scheme():
    assert parse_coordinates("31.650259, -110.366453") == (31.650259, -110.366453, False)
    assert parse_coordinates("POINT (-110.366453 31.650259)") == (31.650259, -110.366453, False)
    assert parse_coordinates("37.2832, 27")[2] is True  # longitude cut to an integer
    assert parse_date("Thu, 01/01/2026 - 12:00") == date(2026, 1, 1)
    assert parse_date("August 31, 2021") == date(2021, 8, 31)
    assert parse_date("2014-01-06") == date(2014, 1, 6)
    assert parse_date("0") is None
    assert parse_count("1,022") == 1022
    assert parse_count("") is None
    assert parse_count(3.0) == 3
    with pytest.raises(ValueError):
        parse_count("twelve")


def test_anomalies_are_kept_and_flagged_not_dropped(mmp_data):
    parsed = read_mmp(mmp_data / "Missing_Migrants_Global_Figures_allData_2025-04.xlsx")
    by_id = {i.mmp_id: i for i in parsed.incidents}

    assert "truncated coordinates" in by_id["2014.MMP00007"].anomalies
    negative = [i for i in parsed.incidents if "negative count" in i.anomalies]
    assert len(negative) == 5
    undated = [i for i in parsed.incidents if "no date" in i.anomalies]
    assert len(undated) == 14


def test_causes_keep_the_mmp_category_that_holds_commas(mmp_data):
    harsh = "Harsh environmental conditions / lack of adequate shelter, food, water"

    assert parse_causes(f"{harsh},Violence") == [harsh, "Violence"]
    assert parse_causes("Unknown (presumed dehydration, hypothermia)") == [
        "Unknown (presumed dehydration, hypothermia)"
    ]
    parsed = read_mmp(mmp_data / "Missing_Migrants_Global_Figures_allData_2025-04.xlsx")
    assert {cause for i in parsed.incidents for cause in i.causes} == set(CAUSES)


def test_split_incidents_are_keyed_by_main_id_in_workbooks_and_by_part_on_the_website(mmp_data):
    workbook = {
        i.mmp_id: i
        for i in read_mmp(
            mmp_data / "Missing_Migrants_Global_Figures_allData_2025-04.xlsx"
        ).incidents
    }
    split = workbook["2014.MMP00062"]
    assert split.incident_type == "Split Incident"
    assert split.incident_ids == [f"2014.MMP00062{n}" for n in (65, 66, 67, 68)]
    # A byte-order mark inside a cell is not part of the id.
    assert "2021.MMP00722" in workbook
    website = {
        i.mmp_id: i
        for i in read_mmp(mmp_data / "MissingMigrants-Global-2026-05-06--19_42_11.csv").incidents
    }
    assert website["2026.MMP00078"].main_id == website["2026.MMP00079"].main_id == "2026.MMP0007"
    old = read_mmp(mmp_data / "MissingMigrants-Global-2021-09-05T18-37-06.csv").incidents
    assert old[0].mmp_id == "web-58641" and old[0].date == date(2021, 8, 31)


def test_countries_get_iso_codes_and_subregions_their_un_region(mmp_data):
    assert country_iso3("Iran (Islamic Republic of)") == "IRN"
    assert country_iso3("United States of America") == "USA"
    assert country_iso3("Libya") == "LBY"
    assert country_iso3("Unknown") == ""
    assert un_region("Northern Africa") == "Africa"
    assert un_region("Central America,Northern America") == "Americas"
    assert un_region("Uncategorized,Western Africa") == "Africa"
    assert un_region("Northern Africa,Southern Europe") == ""
    first = read_mmp(mmp_data / "Missing_Migrants_Global_Figures_allData_2025-04.xlsx").incidents[0]
    assert (first.mmp_id, first.country_iso3, first.un_region) == (
        "2014.MMP00001",
        "USA",
        "Americas",
    )
    assert (first.latitude, first.longitude) == (31.650259, -110.366453)


def test_files_without_a_country_column_get_the_country_the_place_names(mmp_data):
    website = {
        i.mmp_id: i
        for i in read_mmp(mmp_data / "MissingMigrants-Global-2026-05-06--19_42_11.csv").incidents
    }
    # "In the snow 5km away from Ortasu/Roboski village, Şırnak, Türkiye"
    assert website["2026.MMP0001"].country_iso3 == "TUR"
    assert sum(1 for i in website.values() if i.country_iso3) > 200
    assert country_in_place("between Agadez, Niger and Tripoli, Libya") == ""
    assert country_in_place("Off the coast") == ""
    # Checked against the 2025 workbook, which has both the place and the country column.
    workbook = read_mmp(mmp_data / "Missing_Migrants_Global_Figures_allData_2025-04.xlsx").incidents
    named = [(country_in_place(i.place), i.country_iso3) for i in workbook if i.country_iso3]
    named = [(guess, known) for guess, known in named if guess]
    assert len(named) > 17000
    assert sum(guess == known for guess, known in named) / len(named) > 0.98


def test_an_export_keeps_coordinates_as_published_so_the_review_flags_survive(tmp_path, mmp_data):
    from dataclasses import asdict

    from waypost.formats.mmp import write_mmp_csv

    parsed = read_mmp(mmp_data / "Missing_Migrants_Global_Figures_allData_2025-04.xlsx")
    path = tmp_path / "export.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        write_mmp_csv((asdict(i) for i in parsed.incidents), out)

    again = {i.mmp_id: i for i in read_mmp(path).incidents}
    for incident in parsed.incidents:
        assert again[incident.mmp_id].anomalies == incident.anomalies, incident.mmp_id
        assert (again[incident.mmp_id].latitude, again[incident.mmp_id].longitude) == (
            incident.latitude,
            incident.longitude,
        )


def test_a_spreadsheet_that_would_unpack_to_gigabytes_is_refused_before_reading(tmp_path):
    import zipfile

    from waypost.formats.mmp import MmpFormatError

    bomb = tmp_path / "export.xlsx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (50 * 2**20))

    assert bomb.stat().st_size < 2**20  # small to upload
    with pytest.raises(MmpFormatError, match="compressed beyond"):
        read_mmp(bomb)


def test_a_file_named_xlsx_that_is_not_a_spreadsheet_gets_a_clear_error(tmp_path):
    from waypost.formats.mmp import MmpFormatError

    fake = tmp_path / "export.xlsx"
    fake.write_text("Main ID,Number of Dead\n1,2\n", encoding="utf-8")

    with pytest.raises(MmpFormatError, match="not a readable spreadsheet"):
        read_mmp(fake)


def test_an_export_of_the_2021_scheme_reads_back_unchanged(tmp_path, mmp_data):
    """The old website's files have Web IDs only; Waypost's export writes them back as
    web-NNN, which must not become an IOM incident id on the way in."""
    from dataclasses import asdict

    from waypost.formats.mmp import write_mmp_csv

    parsed = read_mmp(mmp_data / "MissingMigrants-Global-2021-09-05T18-37-06.csv")
    path = tmp_path / "export.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        write_mmp_csv((asdict(i) for i in parsed.incidents), out)

    again = {i.mmp_id: i for i in read_mmp(path).incidents}
    assert len(again) == len(parsed.incidents)
    for incident in parsed.incidents[:500]:
        assert (again[incident.mmp_id].mmp_id, again[incident.mmp_id].incident_ids) == (
            incident.mmp_id,
            incident.incident_ids,
        )
