from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from PIL import Image

from waypost.accounts.roles import Role
from waypost.formats.pfif import parse
from waypost.incidents.models import Incident
from waypost.protection.audit import verify
from waypost.protection.models import AuditEntry, Consent
from waypost.tracing import exchange, selectors, services
from waypost.tracing.models import (
    FOUND_PERSON_CONSENT_SUBJECT,
    FamilyNotification,
    FoundPerson,
    MissingPersonReport,
    ReportStatus,
    UnidentifiedRemains,
)
from waypost.tracing.selectors import enquirer_consent_methods, enquirer_consents

SAMPLE = Path(__file__).parents[2] / "formats" / "tests" / "data" / "pfif-1.4-sample.xml"
COMPARED = (
    "name",
    "sex",
    "birth_date",
    "age",
    "age_date",
    "nationality",
    "place",
    "description",
    "document_number",
    "details",
)


def snapshot(organisation):
    rows = []
    for model in (MissingPersonReport, FoundPerson, UnidentifiedRemains):
        for record in model.objects.filter(organisation=organisation).order_by("pk"):
            row = {name: getattr(record, name) for name in COMPARED}
            row["kind"] = model.__name__
            for extra in (
                "status",
                "enquirer",
                "share_consent",
                "recovery_date",
                "age_min",
                "age_max",
            ):
                if hasattr(record, extra):
                    row[extra] = getattr(record, extra)
            if isinstance(record, MissingPersonReport):
                row["enquirer_consents"] = enquirer_consents(record)
                row["consent_methods"] = enquirer_consent_methods(record)
            row["created_at"] = record.created_at.replace(microsecond=0)  # PFIF: seconds
            if isinstance(record, UnidentifiedRemains):
                row["incident"] = record.incident.mmp_id if record.incident else None
            row["photos"] = [
                (photo.content_type, photo.sensitive, Image.open(io.BytesIO(photo.content)).size)
                for photo in record.photos.all()
            ]
            rows.append(row)
    return rows


def png(width, height):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def records(caseworker):
    report = services.record_create(
        actor=caseworker,
        model=MissingPersonReport,
        name="Yusuf Idris",
        sex="M",
        birth_date="1995-07",
        nationality="SDN",
        place="Agadez",
        description="Left Agadez in March",
        enquirer_phone="+227 90 12 34 56",
        details={"languages": ["ar", "fr"], "marks": "tattoo on the right arm"},
        enquirer_consents=["tracing", "statistics"],
        enquirer_consent_method="oral",
    )
    services.photo_add(actor=caseworker, record=report, data=png(64, 48))
    services.record_create(
        actor=caseworker,
        model=FoundPerson,
        name="يوسف إدريس",
        sex="M",
        age=29,
        age_date="2024-09-01",
        nationality="SDN",
        place="Shelter, Tunis",
        share_consent="family",
    )
    incident = Incident.objects.create(mmp_id="2024.MMP0455", dead=3, region="Mediterranean")
    remains = services.record_create(
        actor=caseworker,
        model=UnidentifiedRemains,
        sex="F",
        name="",
        age_min=20,
        age_max=30,
        recovery_date=date(2024, 5, 2),
        place="Beach near Zarzis",
        details={"effects": "green scarf"},
        incident_id=incident.pk,
    )
    services.photo_add(actor=caseworker, record=remains, data=png(30, 20))
    services.photo_add(actor=caseworker, record=remains, data=png(20, 30))


def test_a_pfif_export_is_valid_pfif_1_4(records, organisation):
    document = parse(exchange.export_pfif(organisation, recipient=organisation))

    assert len(document.persons) == 3
    assert {note.status for person in document.persons for note in person.notes} == {
        "information_sought",
        "believed_alive",
        "believed_dead",
    }


def test_every_exported_note_carries_the_fields_pfif_1_4_requires(records, organisation):
    document = parse(exchange.export_pfif(organisation, recipient=organisation))

    for note in document.all_notes():
        assert note.note_record_id
        assert note.person_record_id
        assert note.author_name
        assert note.source_date
        assert note.text.strip()


