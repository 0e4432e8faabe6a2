from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from waypost.accounts.roles import Role
from waypost.conftest import PASSWORD
from waypost.incidents.models import Incident
from waypost.incidents.services import incidents_import_mmp
from waypost.jobs.models import Job, JobStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(mmp_data):
    incidents_import_mmp(path=mmp_data / "MissingMigrants-Global-2026-05-06--19_42_11.csv")


def test_the_public_dashboard_shows_the_same_total_with_chart_and_map(client, imported):
    page = client.get("/ar/incidents/statistics/").content.decode()

    assert "1,900" in page or "1900" in page
    assert '<svg class="incident-map"' in page and "<circle" in page
    assert page.count('class="bars" role="img"') == 2 and page.count("<caption>") >= 6


def test_the_dashboard_command_and_api_agree_for_a_filter(client, imported, capsys):
    call_command("stats", "sdg-10-7-3", "--region", "Mediterranean", "--json")
    command = json.loads(capsys.readouterr().out)
    api = client.get("/api/v1/stats/sdg-10-7-3/", {"region": "Mediterranean"}).json()
    page = client.get("/en/incidents/statistics/", {"region": "Mediterranean"})

    assert command == api == page.context["total"]
    assert f"<strong>{command['total']:,}</strong>" in page.content.decode()
    assert sum(row["total"] for row in page.context["by_year"]) == command["total"]


def test_the_detail_page_shows_codes_and_the_mmp_source(client, caseworker, imported):
    incident = Incident.objects.get(mmp_id="2026.MMP0001")
    client.login(username=caseworker.username, password=PASSWORD)

    page = client.get(f"/en/incidents/{incident.pk}/").content.decode()

    assert "Western Asia" in page and "IRQ" in page
    assert 'MMP <bdi dir="ltr">2026.MMP0001</bdi>' in page
    # The country and the region in the reader's language, the code as it is, isolated.
    french = client.get(f"/fr/incidents/{incident.pk}/").content.decode()
    assert 'Turquie (<span translate="no"><bdi dir="ltr">TUR</bdi></span>)' in french
    assert 'Irak (<span translate="no"><bdi dir="ltr">IRQ</bdi></span>)' in french
    assert "Asie occidentale" in french and "Route terrestre entre la Turquie" in french


def test_staff_list_and_export_incidents(client, caseworker, imported):
    client.login(username=caseworker.username, password=PASSWORD)

    page = client.get("/en/incidents/").content.decode()
    assert "238 incidents." in page and "2026.MMP0225" in page
    hxl = client.get("/en/incidents/", {"format": "hxl"}).content.decode().splitlines()
    assert hxl[1].startswith("#event+id+main,#event+id,")
    assert len(hxl) == 2 + 238
    geojson = client.get("/en/incidents/", {"format": "geojson"}).json()
    assert geojson["type"] == "FeatureCollection" and len(geojson["features"]) > 200


@pytest.mark.django_db(transaction=True)
def test_an_operator_imports_a_file_as_a_background_job_with_progress(
    client, make_user, organisation, mmp_data
):
    operator = make_user(organisation, Role.OPERATOR)
    client.login(username=operator.username, password=PASSWORD)
    source = mmp_data / "MissingMigrants-Global-2026-05-06--19_42_11.csv"

    with source.open("rb") as handle:
        response = client.post("/en/incidents/import/", {"file": handle})

    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/en/jobs/{job.pk}/"
    call_command("worker", "--batch")
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.result == {
        "rows": 238,
        "imported": 238,
        "recognised": 0,
        "updated": 0,
        "unchanged": 0,
        "older": 0,
        "rejected": 0,
        "to_review": 0,
        "withdrawn": 0,
        "restored": 0,
    }
    assert (job.done, job.total) == (238, 238)
    assert Incident.objects.count() == 238
    assert not list((Path(settings.MEDIA_ROOT) / "incident-imports").iterdir())
    assert "238" in client.get(f"/en/jobs/{job.pk}/").content.decode()


def test_only_operators_import_and_only_mmp_files(client, caseworker, make_user, organisation):
    client.login(username=caseworker.username, password=PASSWORD)
    assert client.get("/en/incidents/import/").status_code == 403

    operator = make_user(organisation, Role.OPERATOR)
    client.login(username=operator.username, password=PASSWORD)
    upload = SimpleUploadedFile("notes.txt", b"hello")
    page = client.post("/en/incidents/import/", {"file": upload}).content.decode()

    assert "Choose an MMP export in CSV or XLSX." in page
    assert not Job.objects.exists()


@pytest.mark.parametrize("fmt", ["csv", "hxl"])
def test_an_export_keeps_main_id_and_incident_id_apart_and_reimports_both(
    client, caseworker, imported, tmp_path, fmt
):
    # In the website export a split incident's parts share a Main ID (2026.MMP0007) and
    # each has its own Incident ID (2026.MMP00078, 2026.MMP00079).
    before = {i.mmp_id: (i.main_id, i.incident_ids) for i in Incident.objects.all()}
    assert before["2026.MMP00078"] == ("2026.MMP0007", ["2026.MMP00078"])
    client.login(username=caseworker.username, password=PASSWORD)

    text = client.get("/en/incidents/", {"format": fmt}).content.decode()
    lines = text.splitlines()
    row = next(line for line in lines if ",2026.MMP00078," in line)
    assert row.startswith("2026.MMP0007,2026.MMP00078,")
    if fmt == "hxl":
        lines.pop(1)  # the hashtag row: the MMP reader reads the column names above it
    path = tmp_path / "export.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    Incident.objects.all().delete()

    report = incidents_import_mmp(path=path)

    assert (report.imported, report.rejected) == (238, [])
    after = {i.mmp_id: (i.main_id, i.incident_ids) for i in Incident.objects.all()}
    assert after == before
