"""One incident in two MMP exports that identify it differently (Web ID, then Main ID) is
counted once, whatever the order of the imports; what cannot be told for certain is put
to a person, many pairs at a time.

On excerpts of two real exports in the repository (tests/data/ATTRIBUTION.md).
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from django.db.models import Q

from waypost.accounts.roles import Role
from waypost.conftest import PASSWORD
from waypost.formats.mmp import read_mmp
from waypost.incidents.models import Incident, IncidentPair, MmpExport
from waypost.incidents.recognition import Facts, recognise
from waypost.incidents.selectors import sdg_10_7_3, sdg_breakdown
from waypost.incidents.services import incident_save, incidents_import_mmp

DATA = Path(__file__).parent / "data"
OLD = DATA / "MissingMigrants-Global-2021-09-05-excerpt.csv"  # Web IDs, to 2021-08-31
NEW = DATA / "Missing_Migrants_Global_Figures_allData_2025-04-excerpt.csv"  # Main IDs

pytestmark = pytest.mark.django_db


def file_figures(path: Path) -> tuple[int, int, int]:
    rows = read_mmp(path).incidents
    return len(rows), sum(i.dead or 0 for i in rows), sum(i.missing or 0 for i in rows)


def counted() -> tuple[int, int, int]:
    figures = sdg_10_7_3()
    incidents = sum(row["incidents"] for row in sdg_breakdown("year"))
    return incidents, figures["dead"], figures["missing"]


def facts(key, day, **values):
    base = {"latitude": 35.0, "longitude": 12.0, "dead": 3, "missing": 0}
    return Facts(key=key, day=date(2021, 8, day).toordinal(), **{**base, **values})


def test_records_that_agree_on_everything_are_certain_and_one_to_one():
    left = [facts("web-1", 27, url="https://archive.ph/a", place="Obock, Djibouti")]
    right = [
        facts("2021.MMP1", 27, url="https://archive.ph/a", place="Obock, Djibouti"),
        facts("2021.MMP2", 27, latitude=11.0, longitude=43.0, dead=1),
    ]

    found = recognise(left, right)

    assert [(pair.left, pair.right) for pair in found.certain] == [("web-1", "2021.MMP1")]
    assert dict(found.certain[0].evidence)["days"] == 0
    assert found.possible == []


def test_two_equally_good_candidates_are_possible_not_certain():
    left = [facts("web-1", 27, place="Remains washed ashore at Garabuli, Libya")]
    right = [
        facts("2021.MMP1", 27, place="Remains washed ashore at Garabuli, Libya"),
        facts("2021.MMP2", 27, place="Remains washed ashore at Garabuli, Libya"),
    ]

    found = recognise(left, right)

    assert found.certain == []
    assert {pair.right for pair in found.possible} == {"2021.MMP1", "2021.MMP2"}


def test_records_far_apart_or_with_far_counts_are_never_certain():
    same = {"url": "https://archive.ph/a", "place": "Off Zuwara, Libya"}
    left = [facts("a", 27, **same), facts("b", 20, **same)]
    right = [
        facts("far", 27, latitude=36.0, **same),  # 111 km away
        facts("more", 20, dead=30, **same),  # ten times the count
    ]

    found = recognise(left, right)

    assert found.certain == []


def test_independent_reports_close_in_time_and_place_are_proposed_whatever_their_score():
    left = [facts("ngo", 5, dead=3, latitude=35.68, longitude=-5.31)]
    right = [facts("press", 6, dead=2, missing=2, latitude=35.70, longitude=-5.30)]

    assert recognise(left, right).possible == []
    assert [p.right for p in recognise(left, right, independent=True).possible] == ["press"]


@pytest.mark.parametrize("order", [(OLD, NEW), (NEW, OLD)], ids=["old-first", "new-first"])
def test_two_exports_of_the_same_incidents_count_once_in_either_order(order):
    for path in order:
        incidents_import_mmp(path=path)

    assert counted() == file_figures(NEW)
    by_year = {row["key"]: row["total"] for row in sdg_breakdown("year")}
    assert by_year == {2021: sum(file_figures(NEW)[1:])}


def test_an_incident_under_a_web_id_and_a_main_id_is_one_incident_with_both_sources():
    incidents_import_mmp(path=OLD)

    report = incidents_import_mmp(path=NEW)

    incident = Incident.objects.get(mmp_id="2021.MMP00731")
    assert sorted(incident.sources.values_list("mmp_id", flat=True)) == [
        "2021.MMP00731",
        "web-58641",
    ]
    assert (incident.dead, incident.missing) == (2, 9)
    assert incident.mmp_export == MmpExport.objects.get(name=NEW.name)
    assert report.recognised == 17 and report.imported == 84 - 17
    assert not Incident.objects.filter(mmp_id="web-58641").exists()


def test_an_incident_is_found_by_any_export_s_id_for_it():
    from waypost.incidents.selectors import incident_by_mmp_id

    incidents_import_mmp(path=OLD)
    incidents_import_mmp(path=NEW)

    incident = incident_by_mmp_id("web-58641")  # as remains exported before refer to it
    assert incident is not None and incident.mmp_id == "2021.MMP00731"
    assert incident_by_mmp_id("2021.MMP00731") == incident
    assert incident_by_mmp_id("web-0") is None


def test_figures_come_from_the_newest_export_even_when_it_is_imported_first():
    incidents_import_mmp(path=NEW)
    before = {i.pk: (i.dead, i.missing, i.place) for i in Incident.objects.all()}

    report = incidents_import_mmp(path=OLD)

    assert report.recognised == 17 and report.imported == 2
    after = {i.pk: (i.dead, i.missing, i.place) for i in Incident.objects.filter(pk__in=before)}
    assert after == before
    assert Incident.objects.get(sources__mmp_id="web-58641").mmp_id == "2021.MMP00731"


def test_what_a_newer_complete_export_no_longer_lists_is_kept_but_not_counted():
    incidents_import_mmp(path=OLD)
    report = incidents_import_mmp(path=NEW)

    withdrawn = Incident.objects.filter(withdrawn_by__isnull=False)
    # Neither is certainly one of the new export's rows: IOM moved the first boat 87 km
    # and the second 2,158 km (both with the same counts and links), so they wait for review.
    assert report.withdrawn == withdrawn.count() == 2
    assert set(withdrawn.values_list("mmp_id", flat=True)) == {"web-58621", "web-58586"}
    assert all(i.withdrawn_by.name == NEW.name for i in withdrawn)


def test_reimporting_either_export_changes_nothing():
    incidents_import_mmp(path=OLD)
    incidents_import_mmp(path=NEW)
    figures, pairs = counted(), IncidentPair.objects.count()

    again_old = incidents_import_mmp(path=OLD)
    again_new = incidents_import_mmp(path=NEW)

    assert (again_old.imported, again_old.updated, again_old.recognised) == (0, 0, 0)
    assert (again_new.imported, again_new.updated, again_new.unchanged) == (0, 0, 84)
    assert counted() == figures and IncidentPair.objects.count() == pairs


def test_uncertain_matches_wait_for_review_as_pairs():
    incidents_import_mmp(path=OLD)
    report = incidents_import_mmp(path=NEW)

    assert report.to_review == IncidentPair.objects.count() == 2
    zuwara = Incident.objects.get(mmp_id="web-58586")  # a boat capsized off Zuwara
    pair = IncidentPair.objects.get(Q(first=zuwara) | Q(second=zuwara))
    other = pair.second if pair.first == zuwara else pair.first
    assert other.mmp_id == "2021.MMP00719" and not pair.certain
    assert dict(pair.evidence)["km"] == 87.0 and dict(pair.evidence)["link"] is True


def _newer_selection(tmp_path: Path, keep: int) -> Path:
    """The new excerpt cut to its first ``keep`` rows, with a newer date on the last row."""
    with NEW.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1 : keep + 1]
    body[-1][header.index("Incident Date")] = "2021-09-30"
    path = tmp_path / "selection.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *body])
    return path


def test_a_newer_export_withdraws_what_it_covers_and_drops_unless_it_is_a_selection(tmp_path):
    incidents_import_mmp(path=NEW)
    selection = _newer_selection(tmp_path, keep=40)

    as_selection = incidents_import_mmp(path=selection, partial=True)
    assert as_selection.withdrawn == 0 and counted()[0] == 84

    complete = incidents_import_mmp(path=selection)
    assert complete.withdrawn == 44 and counted()[0] == 40
    assert "no longer lists 44 of the 84 incidents" in complete.notices[0]

    again = incidents_import_mmp(path=selection, partial=True)
    assert again.restored == 44 and counted()[0] == 84


def test_an_organisations_record_of_an_mmp_incident_is_proposed_as_certain_never_merged(
    caseworker,
):
    incidents_import_mmp(path=NEW)
    mmp = Incident.objects.get(mmp_id="2021.MMP00731")

    own = incident_save(
        actor=caseworker,
        date=mmp.date,
        latitude=mmp.latitude,
        longitude=mmp.longitude,
        dead=mmp.dead,
        missing=mmp.missing,
        place=mmp.place,
        source={"name": "Our own boat team", "url": mmp.sources.get().url},
    )

    pair = IncidentPair.objects.get()
    assert {pair.first, pair.second} == {mmp, own} and pair.certain
    assert Incident.objects.filter(pk=own.pk).exists()


@pytest.fixture
def reviewer(make_user, organisation):
    return make_user(organisation, Role.REVIEWER)


def test_the_review_page_merges_many_pairs_in_one_post(client, reviewer):
    incidents_import_mmp(path=OLD)
    incidents_import_mmp(path=NEW)
    figures = counted()
    pairs = list(IncidentPair.objects.all())
    client.login(username=reviewer.username, password=PASSWORD)

    page = client.get("/en/incidents/duplicates/")
    assert page.status_code == 200
    text = page.content.decode()
    assert all(f'value="{pair.pk}"' in text for pair in pairs)

    response = client.post(
        "/en/incidents/duplicates/",
        {"action": "merge", "pair": [pairs[0].pk, pairs[1].pk]},
    )

    assert response.status_code == 302
    assert not IncidentPair.objects.filter(pk__in=[pairs[0].pk, pairs[1].pk]).exists()
    assert counted() == figures  # an older version merged in changes no figure


def test_pairs_marked_distinct_are_not_proposed_again(client, reviewer):
    incidents_import_mmp(path=OLD)
    incidents_import_mmp(path=NEW)
    pairs = list(IncidentPair.objects.values_list("pk", flat=True))
    client.login(username=reviewer.username, password=PASSWORD)

    client.post("/en/incidents/duplicates/", {"action": "distinct", "pair": pairs})
    incidents_import_mmp(path=OLD)

    assert IncidentPair.objects.filter(distinct=False).count() == 0
    assert "No possible duplicates" in client.get("/en/incidents/duplicates/").content.decode()


def test_accept_all_certain_merges_every_certain_pair_on_every_page(client, reviewer, caseworker):
    incidents_import_mmp(path=NEW)
    # Three boats no other record is like (a record like several is never certain).
    mmp_incidents = list(
        Incident.objects.filter(mmp_id__in=["2021.MMP00731", "2021.MMP00724", "2021.MMP00722"])
    )
    for mmp in mmp_incidents:
        incident_save(
            actor=caseworker,
            date=mmp.date,
            latitude=mmp.latitude,
            longitude=mmp.longitude,
            dead=mmp.dead,
            missing=mmp.missing,
            place=mmp.place,
            source={"name": "Our own record", "url": mmp.sources.get().url},
        )
    assert IncidentPair.objects.filter(certain=True).count() == 3
    client.login(username=reviewer.username, password=PASSWORD)

    client.post("/en/incidents/duplicates/", {"action": "merge_certain"})

    assert not IncidentPair.objects.filter(certain=True).exists()
    for mmp in mmp_incidents:
        assert "Our own record" in mmp.sources.values_list("name", flat=True)
    assert counted()[0] == 84


def test_the_review_page_reads_a_fixed_number_of_queries_however_many_pairs(
    client, reviewer, django_assert_max_num_queries
):
    incidents_import_mmp(path=OLD)
    incidents_import_mmp(path=NEW)
    client.login(username=reviewer.username, password=PASSWORD)

    with django_assert_max_num_queries(12):
        assert client.get("/en/incidents/duplicates/").status_code == 200


def test_a_withdrawn_incident_is_listed_apart_and_says_why_on_its_page(client, caseworker):
    incidents_import_mmp(path=OLD)
    incidents_import_mmp(path=NEW)
    withdrawn = Incident.objects.get(mmp_id="web-58586")
    client.login(username=caseworker.username, password=PASSWORD)

    assert "web-58586" not in client.get("/en/incidents/").content.decode()
    assert "web-58586" in client.get("/en/incidents/", {"status": "withdrawn"}).content.decode()
    page = client.get(f"/en/incidents/{withdrawn.pk}/").content.decode()
    assert "Not counted: the newer MMP export" in page and NEW.name in page