def test_a_pfif_export_reimports_into_an_empty_instance_with_nothing_lost(
    records, organisation, tmp_path
):
    # Records made months ago: the import must keep their date, not take its own.
    for model in (MissingPersonReport, FoundPerson, UnidentifiedRemains):
        model.objects.update(created_at=datetime(2024, 1, 2, 9, 30, tzinfo=UTC))
    before = snapshot(organisation)
    path = tmp_path / "export.xml"
    call_command(
        "tracing",
        "export-pfif",
        "--org",
        organisation.slug,
        "--to",
        organisation.slug,
        "--out",
        str(path),
    )
    for model in (MissingPersonReport, FoundPerson, UnidentifiedRemains):
        model.objects.all().delete()

    call_command("tracing", "import-pfif", str(path), "--org", organisation.slug)

    assert snapshot(organisation) == before


def test_importing_the_same_pfif_file_twice_updates_instead_of_duplicating(
    records, organisation, other_organisation, tmp_path
):
    path = tmp_path / "export.xml"
    path.write_text(exchange.export_pfif(organisation, recipient=organisation), encoding="utf-8")

    call_command("tracing", "import-pfif", str(path), "--org", other_organisation.slug)
    first = snapshot(other_organisation)
    call_command("tracing", "import-pfif", str(path), "--org", other_organisation.slug)

    assert snapshot(other_organisation) == first
    assert len(first) == 3
    report = MissingPersonReport.objects.get(organisation=other_organisation)
    assert report.source_record_id.startswith(f"{organisation.slug}.waypost/missing.")


def test_a_newer_export_of_a_partner_updates_the_record_imported_before(
    caseworker, organisation, other_organisation
):
    report = services.record_create(
        actor=caseworker, model=MissingPersonReport, name="Omar Ali", place="Agadez"
    )
    exchange.import_pfif(
        exchange.export_pfif(organisation, recipient=organisation), other_organisation
    )
    services.record_update(actor=caseworker, record=report, place="Sabha")

    result = exchange.import_pfif(
        exchange.export_pfif(organisation, recipient=organisation), other_organisation
    )

    assert result.updated["missing"] == 1
    assert result.created["missing"] == 0
    copy = MissingPersonReport.objects.get(organisation=other_organisation)
    assert (copy.name, copy.place) == ("Omar Ali", "Sabha")


def test_a_record_imported_from_a_partner_keeps_the_partners_id_when_exported_again(
    caseworker, organisation, other_organisation
):
    services.record_create(actor=caseworker, model=FoundPerson, name="Amina Yusuf")
    first = (
        parse(exchange.export_pfif(organisation, recipient=organisation))
        .persons[0]
        .person_record_id
    )
    exchange.import_pfif(
        exchange.export_pfif(organisation, recipient=organisation), other_organisation
    )

    again = (
        parse(exchange.export_pfif(other_organisation, recipient=other_organisation))
        .persons[0]
        .person_record_id
    )

    assert again == first


def test_names_and_home_city_of_a_partners_pfif_are_kept_and_written_back(organisation):
    exchange.import_pfif(SAMPLE.read_bytes(), organisation)
    [report] = [
        r
        for r in MissingPersonReport.objects.filter(organisation=organisation)
        if r.source_record_id == "tracing.example.org/person.4071"
    ]

    assert report.name == "Mohamed Abdelrahman Osman"
    assert report.details["given_name"] == "Mohamed"
    assert report.details["family_name"] == "Abdelrahman Osman"
    assert report.details["alternate_names"] == ["محمد عبد الرحمن عثمان", "Mohammed Abdulrahman"]
    assert report.details["home_city"] == "Nyala"

    person = next(
        p
        for p in parse(exchange.export_pfif(organisation, recipient=organisation)).persons
        if p.person_record_id == "tracing.example.org/person.4071"
    )
    assert (person.given_name, person.family_name, person.home_city) == (
        "Mohamed",
        "Abdelrahman Osman",
        "Nyala",
    )
    assert person.alternate_names == "محمد عبد الرحمن عثمان\nMohammed Abdulrahman"
    assert "given_name" not in json.loads(person.extensions.get(f"{{{exchange.NS}}}details", "{}"))


