"""The API contract of issue 34: create, detail kept current, consular events, transfers,
release, the overdue list."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from waypost.detention.models import Detention


def _create(client, facility, **extra):
    arrested = extra.pop("arrested_at", timezone.now() - timedelta(hours=1))
    body = {
        "person": {"name": "Wang Li", "sex": "F", "birth_date": "1990-05-01", "nationality": "CHN"},
        "facility": facility,
        "arrested_at": arrested.isoformat(),
        "admitted_at": (arrested + timedelta(minutes=30)).isoformat(),
        "legal_basis": "8 U.S.C. 1226",
        "asylum_seeker": False,
        **extra,
    }
    return client.post("/api/v1/detentions/", body, format="json")


def test_post_returns_the_id_the_child_alert_and_the_consular_state(
    api_client_for, monitor, facility
):
    client = api_client_for(monitor)
    arrested = (timezone.now() - timedelta(hours=1)).replace(microsecond=0)

    response = _create(client, facility.name, arrested_at=arrested)

    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"id", "child_alert", "consular"}
    assert body["child_alert"] is False
    assert body["consular"]["rule"] == "USA-CHN"
    assert body["consular"]["mandatory"] is True
    assert body["consular"]["blocked"] is False
    assert body["consular"]["due_at"] == (arrested + timedelta(hours=72)).isoformat()
    detail = client.get(f"/api/v1/detentions/{body['id']}/").json()
    for key in ("id", "child_alert", "consular"):
        assert key in detail
    assert detail["consular"]["due_at"] == body["consular"]["due_at"]


def test_the_facility_is_named_by_id_or_by_name(api_client_for, monitor, facility):
    client = api_client_for(monitor)

    by_id = _create(client, facility.pk)
    unknown = _create(client, "Nowhere")

    assert by_id.status_code == 201
    assert unknown.status_code == 400


def test_an_asylum_seeker_is_blocked_and_a_notification_is_refused(
    api_client_for, monitor, facility
):
    client = api_client_for(monitor)
    body = _create(client, facility.pk, asylum_seeker=True).json()

    refused = client.post(
        f"/api/v1/detentions/{body['id']}/consular-events/",
        {"kind": "notified", "at": timezone.now().isoformat()},
        format="json",
    )

    assert body["consular"]["blocked"] is True
    assert body["consular"]["due_at"] is None
    assert refused.status_code == 400
    assert refused.json()["code"] == "asylum"


def test_events_transfers_and_release_keep_the_detail_current(
    api_client_for, monitor, facility, other_facility
):
    client = api_client_for(monitor)
    arrested = timezone.now() - timedelta(days=5)
    pk = _create(client, facility.pk, arrested_at=arrested).json()["id"]
    listed = client.get("/api/v1/detentions/?overdue=consular").json()
    assert [row["id"] for row in listed["results"]] == [pk]
    assert listed["results"][0]["consular"]["overdue"] is True

    informed = client.post(
        f"/api/v1/detentions/{pk}/consular-events/",
        {"kind": "informed", "at": (arrested + timedelta(hours=1)).isoformat(), "language": "zh"},
        format="json",
    )
    notified = client.post(
        f"/api/v1/detentions/{pk}/consular-events/",
        {"kind": "notified", "at": (arrested + timedelta(hours=80)).isoformat(), "means": "fax"},
        format="json",
    )
    assert informed.status_code == notified.status_code == 201
    assert client.get("/api/v1/detentions/?overdue=consular").json()["results"] == []

    moved = timezone.now() - timedelta(hours=1)
    transfer = client.post(
        f"/api/v1/detentions/{pk}/transfers/",
        {"facility": other_facility.name, "at": moved.isoformat()},
        format="json",
    )
    assert transfer.status_code == 201
    detail = client.get(f"/api/v1/detentions/{pk}/").json()
    assert detail["facility"] == other_facility.pk
    assert detail["consular"]["notified_at"] is None
    assert detail["consular"]["due_at"] == (moved + timedelta(hours=72)).isoformat()

    release = client.post(
        f"/api/v1/detentions/{pk}/release/",
        {"at": timezone.now().isoformat(), "kind": "released"},
        format="json",
    )
    assert release.status_code == 200
    assert client.get(f"/api/v1/detentions/{pk}/").json()["released_at"] is not None


def test_the_overdue_filter_refuses_other_values(api_client_for, monitor):
    response = api_client_for(monitor).get("/api/v1/detentions/?overdue=maybe")

    assert response.status_code == 400


def test_patch_completes_the_register(api_client_for, monitor, facility):
    client = api_client_for(monitor)
    pk = _create(client, facility.pk).json()["id"]
    before = client.get(f"/api/v1/detentions/{pk}/").json()["register_missing"]

    response = client.patch(
        f"/api/v1/detentions/{pk}/",
        {
            "reasons": "Overstay",
            "authority": "ICE Miami",
            "arrest_place": "Miami airport",
            "injuries": "none visible",
            "ill_treatment": "none reported",
            "property": [],
            "family": [{"name": "Wang Mei", "relationship": "daughter", "age": 6}],
            "emergency_contact": "Wang Jun, +1 305 000 0000",
        },
        format="json",
    )

    assert "injuries" in before and "family" in before
    assert response.status_code == 200, response.content
    assert response.json()["register_missing"] == []
    row = Detention.objects.get(pk=pk)
    assert b"Wang Mei" not in bytes(row.family_sealed)


def test_a_token_without_the_detention_scope_is_refused(monitor, facility):
    from rest_framework.test import APIClient

    from waypost.accounts import services as accounts

    client = APIClient()
    token = accounts.token_create(user=monitor, scopes=["screening:write"])
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")

    assert client.get("/api/v1/detentions/").status_code == 403


def test_a_detention_links_to_the_organisations_screening_never_anothers(
    api_client_for, monitor, other_caseworker, facility
):
    from waypost.screening import services as screening

    own = screening.screening_create(actor=monitor, person={"name": "Wang Li", "age": 35})
    other = screening.screening_create(actor=other_caseworker, person={"name": "X", "age": 30})
    client = api_client_for(monitor)

    linked = _create(client, facility.pk, screening=own.pk)
    refused = _create(client, facility.pk, screening=other.pk)

    assert linked.status_code == 201
    detail = client.get(f"/api/v1/detentions/{linked.json()['id']}/").json()
    assert detail["screening_link"] == f"screening:{own.pk}"
    assert refused.status_code == 404
    assert Detention.objects.count() == 1
