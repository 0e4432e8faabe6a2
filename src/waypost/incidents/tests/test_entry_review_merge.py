from __future__ import annotations

import csv
from datetime import date

import pytest

from waypost.accounts.roles import Role
from waypost.conftest import PASSWORD
from waypost.core.exceptions import ApplicationError
from waypost.incidents.models import Incident, IncidentSource
from waypost.incidents.selectors import duplicate_pairs, review_queue
from waypost.incidents.services import incident_merge, incident_save, incidents_import_mmp
from waypost.protection.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(make_user, organisation):
    return make_user(organisation, Role.REVIEWER)


def test_a_caseworker_enters_an_incident_with_its_source(client, caseworker):
    client.login(username=caseworker.username, password=PASSWORD)

    response = client.post(
        "/en/incidents/new/",
        {
            "date": "2026-03-02",
            "date_precision": "day",
            "region": "Mediterranean",
            "country": "Libya",
            "place": "Off Zuwara",
            "latitude": "32.95",
            "longitude": "12.08",
            "dead": "4",
            "missing": "11",
            "causes": "Drowning",
            "source_name": "Coast guard report",
            "source_reliability": "3",
        },
    )

    incident = Incident.objects.get()
    assert response.status_code == 302
    assert (incident.dead, incident.missing, incident.year) == (4, 11, 2026)
    assert incident.organisation == caseworker.organisation
    assert incident.sources.get().name == "Coast guard report"
    assert AuditEntry.objects.filter(action="waypost.incidents.created").exists()


def test_an_incident_needs_a_count(client, caseworker):
    client.login(username=caseworker.username, password=PASSWORD)

    response = client.post("/en/incidents/new/", {"region": "Mediterranean"})

    assert "Give the number of dead" in response.content.decode()
    assert not Incident.objects.exists()


def test_a_reviewer_verifies_a_flagged_incident(client, reviewer):
    incident = Incident.objects.create(
        mmp_id="2026.MMP9999", dead=-1, review_reasons=["negative count"]
    )
    client.login(username=reviewer.username, password=PASSWORD)
    assert "2026.MMP9999" in client.get("/en/incidents/review/").content.decode()

    client.post("/en/incidents/review/", {"incident": incident.pk})

    incident.refresh_from_db()
    assert incident.status == "verified" and incident.review_reasons == []


def test_likely_duplicates_are_found_and_merged_keeping_every_source(caseworker, reviewer):
    first = incident_save(
        actor=caseworker,
        date=date(2026, 1, 5),
        latitude=35.68,
        longitude=-5.31,
        dead=3,
        missing=0,
        causes=["Drowning"],
        source={"name": "NGO hotline"},
    )
    second = incident_save(
        actor=caseworker,
        date=date(2026, 1, 6),
        latitude=35.70,
        longitude=-5.30,
        dead=2,
        missing=2,
        causes=["Exposure"],
        source={"name": "Press"},
    )
    incident_save(
        actor=caseworker,
        date=date(2026, 1, 6),
        latitude=40.0,
        longitude=3.0,
        dead=2,
        source={"name": "Elsewhere"},
    )

    pairs = duplicate_pairs()
    assert [(pair.first, pair.second) for pair in pairs] == [(first, second)]
    assert not pairs[0].certain  # two reports with different counts: a person decides

    kept = incident_merge(actor=reviewer, keep=first, duplicate=second)

    assert not Incident.objects.filter(pk=second.pk).exists()
    assert (kept.dead, kept.missing) == (3, 2)
    assert kept.causes == ["Drowning", "Exposure"]
    assert set(IncidentSource.objects.filter(incident=kept).values_list("name", flat=True)) == {
        "NGO hotline",
        "Press",
    }


def test_an_analyst_cannot_enter_incidents(client, make_user, organisation):
    analyst = make_user(organisation, Role.ANALYST)
    client.login(username=analyst.username, password=PASSWORD)

    assert client.get("/en/incidents/new/").status_code == 403


def test_a_merged_mmp_incident_stays_merged_when_its_file_is_imported_again(
    tmp_path, caseworker, reviewer, mmp_data
):
    from waypost.tracing import services as tracing_services
    from waypost.tracing.models import UnidentifiedRemains

    source = mmp_data / "MissingMigrants-Global-2026-05-06--19_42_11.csv"
    incidents_import_mmp(path=source)
    keep = Incident.objects.get(mmp_id="2026.MMP00078")
    duplicate = Incident.objects.get(mmp_id="2026.MMP00079")
    remains = tracing_services.record_create(
        actor=caseworker, model=UnidentifiedRemains, sex="M", incident_id=duplicate.pk
    )

    kept = incident_merge(actor=reviewer, keep=keep, duplicate=duplicate)
    again = incidents_import_mmp(path=source)

    assert (again.imported, again.updated, again.unchanged) == (0, 0, 238)
    assert Incident.objects.count() == 237
    assert not Incident.objects.filter(mmp_id="2026.MMP00079").exists()
    assert kept.merged_ids == ["2026.MMP00079"]
    assert sorted(kept.sources.values_list("mmp_id", flat=True)) == [
        "2026.MMP00078",
        "2026.MMP00079",
    ]
    remains.refresh_from_db()
    assert remains.incident_id == kept.pk

    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    ids, dead = rows[0].index("Incident ID"), rows[0].index("Number Dead")
    next(row for row in rows if row[ids] == "2026.MMP00079")[dead] = "17"
    changed = tmp_path / "changed.csv"
    with changed.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)

    report = incidents_import_mmp(path=changed)

    kept.refresh_from_db()
    assert (report.imported, report.updated) == (0, 1)
    assert kept.sources.get(mmp_id="2026.MMP00079").dead == 17
    assert "a merged MMP source changed" in kept.review_reasons
    assert Incident.objects.count() == 237