def test_a_top_level_note_is_imported_onto_the_person_it_names(organisation):
    exchange.import_pfif(SAMPLE.read_bytes(), organisation)

    # hospital.example.it/patient.77 has no nested note: only the top-level one says alive.
    patient = FoundPerson.objects.get(organisation=organisation)
    assert patient.source_record_id == "hospital.example.it/patient.77"
    assert patient.details["pfif_notes"] == [
        {
            "note_record_id": "hospital.example.it/note.12",
            "author_name": "Ward 3 nurse",
            "source_date": "2024-04-21T09:30:00Z",
            "author_made_contact": "true",
            "status": "believed_alive",
            "text": "Recovering; speaks Arabic and some English.",
        }
    ]
    person = next(
        p
        for p in parse(exchange.export_pfif(organisation, recipient=organisation)).persons
        if p.person_record_id == "hospital.example.it/patient.77"
    )
    assert "hospital.example.it/note.12" in [n.note_record_id for n in person.notes]


NOTE_LATER = """<?xml version="1.0" encoding="UTF-8"?>
<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4">
  <pfif:note>
    <pfif:note_record_id>hospital.example.it/note.13</pfif:note_record_id>
    <pfif:person_record_id>{person}</pfif:person_record_id>
    <pfif:author_name>Ward 3 nurse</pfif:author_name>
    <pfif:source_date>2024-04-25T09:30:00Z</pfif:source_date>
    <pfif:status>believed_alive</pfif:status>
    <pfif:last_known_location>Reception centre, Pozzallo</pfif:last_known_location>
    <pfif:text>Discharged to the reception centre.</pfif:text>
  </pfif:note>
</pfif:pfif>
"""


def test_a_later_file_of_notes_alone_adds_them_to_the_person_imported_before(organisation):
    exchange.import_pfif(SAMPLE.read_bytes(), organisation)

    result = exchange.import_pfif(
        NOTE_LATER.format(person="hospital.example.it/patient.77"), organisation
    )

    assert result.updated["found"] == 1
    assert result.problems == []
    patient = FoundPerson.objects.get(organisation=organisation)
    assert [n["note_record_id"] for n in patient.details["pfif_notes"]] == [
        "hospital.example.it/note.12",
        "hospital.example.it/note.13",
    ]


def test_a_note_about_a_person_never_received_is_named_not_stored(organisation):
    result = exchange.import_pfif(NOTE_LATER.format(person="elsewhere.example/9"), organisation)

    assert result.problems == [
        "Note hospital.example.it/note.13 is about person elsewhere.example/9, who is neither "
        "in the file nor imported before; it was not imported."
    ]
    assert not FoundPerson.objects.exists()
    assert not MissingPersonReport.objects.exists()


def test_a_childs_record_shared_by_a_partner_imports_with_where_the_consent_is_recorded(
    caseworker, organisation, other_organisation
):
    services.record_create(
        actor=caseworker,
        model=FoundPerson,
        name="Sami Tesfaye",
        sex="M",
        age=14,
        age_date="2024-09-01",
        share_consent="family",
        guardian_or_decision="Best-interests decision of 2 September, case conference",
    )

    result = exchange.import_pfif(
        exchange.export_pfif(organisation, recipient=organisation), other_organisation
    )

    assert result.created["found"] == 1
    child = FoundPerson.objects.get(organisation=other_organisation)
    assert selectors.share_consent_of(child) == "family"
    consent = Consent.objects.get(
        subject_type=FOUND_PERSON_CONSENT_SUBJECT,
        subject_id=str(child.pk),
        purpose="family_whereabouts",
    )
    assert consent.is_child
    assert consent.guardian_or_decision.startswith(f"Received from {organisation.name} (PFIF")
    assert "sharing agreement" in consent.guardian_or_decision


def test_an_adults_record_records_no_partner_decision(caseworker, organisation, other_organisation):
    services.record_create(
        actor=caseworker, model=FoundPerson, name="Amina Yusuf", age=30, share_consent="family"
    )

    exchange.import_pfif(
        exchange.export_pfif(organisation, recipient=organisation), other_organisation
    )

    child = FoundPerson.objects.get(organisation=other_organisation)
    consent = Consent.objects.get(
        subject_type=FOUND_PERSON_CONSENT_SUBJECT,
        subject_id=str(child.pk),
        purpose="family_whereabouts",
    )
    assert (consent.is_child, consent.guardian_or_decision) == (False, "")


