"""The pages: screening, services, referrals inbox and outbox, children, age assessment."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from waypost.protection.models import AuditEntry
from waypost.screening import selectors, services
from waypost.screening.models import ChildCase, Referral, ReferralStatus
from waypost.screening.tests.conftest import consent

pytestmark = pytest.mark.django_db


def _child(caseworker):
    return services.screening_create(
        actor=caseworker,
        person={"name": "أمل يوسف", "sex": "F", "age": 14, "nationality": "SDN"},
        travelling="alone",
        place="Lampedusa",
        concerns=["trafficking"],
        washington_group={"seeing": 3},
    )


def _service(worker, **extra):
    return services.service_create(
        actor=worker,
        names={"en": "Child protection desk", "ar": "مكتب حماية الطفل"},
        type=extra.pop("type", "child_protection"),
        status="published",
        **extra,
    )


def test_a_caseworker_screens_a_child_through_the_form(client, caseworker):
    client.force_login(caseworker)
    response = client.post(
        "/en/screening/new/",
        {
            "name": "Yonas",
            "sex": "M",
            "age": "15",
            "travelling": "alone",
            "place": "Pozzallo",
            "concerns": ["trafficking"],
            "wg_walking": "4",
            "risk_individual": "no documents",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    screening = selectors.screenings_visible_to(user=caseworker).get()
    assert screening.specific_needs == ["DS-PS", "LP-VT", "SC-UC"]
    assert screening.determinants == {"individual": {"risk": ["no documents"], "protective": []}}
    page = client.get(response["Location"])
    assert "SC-UC" in page.content.decode()
    assert ChildCase.objects.filter(person=screening.person).exists()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_screening_page_answers_in_each_language(
    client, caseworker, child_protection_worker, language
):
    screening = _child(caseworker)
    service = _service(child_protection_worker)
    referral = services.referral_create(
        actor=caseworker,
        screening=screening,
        service=service,
        priority="emergency",
        shared_fields=["name"],
        consent=consent(),
    )
    person = screening.person.pk
    client.force_login(caseworker)
    for path in (
        "",
        "new/",
        f"{screening.pk}/",
        f"{screening.pk}/again/",
        f"{screening.pk}/refer/",
        "referrals/",
        "referrals/?box=out",
        f"referrals/{referral.pk}/",
        "services/",
        "services/new/",
        "children/",
        f"children/{person}/",
        f"people/{person}/age/",
        "statistics/",
    ):
        response = client.get(f"/{language}/screening/{path}")
        assert response.status_code == 200, path
    if language == "ar":
        assert 'dir="rtl"' in response.content.decode()


def test_the_receiver_accepts_and_closes_and_the_sender_cannot(
    client, caseworker, child_protection_worker
):
    screening = _child(caseworker)
    referral = services.referral_create(
        actor=caseworker,
        screening=screening,
        service=_service(child_protection_worker),
        priority="urgent",
        shared_fields=["name", "sex"],
        consent=consent(),
    )
    client.force_login(child_protection_worker)
    inbox = client.get("/en/screening/referrals/?box=in").content.decode()
    assert f"/en/screening/referrals/{referral.pk}/" in inbox
    page = client.get(f"/en/screening/referrals/{referral.pk}/").content.decode()
    assert "أمل يوسف" in page and "LP-VT" not in page and "Sudan" not in page

    client.post(f"/en/screening/referrals/{referral.pk}/accept/")
    client.post(f"/en/screening/referrals/{referral.pk}/done/", {"text": "Placed in care"})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DONE and referral.outcome == "Placed in care"

    client.force_login(caseworker)
    client.post(f"/en/screening/referrals/{referral.pk}/revoke/")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DONE  # a closed referral cannot be revoked


def test_a_revoked_referral_shows_the_receiver_nothing(caseworker, child_protection_worker):
    screening = _child(caseworker)
    referral = services.referral_create(
        actor=caseworker,
        screening=screening,
        service=_service(child_protection_worker),
        priority="normal",
        shared_fields=["name"],
        consent=consent(),
    )
    services.referral_step(actor=caseworker, referral=referral, step="revoke")
    received = selectors.referral_output(
        selectors.referral_get(user=child_protection_worker, pk=referral.pk),
        user=child_protection_worker,
    )
    assert "name" not in received and received["status"] == "revoked"


def test_a_supervisor_not_the_author_approves_a_best_interests_assessment(
    client, caseworker, supervisor
):
    person = _child(caseworker).person
    client.force_login(caseworker)
    client.post(
        f"/en/screening/children/{person.pk}/assessment/",
        {"wishes": "To join her aunt in Milan", "care_arrangement": "Reception centre"},
    )
    bia = person.best_interests_assessments.get()
    client.post(f"/en/screening/children/assessments/{bia.pk}/decision/", {"approve": "1"})
    bia.refresh_from_db()
    assert bia.state == "submitted"  # the author cannot: the caseworker lacks the role

    client.force_login(supervisor)
    client.post(f"/en/screening/children/assessments/{bia.pk}/decision/", {"approve": "1"})
    bia.refresh_from_db()
    assert bia.state == "approved" and bia.decided_by == supervisor
    assert AuditEntry.objects.filter(action="waypost.screening.bia.approved").exists()


def test_a_guardian_not_appointed_by_the_deadline_raises_an_alert(client, caseworker):
    person = _child(caseworker).person
    case = ChildCase.objects.get(person=person)
    case.guardian_due_on = timezone.localdate() - timedelta(days=1)
    case.save()
    client.force_login(caseworker)

    assert "past the deadline" in client.get("/en/screening/children/").content.decode()
    client.post(
        f"/en/screening/children/{person.pk}/guardian/",
        {"guardian": "Maria Rossi", "appointed_on": timezone.localdate().isoformat()},
    )
    assert "past the deadline" not in client.get("/en/screening/children/").content.decode()


def test_a_panel_determination_needs_three_members(caseworker):
    person = _child(caseworker).person
    with pytest.raises(services.ApplicationError):
        services.bid_record(
            actor=caseworker,
            person=person,
            decided_on=date(2026, 1, 5),
            members=["A", "B"],
            evidence="BIA",
            decision="Family reunification",
            reasons="Aunt is able to care",
        )
    bid = services.bid_record(
        actor=caseworker,
        person=person,
        decided_on=date(2026, 1, 5),
        members=["A", "B", "C"],
        evidence="BIA",
        decision="Family reunification",
        reasons="Aunt is able to care",
        review_on=date(2026, 7, 5),
    )
    assert bid.members == ["A", "B", "C"]


def test_a_screening_links_to_a_tracing_record_in_one_action(client, caseworker):
    from waypost.tracing import services as tracing
    from waypost.tracing.models import FoundPerson

    screening = _child(caseworker)
    found = tracing.record_create(actor=caseworker, model=FoundPerson, name="Amal Yousif")
    client.force_login(caseworker)
    client.post(f"/en/screening/{screening.pk}/tracing/", {"kind": "found", "record": found.pk})
    screening.refresh_from_db()
    assert screening.tracing_link == f"found:{found.pk}"


def test_a_supervisor_may_refer_without_consent_with_a_reason_audited(
    caseworker, supervisor, child_protection_worker
):
    screening = _child(caseworker)
    service = _service(child_protection_worker)
    with pytest.raises(services.ApplicationError):
        services.referral_create(
            actor=caseworker,
            screening=screening,
            service=service,
            priority="emergency",
            shared_fields=["name"],
            override_reason="Life at risk",
        )
    assert Referral.objects.count() == 0

    referral = services.referral_create(
        actor=supervisor,
        screening=screening,
        service=service,
        priority="emergency",
        shared_fields=["name"],
        override_reason="Life at risk",
    )
    assert referral.consent_id is None and referral.override_reason == "Life at risk"
    assert AuditEntry.objects.filter(
        action="waypost.screening.referral.consent_overridden", record_id=str(referral.pk)
    ).exists()


def test_statistics_count_screenings_and_referrals(caseworker, child_protection_worker):
    screening = _child(caseworker)
    referral = services.referral_create(
        actor=caseworker,
        screening=screening,
        service=_service(child_protection_worker),
        priority="emergency",
        shared_fields=["name"],
        consent=consent(),
    )
    services.referral_step(actor=child_protection_worker, referral=referral, step="accept")
    assert caseworker.organisation is not None
    screened = selectors.screening_statistics(organisation=caseworker.organisation)
    referred = selectors.referral_statistics(organisation=caseworker.organisation)

    assert screened["concern"] == {"trafficking": 1}
    assert screened["specific_need"] == {"DS-BD": 1, "LP-VT": 1, "SC-UC": 1}
    assert screened["sex"] == {"F": 1} and screened["age_group"] == {"12-17": 1}
    assert referred["priority"] == {"emergency": 1}
    assert referred["service_type"] == {"child_protection": 1}
    assert referred["median_hours_to_acceptance"] is not None
