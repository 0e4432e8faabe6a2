"""The issue's "Done when", through the API and the command line exactly as written."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from waypost.screening.tests.conftest import consent

pytestmark = pytest.mark.django_db


def screen(client, **extra):
    body = {
        "person": {
            "name": "Yonas Tesfaye",
            "sex": "M",
            "age": 15,
            "nationality": "ERI",
            "languages": ["ti", "ar"],
        },
        "place": "Lampedusa hotspot",
        "concerns": [],
        "travelling": "alone",
        **extra,
    }
    return client.post("/api/v1/screenings/", body, format="json")


def child_protection_service(client):
    response = client.post(
        "/api/v1/services/",
        {
            "name": {"en": "Child protection desk", "ar": "مكتب حماية الطفل"},
            "type": "child_protection",
            "languages": ["ar", "en", "ti"],
            "location": {"lat": 35.5, "lon": 12.6, "place": "Lampedusa"},
            "hours": "Every day 8-20",
            "eligibility": {"age_max": 17},
            "status": "published",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    return response.json()["id"]


def overdue_ids(now):
    from io import StringIO

    out = StringIO()
    call_command("referrals", "overdue", "--now", now.isoformat(), "--json", stdout=out)
    return [row["id"] for row in json.loads(out.getvalue())]


def test_a_15_year_old_alone_is_an_unaccompanied_child_whose_emergency_referral_is_due_in_24_hours(
    caseworker, child_protection_worker, api_client_for
):
    sender = api_client_for(caseworker)
    service = child_protection_service(api_client_for(child_protection_worker))

    screened = screen(sender)
    assert screened.status_code == 201, screened.content
    body = screened.json()
    assert "SC-UC" in body["specific_needs"]
    assert body["is_child"] is True
    assert body["risk_level"] == "high"

    before = timezone.now()
    referred = sender.post(
        "/api/v1/referrals/",
        {
            "screening": body["id"],
            "service": service,
            "priority": "emergency",
            "shared_fields": ["name", "age", "specific_needs"],
            "consent": consent(),
        },
        format="json",
    )
    assert referred.status_code == 201, referred.content
    referral = referred.json()
    due = timezone.datetime.fromisoformat(referral["due_at"])
    assert timedelta(hours=24) <= due - before < timedelta(hours=24, seconds=30)

    assert referral["id"] in overdue_ids(before + timedelta(hours=25))
    assert referral["id"] not in overdue_ids(before + timedelta(hours=23))
    listed = api_client_for(child_protection_worker).get("/api/v1/referrals/?overdue=true")
    assert listed.status_code == 200 and listed.json()["results"] == []


def test_a_referral_without_consent_is_refused(caseworker, child_protection_worker, api_client_for):
    sender = api_client_for(caseworker)
    service = child_protection_service(api_client_for(child_protection_worker))
    screening = screen(sender).json()["id"]

    refused = sender.post(
        "/api/v1/referrals/",
        {
            "screening": screening,
            "service": service,
            "priority": "urgent",
            "shared_fields": ["name"],
        },
        format="json",
    )

    assert refused.status_code == 400
    assert refused["Content-Type"] == "application/problem+json"
    assert refused.json()["code"] == "consent"


def test_a_child_is_never_referred_to_a_border_authority_or_a_detention_service(
    caseworker, border_org, make_user, api_client_for
):
    from waypost.accounts.roles import Role

    sender = api_client_for(caseworker)
    screening = screen(sender).json()["id"]
    guard = api_client_for(make_user(border_org, Role.CASEWORKER))
    detention = guard.post(
        "/api/v1/services/",
        {"name": {"en": "Holding centre"}, "type": "detention", "status": "published"},
        format="json",
    ).json()["id"]

    holding = guard.post(
        "/api/v1/services/",
        {
            "name": {"en": "Transit camp"},
            "type": "shelter",
            "detention": True,
            "status": "published",
        },
        format="json",
    ).json()["id"]

    for target in ({"organisation": border_org.slug}, {"service": detention}, {"service": holding}):
        refused = sender.post(
            "/api/v1/referrals/",
            {
                "screening": screening,
                "priority": "normal",
                "shared_fields": ["name"],
                "consent": consent(),
                **target,
            },
            format="json",
        )
        assert refused.status_code == 400, target
        assert refused.json()["code"] == "firewall"


def test_the_receiving_organisation_reads_only_the_shared_fields(
    caseworker, child_protection_worker, api_client_for
):
    sender = api_client_for(caseworker)
    receiver = api_client_for(child_protection_worker)
    service = child_protection_service(receiver)
    screening = screen(sender, concerns=["trafficking"]).json()["id"]
    referral = sender.post(
        "/api/v1/referrals/",
        {
            "screening": screening,
            "service": service,
            "priority": "urgent",
            "shared_fields": ["name", "sex"],
            "consent": consent(),
        },
        format="json",
    ).json()["id"]

    received = receiver.get(f"/api/v1/referrals/{referral}/").json()
    sent = sender.get(f"/api/v1/referrals/{referral}/").json()

    assert received["name"] == "Yonas Tesfaye" and received["sex"] == "M"
    for hidden in ("age", "nationality", "languages", "concerns", "specific_needs", "consent"):
        assert hidden not in received
    assert "ERI" not in json.dumps(received) and "LP-VT" not in json.dumps(received)
    assert sent["nationality"] == "ERI" and "LP-VT" in sent["specific_needs"]


def test_an_age_assessed_as_16_to_19_is_a_child_while_pending_and_16_after(
    caseworker, api_client_for
):
    client = api_client_for(caseworker)
    screened = screen(client, person={"name": "Adam Bakri", "sex": "M", "age": 20}).json()
    assert screened["is_child"] is False

    pending = client.post(
        "/api/v1/age-assessments/",
        {
            "screening": screened["id"],
            "status": "pending",
            "age_min": 16,
            "age_max": 19,
            "methods": ["documents", "interview"],
        },
        format="json",
    )
    assert pending.status_code == 201, pending.content
    assert pending.json()["is_child"] is True
    assert client.get(f"/api/v1/screenings/{screened['id']}/").json()["is_child"] is True

    done = client.patch(
        f"/api/v1/age-assessments/{pending.json()['id']}/",
        {"status": "completed", "range": {"min": 16, "max": 19}},
        format="json",
    )
    assert done.status_code == 200, done.content
    assert done.json()["age_used"] == 16 and done.json()["is_child"] is True
    detail = client.get(f"/api/v1/screenings/{screened['id']}/").json()
    assert detail["age_used"] == 16 and detail["is_child"] is True
    assert detail["age"] == 20  # the age the person gave is never overwritten


def test_overdue_referrals_remind_the_receivers_without_naming_anyone(
    caseworker, child_protection_worker, api_client_for, mailoutbox
):
    from io import StringIO

    child_protection_worker.email = "desk@example.org"
    child_protection_worker.save()
    sender = api_client_for(caseworker)
    service = child_protection_service(api_client_for(child_protection_worker))
    screening = screen(sender).json()["id"]
    sender.post(
        "/api/v1/referrals/",
        {
            "screening": screening,
            "service": service,
            "priority": "urgent",
            "shared_fields": ["name"],
            "consent": consent(),
        },
        format="json",
    )
    later = timezone.now() + timedelta(hours=73)
    out = StringIO()
    call_command("referrals", "overdue", "--now", later.isoformat(), "--remind", stdout=out)

    assert "1 reminder(s) sent." in out.getvalue()
    assert [m.to for m in mailoutbox] == [["desk@example.org"]]
    assert "Yonas" not in mailoutbox[0].body and "1 referral" in mailoutbox[0].body


def test_an_admin_maps_a_new_concern_and_workers_pick_it(admin, caseworker, api_client_for):
    changed = api_client_for(admin).put(
        "/api/v1/concerns/boat_survivor/",
        {"specific_needs": ["LP-MD", "SM-OT"], "labels": {"en": "Survivor of a shipwreck"}},
        format="json",
    )
    assert changed.status_code == 200, changed.content
    refused = api_client_for(admin).put(
        "/api/v1/concerns/x/", {"specific_needs": ["ZZ-99"]}, format="json"
    )
    assert refused.status_code == 400

    client = api_client_for(caseworker)
    listed = {c["code"]: c for c in client.get("/api/v1/concerns/").json()["results"]}
    assert listed["boat_survivor"]["specific_needs"] == ["LP-MD", "SM-OT"]
    screened = screen(client, person={"name": "Ali", "age": 30}, concerns=["boat_survivor"])
    assert screened.json()["specific_needs"] == ["LP-MD", "SM-OT"]
    assert (
        api_client_for(caseworker)
        .put("/api/v1/concerns/boat_survivor/", {"specific_needs": []}, format="json")
        .status_code
        == 403
    )


def test_an_adults_protection_data_never_reaches_law_enforcement_whatever_the_consent(
    caseworker, enforcement_organisation, api_client_for
):
    sender = api_client_for(caseworker)
    adult = screen(sender, person={"name": "Omar", "age": 34}, concerns=["torture_survivor"])
    body = {
        "screening": adult.json()["id"],
        "organisation": enforcement_organisation.slug,
        "priority": "normal",
        "consent": consent(given_by="Omar"),
    }

    refused = sender.post(
        "/api/v1/referrals/", {**body, "shared_fields": ["name", "concerns"]}, format="json"
    )
    allowed = sender.post("/api/v1/referrals/", {**body, "shared_fields": ["name"]}, format="json")

    assert refused.status_code == 400 and refused.json()["code"] == "firewall"
    assert allowed.status_code == 201  # the person asked for it: a name, nothing they told
