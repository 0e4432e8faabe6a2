"""Bidirectional controls in names and places can never reorder what a page shows.

U+202E (right-to-left override) makes "Amina\u202etxt.exe" read as "Aminaexe.txt"; in a
link or a file name that is a disguise. Services drop these controls from what they
store; pages isolate user text (<bdi>) and drop them from whatever is already stored.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from waypost.accounts.roles import Role
from waypost.accounts.services import organisation_create
from waypost.conftest import PASSWORD
from waypost.incidents.models import Incident
from waypost.incidents.services import incidents_import_start
from waypost.jobs.models import Job
from waypost.reporting import services as reporting
from waypost.tracing import services as tracing
from waypost.tracing.models import MissingPersonReport

CONTROLS = [chr(code) for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]
DISGUISED = "Amina \u202eYusuf\u202c \u2067مريم\u2069 \u202afdp.exe"

# Real MMP rows kept in the repository (their source and licence beside them).
EXCERPTS = Path(__file__).resolve().parents[2] / "incidents" / "tests" / "data"


def has_controls(text: str) -> bool:
    return any(control in text for control in CONTROLS)


def test_the_controls_dropped_are_the_embeddings_overrides_and_isolates():
    from waypost.core.validators import BIDI_CONTROLS

    assert sorted(BIDI_CONTROLS) == CONTROLS


@pytest.mark.parametrize("endpoint", ["missing-persons", "found-persons", "remains"])
def test_the_api_stores_names_and_places_without_bidirectional_controls(
    api_client_for, caseworker, endpoint
):
    api = api_client_for(caseworker)

    created = api.post(
        f"/api/v1/{endpoint}/",
        {"name": DISGUISED, "last_seen_place": "Kufra\u202e", "description": "\u2066x\u2069"},
        format="json",
    ).json()

    record = api.get(f"/api/v1/{endpoint}/{created['id']}/").json()
    assert record["name"] == "Amina Yusuf مريم fdp.exe"
    assert record["last_seen_place"] == "Kufra"
    assert record["description"] == "x"


def test_a_report_is_stored_without_bidirectional_controls(make_organisation):
    recipient = make_organisation(kind="nhri", country="TUN")
    reporting.channel_set(
        actor=None, organisation=recipient, accepts_reports=True, countries=["TUN"]
    )

    report, _receipt = reporting.report_submit(
        submission=reporting.Submission(
            recipient_slug=recipient.slug,
            what_happened="They took \u202eour phones",
            where="Sfax\u2067 port",
            when="2025-03",
            language="en",
            country="TUN",
            harmed=["me"],
            harmed_count=None,
            perpetrator="authority",
            identity_name=DISGUISED,
        )
    )
    reporting.reporter_message_add(report=report, body="\u202dMy arm\u202c")

    report.refresh_from_db()
    assert not has_controls(repr(report.content)) and not has_controls(repr(report.identity))
    assert not has_controls(report.messages.get().body)
    assert report.content["where"] == "Sfax port"


def test_an_incident_and_an_organisation_are_stored_without_bidirectional_controls(
    client, caseworker
):
    organisation = organisation_create(name="Sahel\u202e Desk", kind="ngo", country="NER")
    client.login(username=caseworker.username, password=PASSWORD)

    client.post(
        "/en/incidents/new/",
        {"place": "Off \u202eZuwara", "region": "\u2066Mediterranean", "dead": "1"},
    )

    incident = Incident.objects.get()
    assert organisation.name == "Sahel Desk"
    assert (incident.place, incident.region) == ("Off Zuwara", "Mediterranean")


def test_an_uploaded_file_name_cannot_disguise_its_import_job(
    make_user, organisation, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path  # the job never runs: its upload stays out of other tests' way
    operator = make_user(organisation, Role.OPERATOR)
    export = EXCERPTS / "MissingMigrants-Global-2021-09-05-excerpt.csv"
    upload = SimpleUploadedFile("incidents\u202evsc.csv", export.read_bytes(), "text/csv")

    job = incidents_import_start(actor=operator, upload=upload)

    assert not has_controls(Job.objects.get(pk=job.pk).title)


def test_pages_isolate_names_and_drop_controls_already_stored(client, caseworker):
    record = tracing.record_create(actor=caseworker, model=MissingPersonReport, name="x")
    # A value stored before the services cleaned input (or by a path that does not).
    record.name = DISGUISED
    record.save()
    client.login(username=caseworker.username, password=PASSWORD)

    page = client.get("/en/tracing/missing/").content.decode()

    assert not has_controls(page)
    link = re.search(rf'<a href="/en/tracing/missing/{record.pk}/">(.*?)</a>', page)
    assert link and link.group(1).startswith("<bdi>") and link.group(1).endswith("</bdi>")


def test_attachment_file_names_carry_no_controls():
    from waypost.core.http import attachment_disposition

    header = attachment_disposition('waypost-\u202eexe.json\r\n";x')

    assert not has_controls(header)
    assert "\r" not in header and "\n" not in header
    assert header.startswith('attachment; filename="') and header.count('"') == 2


def test_the_person_export_names_its_file_without_controls(client, caseworker):
    record = tracing.record_create(actor=caseworker, model=MissingPersonReport, name=DISGUISED)
    client.login(username=caseworker.username, password=PASSWORD)

    response = client.get(f"/en/tracing/missing/{record.pk}/export.json")

    assert response.status_code == 200
    assert not has_controls(response["Content-Disposition"])
