"""A bad MMP file gets a clear error in the command and on the web, never a traceback;
exported incidents never carry a formula to the spreadsheet that opens them."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from waypost.accounts.roles import Role
from waypost.conftest import PASSWORD
from waypost.formats.mmp import MAX_FIELD_CHARACTERS
from waypost.incidents.models import Incident
from waypost.incidents.services import incident_save
from waypost.jobs.models import Job, JobStatus

pytestmark = pytest.mark.django_db

HEADER = (
    "Main ID,Incident ID,Region of Incident,Incident Date,Number of Dead,"
    "Minimum Estimated Number of Missing,Location of Incident\n"
)
ROW = '2026.MMP0001,2026.MMP0001,Mediterranean,2026-01-02,2,1,"{place}"\n'


def bad_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """Files that cannot be imported, each with words its error must contain."""
    long_field = tmp_path / "long.csv"
    long_field.write_text(HEADER + ROW.format(place="x" * (MAX_FIELD_CHARACTERS + 1)))
    not_a_zip = tmp_path / "export.xlsx"
    not_a_zip.write_bytes(b"PK\x03\x04 but nothing after")
    no_workbook = tmp_path / "empty-archive.xlsx"
    with zipfile.ZipFile(no_workbook, "w") as archive:
        archive.writestr("notes.txt", "hello")
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\x00\x01\x02binary\x00" * 50)
    return {
        "long field": (long_field, "Row 2 has a field longer than"),
        "not a zip": (not_a_zip, "not a readable spreadsheet"),
        "no workbook": (no_workbook, "not a readable spreadsheet"),
        "binary": (binary, "Not a Missing Migrants Project export"),
    }


@pytest.mark.parametrize("case", ["long field", "not a zip", "no workbook", "binary"])
def test_the_command_names_what_is_wrong_with_a_bad_file(tmp_path, case):
    path, words = bad_files(tmp_path)[case]

    with pytest.raises(CommandError, match=words):
        call_command("import_data", "mmp", str(path))

    assert not Incident.objects.exists()


def test_the_waypost_command_exits_non_zero_without_a_traceback(tmp_path):
    path, words = bad_files(tmp_path)["long field"]
    environment = {**os.environ, "WAYPOST_DATA_DIR": str(tmp_path / "data")}
    environment.pop("WAYPOST_DATABASE_URL", None)
    (tmp_path / "data").mkdir()

    done = subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-m", "waypost.cli", "import", "mmp", str(path)],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )

    assert done.returncode != 0
    assert "Traceback" not in done.stderr and words in done.stderr


def test_a_windows_1252_export_is_imported_with_a_notice(tmp_path, capsys):
    path = tmp_path / "export.csv"
    path.write_bytes((HEADER + ROW.format(place="Côte d'Ivoire")).encode("cp1252"))

    call_command("import_data", "mmp", str(path))

    out = capsys.readouterr().out
    assert "not UTF-8" in out and "Windows-1252" in out
    assert Incident.objects.get().place == "Côte d'Ivoire"


def test_a_utf_16_export_is_imported(tmp_path, capsys):
    path = tmp_path / "export.csv"
    path.write_bytes((HEADER + ROW.format(place="Málaga")).encode("utf-16"))

    call_command("import_data", "mmp", str(path), "--json")

    assert json.loads(capsys.readouterr().out)["imported"] == 1
    assert Incident.objects.get().place == "Málaga"


def test_a_value_too_long_for_its_column_rejects_the_row_not_the_import(tmp_path):
    from waypost.incidents.services import incidents_import_mmp

    path = tmp_path / "export.csv"
    rows = ROW.format(place="fine") + ROW.format(place="fine").replace(
        "Mediterranean", "R" * 200
    ).replace("MMP0001", "MMP0002")
    path.write_text(HEADER + rows, encoding="utf-8")

    report = incidents_import_mmp(path=path)

    assert report.imported == 1
    assert [(error.row, error.reason) for error in report.rejected] == [
        (3, "Region of Incident: longer than 80 characters")
    ]


@pytest.fixture
def operator_client(client, make_user, organisation):
    operator = make_user(organisation, Role.OPERATOR)
    client.login(username=operator.username, password=PASSWORD)
    return client


def test_a_spreadsheet_that_is_not_one_is_refused_on_the_upload_form(tmp_path, operator_client):
    path, words = bad_files(tmp_path)["not a zip"]

    with path.open("rb") as handle:
        page = operator_client.post("/en/incidents/import/", {"file": handle}).content.decode()

    assert words in page
    assert "MmpFormatError" not in page and "BadZipFile" not in page
    assert not Job.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_file_that_fails_in_the_job_shows_a_clear_message_not_the_exception(
    tmp_path, operator_client
):
    path, words = bad_files(tmp_path)["long field"]

    with path.open("rb") as handle:
        operator_client.post("/en/incidents/import/", {"file": handle})
    call_command("worker", "--batch")

    job = Job.objects.get(kind="incidents.import_mmp")
    assert job.status == JobStatus.FAILED
    assert job.message.startswith("Row 2 has a field longer than")
    page = operator_client.get(f"/en/jobs/{job.pk}/").content.decode()
    assert words in page
    assert "MmpFormatError" not in page and "ApplicationError" not in page


def test_the_export_views_neutralise_formulas_and_keep_negative_counts(client, caseworker):
    incident_save(
        actor=caseworker,
        place='=HYPERLINK("https://attacker.example","details")',
        route="@SUM(1+1)",
        dead=2,
        latitude=-33.85,
        longitude=151.2,
        source={"name": "+cmd|' /C calc'!A0"},
    )
    Incident.objects.update(missing=-1)  # as IOM sometimes publishes
    client.login(username=caseworker.username, password=PASSWORD)

    for fmt in ("csv", "hxl"):
        text = client.get("/en/incidents/", {"format": fmt}).content.decode()
        rows = list(csv.reader(io.StringIO(text)))
        cells = dict(zip(rows[0], rows[-1], strict=True))
        assert cells["Location of Incident"].startswith("'=HYPERLINK"), fmt
        assert cells["Migration Route"] == "'@SUM(1+1)", fmt
        assert cells["Information Source"] == "'+cmd|' /C calc'!A0", fmt
        assert cells["Minimum Estimated Number of Missing"] == "-1", fmt
    feature = client.get("/en/incidents/", {"format": "geojson"}).json()["features"][0]
    assert feature["properties"]["place"].startswith("'=HYPERLINK")
    assert feature["properties"]["missing"] == -1
