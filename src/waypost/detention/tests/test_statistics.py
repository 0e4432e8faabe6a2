"""The detention statistics API: counts only, protected with the deployment's k, and
firewalled from law-enforcement, border and consular organisations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from waypost.accounts.roles import OrganisationKind, Role
from waypost.detention import services
from waypost.protection.models import AuditEntry

ARRESTED = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def _held(monitor, facility, *, age, nationality, sex="M", notified_after=None):
    detention = services.detention_create(
        actor=monitor,
        person={"name": "Marker", "age": age, "sex": sex, "nationality": nationality},
        facility=facility,
        arrested_at=ARRESTED,
    )
    if notified_after is not None:
        services.event_record(
            actor=monitor, detention=detention, kind="notified", at=ARRESTED + notified_after
        )
    return detention


def _rows(body, name):
    return {row["key"]: (row["count"], row["suppressed"]) for row in body[name]}


def test_statistics_publish_counts_of_k_or_more_and_hide_the_small_ones(
    api_client_for, monitor, facility, other_facility, settings
):
    settings.STATISTICS_K = 3
    for _ in range(4):
        _held(monitor, facility, age=30, nationality="CHN", notified_after=timedelta(hours=5))
    _held(monitor, facility, age=16, nationality="HND")
    _held(monitor, other_facility, age=40, nationality="HND")

    response = api_client_for(monitor).get("/api/v1/detention-statistics/")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["k"] == 3 and body["total"] == 6
    by_facility = _rows(body, "by_facility")
    # One person at the other facility: under k, and the one left to hide with it (the
    # total is published) so that it cannot be subtracted back.
    assert by_facility[other_facility.name] == (None, True)
    assert by_facility[facility.name] == (None, True)
    # Two HND nationals (under k): CHN is hidden with them, or 6 - 4 would give them away.
    assert _rows(body, "by_nationality") == {"CHN": (None, True), "HND": (None, True)}
    # One child: under k, never published.
    assert body["children"] is None
    assert "Marker" not in response.content.decode()
    # The CHN nationals are under a mandatory rule (USA-CHN), notified on time.
    assert body["notifications_due"] == 4
    assert (body["notifications_on_time"], body["notifications_late"]) == (4, 0)
    assert AuditEntry.objects.filter(action="waypost.detention.statistics.read").exists()


def test_on_time_and_late_are_published_together_or_not_at_all(
    api_client_for, monitor, facility, settings
):
    settings.STATISTICS_K = 2
    for _ in range(2):
        _held(monitor, facility, age=30, nationality="CHN", notified_after=timedelta(hours=5))
    for _ in range(2):
        _held(monitor, facility, age=30, nationality="CHN", notified_after=timedelta(hours=80))
    _held(monitor, facility, age=30, nationality="CHN", notified_after=timedelta(hours=90))

    body = api_client_for(monitor).get("/api/v1/detention-statistics/").json()

    assert body["notifications_due"] == 5
    assert (body["notifications_on_time"], body["notifications_late"]) == (2, 3)
    assert body["median_days"] is not None
    assert _rows(body, "by_age_group") == {"18-59": (5, False)}
    assert _rows(body, "by_sex") == {"M": (5, False)}


def test_a_small_organisation_sees_no_median_and_no_total(
    api_client_for, monitor, facility, settings
):
    settings.STATISTICS_K = 5
    _held(monitor, facility, age=30, nationality="CHN")

    body = api_client_for(monitor).get("/api/v1/detention-statistics/").json()

    assert body["total"] is None and body["median_days"] is None
    assert _rows(body, "by_facility") == {facility.name: (None, True)}


def test_other_organisations_records_are_not_counted(
    api_client_for, monitor, facility, make_organisation, make_user, settings
):
    settings.STATISTICS_K = 1
    _held(monitor, facility, age=30, nationality="CHN")
    other = make_user(
        make_organisation(kind=OrganisationKind.NGO, name="Other NGO"), Role.CASEWORKER
    )

    body = api_client_for(other).get("/api/v1/detention-statistics/").json()

    assert body["total"] == 0 and body["by_facility"] == []


@pytest.mark.parametrize(
    "kind",
    [
        OrganisationKind.LAW_ENFORCEMENT,
        OrganisationKind.BORDER_AUTHORITY,
        OrganisationKind.CONSULATE,
    ],
)
def test_the_firewall_refuses_the_statistics_to_enforcement_and_consulates(
    api_client_for, monitor, facility, make_organisation, make_user, kind, settings
):
    settings.STATISTICS_K = 1
    _held(monitor, facility, age=16, nationality="CHN")
    user = make_user(make_organisation(kind=kind, name="Them", country="CHN"), Role.CASEWORKER)

    response = api_client_for(user).get("/api/v1/detention-statistics/")

    assert response.status_code == 403
    assert "children" not in response.json()


def test_the_children_are_hidden_when_one_of_their_age_groups_is(
    api_client_for, monitor, facility, settings
):
    settings.STATISTICS_K = 3
    for age, people in ((8, 2), (15, 8), (30, 4), (65, 9)):
        for _ in range(people):
            _held(monitor, facility, age=age, nationality="HND")

    body = api_client_for(monitor).get("/api/v1/detention-statistics/").json()

    # Two under 12 are hidden with the 18-59 group; 12-17 is published.
    assert _rows(body, "by_age_group") == {
        "0-11": (None, True),
        "12-17": (8, False),
        "18-59": (None, True),
        "60+": (9, False),
    }
    # 10 children beside the 8 aged 12-17 would give the two under 12 away.
    assert body["children"] is None
    assert body["total"] == 23


def test_the_children_are_published_when_their_age_groups_are(
    api_client_for, monitor, facility, settings
):
    settings.STATISTICS_K = 3
    for _ in range(3):
        _held(monitor, facility, age=8, nationality="HND")
    for _ in range(4):
        _held(monitor, facility, age=15, nationality="HND")
    for _ in range(5):
        _held(monitor, facility, age=30, nationality="HND")

    body = api_client_for(monitor).get("/api/v1/detention-statistics/").json()

    assert body["children"] == 7
    assert _rows(body, "by_age_group") == {
        "0-11": (3, False),
        "12-17": (4, False),
        "18-59": (5, False),
    }
