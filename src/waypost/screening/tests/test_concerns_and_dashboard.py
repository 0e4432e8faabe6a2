"""The concerns table's admin pages and the overdue referrals on the home dashboard."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from waypost.accounts.roles import Role
from waypost.screening import services
from waypost.screening.models import Concern, Referral
from waypost.screening.tests.conftest import consent

pytestmark = pytest.mark.django_db


def test_an_admin_changes_a_concern_and_the_unhcr_codes_it_maps_to(client, admin, caseworker):
    client.force_login(admin)
    page = client.get("/en/screening/concerns/").content.decode()
    assert "Unaccompanied child" in page and "SC-UC" in page
    assert "/en/screening/concerns/older_person_alone/" in page

    form = client.get("/en/screening/concerns/older_person_alone/").content.decode()
    # UNHCR's codes by group, with UNHCR's words (in English, marked so on every
    # language's page); the unverified one is marked.
    assert '<span lang="en">ER — Older person at risk</span>' in form
    assert '<span lang="en">ER-NF — Unaccompanied older person</span>' in form
    assert '<span lang="en">LP-VT — Victim of trafficking</span> (not in the proGres list)' in form
    changed = client.post(
        "/en/screening/concerns/older_person_alone/",
        {
            "label_en": "Older person travelling alone",
            "label_ar": "مسن يسافر وحده",
            "specific_needs": ["ER-NF", "ER-UR"],
            "high_risk": "on",
            "active": "on",
        },
    )
    assert changed.status_code == 302
    concern = Concern.objects.get(organisation=admin.organisation, code="older_person_alone")
    assert concern.specific_needs == ["ER-NF", "ER-UR"] and concern.high_risk
    assert concern.labels == {"en": "Older person travelling alone", "ar": "مسن يسافر وحده"}

    # A new concern, then a screening that picks it gets its codes.
    client.post(
        "/en/screening/concerns/new/",
        {"code": "boat_survivor", "label_en": "Survivor of a shipwreck",
         "specific_needs": ["LP-MD", "SM-OT"], "active": "on"},
    )  # fmt: skip
    screened = services.screening_create(
        actor=caseworker,
        person={"name": "Idris Adam", "age": 30},
        travelling="family",
        place="Lampedusa",
        concerns=["boat_survivor"],
    )
    assert screened.specific_needs == ["LP-MD", "SM-OT"]

    # A code that is not UNHCR's is refused; nothing changes.
    refused = client.post(
        "/en/screening/concerns/boat_survivor/",
        {"specific_needs": ["XX-YY"], "active": "on"},
    )
    assert refused.status_code == 200
    assert Concern.objects.get(
        organisation=admin.organisation, code="boat_survivor"
    ).specific_needs == [
        "LP-MD",
        "SM-OT",
    ]


def test_only_an_organisations_admins_change_its_concerns(
    client, caseworker, make_organisation, make_user
):
    services.concerns_ensure(caseworker.organisation)
    client.force_login(caseworker)
    assert client.get("/en/screening/concerns/").status_code == 403
    assert client.post("/en/screening/concerns/new/", {"code": "x"}).status_code == 403

    other_admin = make_user(make_organisation(name="Other NGO"), Role.ADMIN)
    client.force_login(other_admin)
    changed = client.post(
        "/en/screening/concerns/unaccompanied/",
        {"specific_needs": ["SC"], "active": "on"},
    )
    assert changed.status_code == 302
    # The other organisation changed its own table, not the caseworker's.
    mine = Concern.objects.get(organisation=caseworker.organisation, code="unaccompanied")
    assert mine.specific_needs == ["SC-UC"]
    theirs = Concern.objects.get(organisation=other_admin.organisation, code="unaccompanied")
    assert theirs.specific_needs == ["SC"]


def test_the_admins_home_links_to_the_concerns_table(client, admin, caseworker):
    client.force_login(admin)
    assert "/en/screening/concerns/" in client.get("/en/").content.decode()
    client.force_login(caseworker)
    assert "/en/screening/concerns/" not in client.get("/en/").content.decode()


def test_overdue_referrals_appear_on_the_receivers_home_with_a_count_and_a_link(
    client, caseworker, child_protection_worker, make_user
):
    screening = services.screening_create(
        actor=caseworker,
        person={"name": "Yonas Tesfaye", "age": 15},
        travelling="alone",
        place="Lampedusa",
        concerns=[],
    )
    service = services.service_create(
        actor=child_protection_worker,
        names={"en": "Child protection desk"},
        type="child_protection",
        status="published",
    )
    for priority in ("emergency", "normal"):
        services.referral_create(
            actor=caseworker,
            screening=screening,
            service=service,
            priority=priority,
            shared_fields=["name"],
            consent=consent(),
        )
    link = 'href="/en/screening/referrals/?box=in&amp;overdue=1"'

    client.force_login(child_protection_worker)
    home = client.get("/en/").content.decode()
    assert link in home and "Overdue referrals" in home and "0 waiting" in home

    # 25 hours later the emergency referral is overdue; the normal one is not.
    Referral.objects.filter(priority="emergency").update(due_at=timezone.now() - timedelta(hours=1))
    home = client.get("/en/").content.decode()
    assert "1 waiting" in home and "Yonas" not in home
    listed = client.get("/en/screening/referrals/?box=in&overdue=1").content.decode()
    assert listed.count('class="overdue"') == 1

    # The sender's home counts what waits for its own answer: nothing.
    client.force_login(caseworker)
    assert "0 waiting" in client.get("/en/").content.decode()
    # A role without personal data has no such card.
    client.force_login(make_user(caseworker.organisation, Role.ADMIN))
    assert "Overdue referrals" not in client.get("/en/").content.decode()