def test_an_incident_cannot_be_merged_into_itself(caseworker, reviewer):
    incident = incident_save(actor=caseworker, dead=1, source={"name": "Press"})

    with pytest.raises(ApplicationError):
        incident_merge(actor=reviewer, keep=incident, duplicate=incident)


def test_the_review_queue_holds_every_incident_that_needs_review_flagged_first(client, reviewer):
    quiet = Incident.objects.create(mmp_id="A-unverified", dead=1, date=date(2026, 3, 1))
    flagged = Incident.objects.create(
        mmp_id="B-flagged", dead=-1, date=date(2026, 1, 1), review_reasons=["negative count"]
    )
    changed = Incident.objects.create(
        mmp_id="C-changed-after-review",
        dead=2,
        date=date(2026, 2, 1),
        status="verified",
        review_reasons=["changed in an MMP import after review"],
    )
    Incident.objects.create(mmp_id="D-done", dead=3, status="verified")

    queue = list(review_queue())

    assert queue == [changed, flagged, quiet]
    client.login(username=reviewer.username, password=PASSWORD)
    page = client.get("/en/incidents/review/").content.decode()
    assert "A-unverified" in page and "C-changed-after-review" in page
    assert "D-done" not in page
    client.post("/en/incidents/review/", {"incident": quiet.pk})
    assert list(review_queue()) == [changed, flagged]


HARSH = "Harsh environmental conditions / lack of adequate shelter, food, water"


def test_a_cause_with_commas_is_kept_whole_and_older_causes_survive_an_edit(client, caseworker):
    client.login(username=caseworker.username, password=PASSWORD)

    client.post("/en/incidents/new/", {"dead": "2", "causes": [HARSH, "Violence"]})

    incident = Incident.objects.get()
    assert incident.causes == [HARSH, "Violence"]
    # A cause from an older MMP scheme, outside today's categories, stays when edited.
    incident.causes = ["Unknown (presumed dehydration, hypothermia)", HARSH]
    incident.save()
    form = client.get(f"/en/incidents/{incident.pk}/edit/").content.decode()
    assert 'value="Unknown (presumed dehydration, hypothermia)"' in form

    client.post(
        f"/en/incidents/{incident.pk}/edit/",
        {"dead": "2", "causes": ["Unknown (presumed dehydration, hypothermia)", HARSH]},
    )

    incident.refresh_from_db()
    assert incident.causes == ["Unknown (presumed dehydration, hypothermia)", HARSH]


def test_a_merge_takes_the_dead_count_from_reliable_sources_and_the_highest_missing(
    caseworker, reviewer
):
    # A rumour (reliability 1) of 12 dead; an official report (4) of 5 dead, 9 missing;
    # a press report (2) of 20 missing.
    rumour = incident_save(
        actor=caseworker,
        dead=12,
        missing=0,
        source={"name": "Social media", "reliability": "1", "dead": 12, "missing": 0},
    )
    official = incident_save(
        actor=caseworker,
        dead=5,
        missing=9,
        source={"name": "Coast guard", "reliability": "4", "dead": 5, "missing": 9},
    )
    IncidentSource.objects.create(incident=official, name="Press", reliability="2", missing=20)

    kept = incident_merge(actor=reviewer, keep=rumour, duplicate=official)

    kept.refresh_from_db()
    assert (kept.dead, kept.missing) == (5, 20)
    assert kept.sources.count() == 3


def test_without_a_reliable_source_a_merge_keeps_the_higher_dead_count(caseworker, reviewer):
    keep = incident_save(
        actor=caseworker, dead=2, source={"name": "NGO", "reliability": "2", "dead": 2}
    )
    duplicate = incident_save(
        actor=caseworker, dead=6, missing=1, source={"name": "Press", "reliability": "1"}
    )

    kept = incident_merge(actor=reviewer, keep=keep, duplicate=duplicate)

    assert (kept.dead, kept.missing) == (6, 1)


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_an_incident_date_out_of_range_gets_a_form_error(client, caseworker, day):
    client.login(username=caseworker.username, password=PASSWORD)

    response = client.post("/en/incidents/new/", {"date": day, "dead": "1"})

    assert response.status_code == 200
    assert "date" in response.context["form"].errors
    assert not Incident.objects.exists()


def test_duplicates_are_found_beside_an_incident_on_the_first_day_python_knows(caseworker):
    # Imports bring whatever day a file holds; the search window before it must not overflow.
    for place in ("Off Zuwara", "Off Sabratha"):
        incident_save(
            actor=caseworker, date=date(1, 1, 1), place=place, latitude=32.9, longitude=12.1
        )

    assert duplicate_pairs().count() == 1
