"""The visit, statistics and register pages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.utils import timezone

from waypost.accounts.roles import OrganisationKind, Role
from waypost.detention import selectors, services
from waypost.detention.models import Detention, Recommendation, Visit


def test_a_monitor_records_a_visit_and_follows_a_recommendation_up(client, monitor, facility):
    client.force_login(monitor)

    response = client.post(
        "/en/detention/visits/new/",
        {
            "facility": facility.pk,
            "visited_on": (timezone.localdate() - timedelta(days=2)).isoformat(),
            "access": "partial",
            "team": "Monitor A\nDoctor B",
            "aspect": "conditions",
            "standard": "Mandela Rules 13-17",
            "severity": "high",
            "finding": "Cells for 4 hold 9.",
            "addressee": "Ministry of the Interior",
            "recommendation": "Reduce occupancy.",
        },
    )

    visit = Visit.objects.get()
    assert response.status_code == 302
    assert visit.team == ["Monitor A", "Doctor B"]
    report = client.get(f"/en/detention/visits/{visit.pk}/").content.decode()
    assert "Cells for 4 hold 9." in report and "Material conditions" in report
    recommendation = Recommendation.objects.get()
    client.post(
        f"/en/detention/recommendations/{recommendation.pk}/follow-up/",
        {f"r{recommendation.pk}-status": "implemented"},
    )
    recommendation.refresh_from_db()
    assert recommendation.status == "implemented"


def test_another_organisation_cannot_follow_up_a_recommendation(
    client, monitor, other_caseworker, facility
):
    visit = services.visit_create(
        actor=monitor,
        facility=facility,
        visited_on=timezone.localdate(),
        access="granted",
        recommendations=[{"addressee": "Ministry", "text": "Act."}],
    )
    recommendation = visit.recommendations.get()
    client.force_login(other_caseworker)

    response = client.post(
        f"/en/detention/recommendations/{recommendation.pk}/follow-up/",
        {f"r{recommendation.pk}-status": "implemented"},
    )

    assert response.status_code == 404
    recommendation.refresh_from_db()
    assert recommendation.status == "open"


def test_statistics_count_by_facility_age_group_and_notification_on_time(client, monitor, facility):
    arrested = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    held = services.detention_create(
        actor=monitor,
        person={"name": "Zhangmarker", "age": 15, "nationality": "CHN"},
        facility=facility,
        arrested_at=arrested,
    )
    services.event_record(
        actor=monitor, detention=held, kind="notified", at=arrested + timedelta(hours=10)
    )
    services.detention_create(
        actor=monitor,
        person={"name": "Perezmarker", "age": 40, "nationality": "HND"},
        facility=facility,
        arrested_at=arrested,
    )

    figures = selectors.statistics(user=monitor)

    assert figures["total"] == 2 and figures["children"] == 1
    assert figures["by_facility"] == [(facility.name, 2)]
    assert figures["by_age_group"] == [("12-17", 1), ("18-59", 1)]
    assert (figures["notifications_due"], figures["notifications_on_time"]) == (1, 1)
    client.force_login(monitor)
    page = client.get("/en/detention/statistics/").content.decode()
    assert "12-17" in page
    assert "Zhangmarker" not in page and "Perezmarker" not in page


def test_the_register_is_completed_from_the_records_page(client, monitor, facility):
    held = services.detention_create(
        actor=monitor,
        person={"name": "Wang Li", "birth_date": "1991", "nationality": "CHN"},
        facility=facility,
        arrested_at=datetime(2026, 3, 2, 10, 0, tzinfo=UTC),
    )
    client.force_login(monitor)
    assert "Complete the register" in client.get(f"/en/detention/{held.pk}/").content.decode()

    response = client.post(
        f"/en/detention/{held.pk}/edit/",
        {
            "name": "Wang Li",
            "nationality": "CHN",
            "admitted_at": "2026-03-02T12:00",
            "arrest_place": "Miami",
            "authority": "ICE",
            "legal_basis": "8 U.S.C. 1226",
            "reasons": "Overstay",
            "injuries": "none visible",
            "ill_treatment": "none reported",
            "no_property": "on",
            "family": "Wang Mei",
            "emergency_contact": "Wang Jun",
        },
    )

    assert response.status_code == 302
    held = Detention.objects.get(pk=held.pk)
    assert selectors.register_missing(held) == []
    assert held.birth_date == "1991"  # the partial date the form cannot show is kept
    assert held.property == [] and held.family == [{"name": "Wang Mei"}]


def test_the_facilities_page_maps_the_facilities_with_coordinates(
    client, monitor, facility, other_facility
):
    client.force_login(monitor)

    page = client.get("/fr/detention/facilities/").content.decode()

    # One dot (the other facility has no coordinates), written for a program, not a reader.
    assert page.count("<circle") == 1
    assert 'cx="99.51"' in page and 'cy="64.25"' in page


def test_the_record_shows_reviews_and_alternatives_given_through_the_api(
    client, api_client_for, monitor, facility
):
    held = services.detention_create(
        actor=monitor,
        person={"name": "Wang Li", "age": 35, "nationality": "CHN"},
        facility=facility,
        arrested_at=datetime(2026, 3, 2, 10, 0, tzinfo=UTC),
    )
    api_client_for(monitor).patch(
        f"/api/v1/detentions/{held.pk}/",
        {
            "reviews": [{"on": "2026-03-09", "kind": "bond hearing", "outcome": "denied"}],
            "alternatives": [{"measure": "reporting weekly", "offered": False, "why_not": "x"}],
        },
        format="json",
    )
    client.force_login(monitor)

    page = client.get(f"/en/detention/{held.pk}/").content.decode()

    assert "bond hearing" in page and "2026-03-09" in page and "reporting weekly" in page


def test_the_records_page_takes_judicial_reviews_and_alternatives(
    client, api_client_for, monitor, facility
):
    held = services.detention_create(
        actor=monitor,
        person={"name": "Wang Li", "age": 35, "nationality": "CHN"},
        facility=facility,
        arrested_at=datetime(2026, 3, 2, 10, 0, tzinfo=UTC),
    )
    client.force_login(monitor)
    page = client.get(f"/en/detention/{held.pk}/").content.decode()
    assert f'action="/en/detention/{held.pk}/reviews/"' in page
    assert f'action="/en/detention/{held.pk}/alternatives/"' in page

    for body in (
        {"review-on": "2026-03-09", "review-kind": "bond hearing", "review-outcome": "denied"},
        {"review-on": "2026-03-23", "review-kind": "judicial review", "review-outcome": ""},
    ):
        response = client.post(f"/en/detention/{held.pk}/reviews/", body)
        assert response.status_code == 302
    client.post(
        f"/en/detention/{held.pk}/alternatives/",
        {
            "alternative-measure": "reporting weekly",
            "alternative-offered": "on",
            "alternative-why_not": "",
        },
    )
    # A review without its date is refused, and nothing is added.
    client.post(f"/en/detention/{held.pk}/reviews/", {"review-kind": "appeal"})

    held = Detention.objects.get(pk=held.pk)
    assert held.reviews == [
        {"on": "2026-03-09", "kind": "bond hearing", "outcome": "denied"},
        {"on": "2026-03-23", "kind": "judicial review", "outcome": ""},
    ]
    assert held.alternatives == [{"measure": "reporting weekly", "offered": True, "why_not": ""}]
    # The API reads what the page wrote.
    detail = api_client_for(monitor).get(f"/api/v1/detentions/{held.pk}/").json()
    assert [r["kind"] for r in detail["reviews"]] == ["bond hearing", "judicial review"]
    assert detail["alternatives"][0]["offered"] is True
    page = client.get(f"/en/detention/{held.pk}/").content.decode()
    assert "judicial review" in page and "reporting weekly" in page


def test_another_organisation_cannot_add_a_review(
    client, monitor, facility, make_organisation, make_user
):
    held = services.detention_create(
        actor=monitor,
        person={"name": "Wang Li", "age": 35, "nationality": "CHN"},
        facility=facility,
        arrested_at=datetime(2026, 3, 2, 10, 0, tzinfo=UTC),
    )
    other = make_user(make_organisation(kind=OrganisationKind.NGO, name="Other"), Role.CASEWORKER)
    client.force_login(other)

    response = client.post(
        f"/en/detention/{held.pk}/reviews/",
        {"review-on": "2026-03-09", "review-kind": "bond hearing"},
    )
    alternative = client.post(
        f"/en/detention/{held.pk}/alternatives/", {"alternative-measure": "bail"}
    )

    assert response.status_code == 404 and alternative.status_code == 404
    held = Detention.objects.get(pk=held.pk)
    assert not held.reviews and not held.alternatives