@pytest.fixture
def confirmed(caseworker, make_user, organisation):
    """A report confirmed, by two reviewers, as a found person; the family has been told."""
    report = services.record_create(
        actor=caseworker, model=MissingPersonReport, name="Amina Yusuf", sex="F", birth_date="2001"
    )
    found = services.record_create(
        actor=caseworker, model=FoundPerson, name="أمينة يوسف", sex="F", birth_date="2001-06-10"
    )
    candidate = report.candidates.get()
    for reviewer in (make_user(organisation, Role.REVIEWER), caseworker):
        services.candidate_review(
            actor=reviewer, candidate=candidate, decision="confirm", reasons="Same scar"
        )
    services.notification_update(
        actor=caseworker,
        notification=FamilyNotification.objects.get(candidate=candidate),
        outcome="Her mother cried; a counsellor stayed with her.",
        done=True,
    )
    return report, found


def test_an_export_says_in_notes_who_was_confirmed_found_and_that_the_family_was_told(
    confirmed, organisation
):
    report, found = confirmed

    persons = {
        p.extensions[f"{{{exchange.NS}}}kind"]: p
        for p in parse(exchange.export_pfif(organisation, recipient=organisation)).persons
    }

    sought = persons["missing"]
    alive = [n for n in sought.notes if n.status == "believed_alive"]
    assert [n.linked_person_record_id for n in alive] == [persons["found"].person_record_id, ""]
    assert "found alive" in alive[0].text
    assert "told the family" in alive[1].text
    assert [
        n.linked_person_record_id for n in persons["found"].notes if n.linked_person_record_id
    ] == [sought.person_record_id]
    # how the family took it is the caseworker's account: it stays in Waypost
    assert "counsellor" not in exchange.export_pfif(organisation, recipient=organisation)


def test_a_round_trip_into_another_organisation_keeps_the_outcome(
    confirmed, organisation, other_organisation
):
    exchange.import_pfif(
        exchange.export_pfif(organisation, recipient=organisation), other_organisation
    )

    copy = MissingPersonReport.objects.get(organisation=other_organisation)
    assert copy.status == ReportStatus.LOCATED_ALIVE
    kept = copy.details["pfif_notes"]
    assert [n["status"] for n in kept] == ["believed_alive", "believed_alive"]
    assert "told the family" in kept[1]["text"]
    # and the receiving organisation passes them on
    again = parse(exchange.export_pfif(other_organisation, recipient=other_organisation))
    sought = next(p for p in again.persons if p.person_record_id == copy.source_record_id)
    assert {n.note_record_id for n in sought.notes} >= {n["note_record_id"] for n in kept}


FOUND_LATER = """<?xml version="1.0" encoding="UTF-8"?>
<pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4">
  <pfif:person>
    <pfif:person_record_id>finder.example/p1</pfif:person_record_id>
    <pfif:source_date>2024-03-01T00:00:00Z</pfif:source_date>
    <pfif:full_name>Hawa Diallo</pfif:full_name>
    <pfif:note>
      <pfif:note_record_id>finder.example/n1</pfif:note_record_id>
      <pfif:author_name>Brother</pfif:author_name>
      <pfif:source_date>2024-03-01T00:00:00Z</pfif:source_date>
      <pfif:status>information_sought</pfif:status>
      <pfif:text>Looking for my sister.</pfif:text>
    </pfif:note>
    <pfif:note>
      <pfif:note_record_id>finder.example/n2</pfif:note_record_id>
      <pfif:author_name>Brother</pfif:author_name>
      <pfif:source_date>2024-03-09T00:00:00Z</pfif:source_date>
      <pfif:author_made_contact>true</pfif:author_made_contact>
      <pfif:text>She called me from Tunis.</pfif:text>
    </pfif:note>
  </pfif:person>
</pfif:pfif>
"""


def test_a_person_sought_then_heard_from_is_a_report_located_alive(organisation):
    exchange.import_pfif(FOUND_LATER, organisation)

    report = MissingPersonReport.objects.get(organisation=organisation)
    assert report.status == ReportStatus.LOCATED_ALIVE
    assert not FoundPerson.objects.exists()


def test_a_pfif_export_is_audited_with_counts_not_contents(records, organisation, tmp_path):
    path = tmp_path / "export.xml"

    call_command(
        "tracing",
        "export-pfif",
        "--org",
        organisation.slug,
        "--to",
        organisation.slug,
        "--out",
        str(path),
    )

    entry = AuditEntry.objects.get(action="waypost.tracing.records.exported")
    assert entry.record_type == "accounts.organisation"
    assert entry.record_id == str(organisation.pk)
    assert entry.detail == {
        "format": "pfif-1.4",
        "recipient": organisation.slug,
        "records": {"missing": 1, "found": 1, "remains": 1},
        "withheld": {"missing": 0, "found": 0, "remains": 0},
    }
    logged = json.dumps(entry.detail, ensure_ascii=False) + " ".join(entry.fields)
    for value in ("Yusuf", "يوسف", "Agadez", "Zarzis", "+227"):
        assert value not in logged
    assert verify() is None


