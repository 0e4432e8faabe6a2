"""The register (Mandela Rule 7), children never detained, the legal maximum, sealing."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from waypost.detention import selectors, services
from waypost.detention.models import Detention
from waypost.protection.models import AuditEntry

ARREST = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def test_the_completeness_check_lists_the_rule_7_items_missing(monitor, facility, person):
    detention = services.detention_create(
        actor=monitor,
        person=person,
        facility=facility,
        arrested_at=ARREST,
        legal_basis="8 U.S.C. 1226",
        reasons="Overstay",
        injuries="none visible",
    )

    assert selectors.register_missing(detention) == [
        "authority",
        "arrest",
        "admission",
        "ill_treatment",
        "property",
        "family",
        "emergency_contact",
    ]


def test_the_completeness_command_reports_per_record_and_per_facility(
    monitor, facility, other_facility, person, capsys
):
    one = services.detention_create(
        actor=monitor, person=person, facility=facility, arrested_at=ARREST
    )
    services.detention_create(
        actor=monitor, person=person, facility=other_facility, arrested_at=ARREST
    )

    call_command("detention", "completeness", "--facility", str(facility.pk), "--json")
    report = json.loads(capsys.readouterr().out)

    assert [row["id"] for row in report["records"]] == [one.pk]
    assert "emergency_contact" in report["records"][0]["missing"]
    assert report["facilities"][0]["records"] == 1
    assert report["facilities"][0]["missing"]["family"] == 1
    # An operator's report: record numbers and item codes, never a name.
    assert person["name"] not in json.dumps(report)


def test_a_16_year_old_is_flagged_at_once_to_the_focal_point_and_the_dashboard(
    client, monitor, legal_officer, facility
):
    detention = services.detention_create(
        actor=monitor,
        person={"name": "Yonas", "age": 16, "nationality": "ERI"},
        facility=facility,
        arrested_at=timezone.now() - timedelta(hours=2),
    )

    assert detention.is_child is True
    assert [m.to for m in mail.outbox] == [[legal_officer.email]]
    assert "Yonas" not in mail.outbox[0].body
    assert AuditEntry.objects.filter(action="waypost.detention.child.flagged").exists()
    client.force_login(monitor)
    home = client.get("/en/").content.decode()
    listing = client.get("/en/detention/").content.decode()
    children = client.get("/en/detention/children/").content.decode()
    assert "Children in detention" in home
    assert "1 child is recorded in detention." in listing
    assert "Yonas" in children


def test_a_child_by_birth_date_is_flagged_with_the_benefit_of_the_doubt(monitor, facility):
    detention = services.detention_create(
        actor=monitor,
        person={"name": "Amir", "birth_date": "2008", "nationality": "AFG"},
        facility=facility,
        arrested_at=datetime(2026, 6, 1, 9, 0, tzinfo=UTC),
    )

    # Born "2008": counted from 31 December 2008, so 17 in June 2026.
    assert (detention.age_at_admission, detention.is_child) == (17, True)


def test_the_legal_maximum_raises_an_alert_before_it_is_reached(monitor, facility, person):
    detention = services.detention_create(
        actor=monitor, person=person, facility=facility, arrested_at=ARREST, max_days=30
    )

    early = selectors.duration_of(detention, now=ARREST + timedelta(days=10))
    near = selectors.duration_of(detention, now=ARREST + timedelta(days=25))
    past = selectors.duration_of(detention, now=ARREST + timedelta(days=31))

    assert (early.warning, early.exceeded) == (False, False)
    assert (near.warning, near.exceeded) == (True, False)
    assert past.exceeded is True


def test_personal_values_are_sealed_at_rest_and_reads_are_audited(monitor, facility, person):
    detention = services.detention_create(
        actor=monitor,
        person=person,
        facility=facility,
        arrested_at=ARREST,
        ill_treatment="Beaten at the border post",
    )
    raw = Detention.objects.filter(pk=detention.pk).values().get()

    assert not any(
        b"Beaten" in bytes(value) or b"Wang" in bytes(value)
        for value in raw.values()
        if isinstance(value, bytes | memoryview)
    )
    selectors.detention_get(user=monitor, pk=detention.pk)
    assert AuditEntry.objects.filter(
        action="waypost.detention.detention.read", record_id=str(detention.pk)
    ).exists()


def test_facilities_import_reads_the_issue_columns(db, tmp_path, capsys):
    path = tmp_path / "gdp.csv"
    path.write_text(
        "name,type,authority,country,capacity,lat,lon,status\n"
        "Centro Ponte Galeria,administrative,Ministero dell'Interno,ITA,125,41.808,12.35,open\n"
        "Hal Far,welcome centre,Detention Service,MLT,,35.8,14.5,closed\n"
        "Nowhere,prison,,ZZZ,,,,open\n",
        encoding="utf-8",
    )

    call_command("detention", "facilities", "import", str(path))

    out = capsys.readouterr()
    assert "2 facility(ies) added" in out.out
    assert "4:" in out.err
    facility = services.facility_find("Centro Ponte Galeria")
    assert (facility.type, facility.country, facility.capacity) == ("administrative", "ITA", 125)
    assert services.facility_find("Hal Far").type == "reception"
