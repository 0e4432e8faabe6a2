"""A post's indicators link to complaints against its kind of authority where it is:
counts from the reporting module's published statistics, small ones suppressed, never a
report, and nothing from a recipient that does not publish (the firewall)."""

from __future__ import annotations

import pytest
import time_machine

from waypost.accounts.roles import OrganisationKind, Role
from waypost.reporting import services as reporting
from waypost.reporting.models import Report
from waypost.reporting.tests.conftest import SECRET_ACCOUNT, SECRET_PLACE, submission
from waypost.training import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_organisation, make_user):
    nhri = make_organisation(kind=OrganisationKind.NHRI, country="ITA", name="Garante")
    reporting.channel_set(actor=None, organisation=nhri, accepts_reports=True, countries=["ITA"])
    quiet = make_organisation(kind=OrganisationKind.NGO, country="ITA", name="Quiet NGO")
    reporting.channel_set(
        actor=None,
        organisation=quiet,
        accepts_reports=True,
        countries=["ITA"],
        publishes_statistics=False,
    )
    police = make_organisation(
        kind=OrganisationKind.LAW_ENFORCEMENT, country="ITA", name="Coastal Border Police"
    )
    services.post_set(
        organisation=police, code="port", name="Port", staff=10, authority_kind="border-guard"
    )
    return {
        "nhri": nhri,
        "quiet": quiet,
        "nhri_handler": make_user(nhri, Role.CASEWORKER, username="nhri-handler"),
        "quiet_handler": make_user(quiet, Role.CASEWORKER, username="quiet-handler"),
        "police_admin": make_user(police, Role.ADMIN, username="police-admin"),
    }


def complaint(
    world, recipient, authority="border-guard", country="ITA", violation="collective-expulsion"
):
    handler = world[f"{recipient}_handler"]
    report, _receipt = reporting.report_submit(
        submission=submission(world[recipient], country="ITA")
    )
    reporting.event_save(
        actor=handler, report=report, title="t", country=country, start_date="2026-03"
    )
    reporting.perpetrator_add(
        actor=handler, report=report, category="authority", authority_kind=authority
    )
    reporting.act_add(actor=handler, report=report, violation_type=violation)
    return report


def indicators(api_client_for, world):
    api = api_client_for(world["police_admin"])
    response = api.get("/api/v1/training/indicators/", {"post": "port"})
    assert response.status_code == 200, response.content
    return response.content.decode(), response.json()["complaints_last_12_months"]


@time_machine.travel("2026-04-01")
def test_complaints_are_counted_by_authority_and_place_and_small_counts_hidden(
    world, api_client_for
):
    for _ in range(4):
        complaint(world, "nhri")
    complaint(world, "nhri", authority="police")  # another authority
    complaint(world, "nhri", country="LBY")  # another place

    _raw, few = indicators(api_client_for, world)
    assert few["total"] is None and few["by_violation"] == []  # 4 < 5: suppressed
    assert (few["country"], few["authority"], few["suppressed_below"]) == ("ITA", "border-guard", 5)

    complaint(world, "nhri", violation="torture-ill-treatment")
    raw, enough = indicators(api_client_for, world)
    assert enough["total"] == 5
    # 4 expulsions and 1 ill-treatment: the small cell and the next one are both hidden.
    assert {c["violation"]: c["count"] for c in enough["by_violation"]} == {
        "collective-expulsion": None,
        "torture-ill-treatment": None,
    }
    # Counts only: no report, receipt, account or place reaches the border police.
    for report in Report.objects.all():
        assert str(report.public_id) not in raw and report.reference not in raw
    assert SECRET_ACCOUNT not in raw and SECRET_PLACE not in raw


@time_machine.travel("2026-04-01")
def test_reports_to_a_recipient_that_does_not_publish_never_reach_the_border_police(
    world, api_client_for, client
):
    for _ in range(6):
        complaint(world, "quiet")

    _raw, counted = indicators(api_client_for, world)
    client.force_login(world["police_admin"])
    page = client.get("/en/training/").content.decode()

    assert counted["total"] == 0
    assert SECRET_ACCOUNT not in page and SECRET_PLACE not in page
    assert "/en/report/statistics/" in page  # the aggregate link, not one to a report


@time_machine.travel("2026-04-01")
def test_the_training_page_shows_the_complaints_of_a_post_in_arabic(world, client):
    for _ in range(5):
        complaint(world, "nhri")
    client.force_login(world["police_admin"])

    page = client.get("/ar/training/").content.decode()

    assert 'dir="rtl"' in page and "Port" in page
    assert ">5 <" in page or ">5<" in page
    assert "/ar/report/statistics/" in page