def test_an_export_by_a_caseworker_names_them_in_the_log(records, organisation, caseworker):
    exchange.export_pfif(organisation, recipient=organisation, actor=caseworker)

    entry = AuditEntry.objects.get(action="waypost.tracing.records.exported")
    assert (entry.actor_id, entry.organisation_id) == (caseworker.pk, organisation.pk)


def test_csv_with_the_matching_columns_imports(organisation, tmp_path):
    path = tmp_path / "hospital.csv"
    path.write_text(
        "id,name,given_name,family_name,sex,birth_date,age,age_date,nationality,place,document_number,phone\n"
        "H1,سعيد حسن,,,M,1999,,,SYR,Hospital Lampedusa,,\n"
        "H2,,Amina,Yusuf,F,,24,2024-05-01,ERI,,P1234567,\n",
        encoding="utf-8",
    )

    call_command("tracing", "import", "found", str(path), "--org", organisation.slug)

    names = sorted(found.name for found in FoundPerson.objects.all())
    assert names == ["Amina Yusuf", "سعيد حسن"]


def test_with_a_single_organisation_import_needs_no_org(organisation, tmp_path):
    path = tmp_path / "hospital.csv"
    path.write_text("id,name,sex\nH1,Omar Ali,M\n", encoding="utf-8")

    call_command("tracing", "import", "found", str(path))

    assert FoundPerson.objects.get().organisation_id == organisation.pk


def test_with_several_organisations_a_missing_org_is_explained(
    organisation, other_organisation, tmp_path
):
    path = tmp_path / "hospital.csv"
    path.write_text("id,name,sex\nH1,Omar Ali,M\n", encoding="utf-8")

    with pytest.raises(CommandError) as error:
        call_command("tracing", "import", "found", str(path))

    message = str(error.value)
    assert "--org SLUG" in message
    assert organisation.slug in message
    assert other_organisation.slug in message
    assert not FoundPerson.objects.exists()


def test_a_bad_csv_row_is_named_and_nothing_is_imported(organisation, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("id,name,birth_date\nA1,Omar Ali,1990\nA2,Sara,19x0\n", encoding="utf-8")

    with pytest.raises(CommandError, match="row"):
        call_command("tracing", "import", "missing", str(path), "--org", organisation.slug)
    assert not MissingPersonReport.objects.exists()


def test_remains_link_to_their_incident_and_survive_an_export_without_it(caseworker, organisation):
    incident = Incident.objects.create(
        mmp_id="2024.MMP0301", dead=9, missing=30, region="Mediterranean"
    )
    remains = services.record_create(
        actor=caseworker,
        model=UnidentifiedRemains,
        sex="M",
        age_min=18,
        age_max=30,
        incident_id=incident.pk,
    )
    assert incident.remains.get() == remains

    document = exchange.export_pfif(organisation, recipient=organisation)
    Incident.objects.all().delete()
    UnidentifiedRemains.objects.all().delete()
    exchange.import_pfif(document, organisation)

    assert UnidentifiedRemains.objects.get().incident_id is None


def test_on_import_remains_find_their_incident_by_its_mmp_id(caseworker, organisation):
    incident = Incident.objects.create(mmp_id="2023.MMP0999", dead=41, region="Mediterranean")
    services.record_create(
        actor=caseworker, model=UnidentifiedRemains, sex="M", incident_id=incident.pk
    )
    document = exchange.export_pfif(organisation, recipient=organisation)
    Incident.objects.all().delete()
    UnidentifiedRemains.objects.all().delete()
    # The receiving instance imported the same MMP incident under another key.
    Incident.objects.create(mmp_id="2020.MMP0001", dead=1, region="Sahara Desert")
    same = Incident.objects.create(mmp_id="2023.MMP0999", dead=41, region="Mediterranean")

    exchange.import_pfif(document, organisation)

    assert UnidentifiedRemains.objects.get().incident_id == same.pk
