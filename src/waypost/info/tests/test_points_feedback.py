"""Information points and their posters; anonymous feedback, moderated by the information
team, never by the provider nor past the firewall; counts and exports without identities."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from waypost.accounts.roles import Role
from waypost.core.exceptions import ApplicationError, PermissionDenied
from waypost.info import hours, selectors, services
from waypost.info.models import FeedbackStatus, ServiceFeedback
from waypost.info.poster import poster_pdf, printable

pytestmark = pytest.mark.django_db


def test_a_point_has_its_fields_on_its_page(point):
    page = Client().get(f"/en/info/points/{point.pk}/").content.decode()
    for text in (
        "Agadez bus station desk",
        "Bus station",
        "Child-friendly space",
        "Women only",
        "Wednesday",
        "14:00-17:00",
    ):
        assert text in page, text
    tigrinya = Client().get(f"/en/info/points/{point.pk}/?language=ti").content.decode()
    assert "ቦታ ሓበሬታ ኣጋዴዝ" in tigrinya


def test_the_poster_pdf_has_a_qr_code_and_the_arabic_name(point):
    response = Client().get(f"/ar/info/points/{point.pk}/poster.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert b"re" in response.content  # the QR code's squares
    assert "information-point" in response["Content-Disposition"]


def test_the_poster_page_prints_every_language_with_its_direction_and_the_qr_code(point):
    page = Client().get(f"/fr/info/points/{point.pk}/poster/").content.decode()

    assert "<svg" in page
    assert 'lang="ar" dir="rtl"' in page and 'lang="ti" dir="ltr"' in page
    assert f"/fr/info/points/{point.pk}/" in page  # the QR code's address, printed
    assert "scannez le code" in page or "scan the code" in page


def test_the_pdf_font_check_leaves_out_scripts_it_cannot_write():
    assert printable("مكتب محطة الحافلات") and printable("Gare routière")
    assert printable("ቦታ ሓበሬታ")  # Tigrinya, through the bundled Ethiopic font
    assert not printable("தகவல் மையம்")  # Tamil: neither bundled font writes it


def test_the_poster_pdf_writes_tigrinya_with_the_ethiopic_font():
    pdf, left_out = poster_pdf(
        title="Poster",
        blocks=[
            {"language": "ti", "direction": "ltr", "lines": ["ቦታ ሓበሬታ", "ሰዓታት"]},
            {"language": "ta", "direction": "ltr", "lines": ["தகவல் மையம்"]},
        ],
        url="https://waypost.example/ti/info/points/1/",
        facts=[],
    )

    assert left_out == ["ta"]
    assert b"NotoSansEthiopic" in pdf


def test_feedback_is_anonymous_and_waits_for_moderation(directory, client):
    service_id = directory["agadez"].pk
    response = client.post(
        f"/en/info/services/{service_id}/", {"rating": "2", "comment": "They asked for my papers."}
    )
    assert response.status_code == 302
    feedback = ServiceFeedback.objects.get()
    assert feedback.status == FeedbackStatus.PENDING
    assert not hasattr(feedback, "user") and not hasattr(feedback, "ip")
    assert feedback.given_on == timezone.localdate()
    assert (
        "They asked for my papers."
        not in client.get(f"/en/info/services/{service_id}/").content.decode()
    )


def test_feedback_on_a_draft_service_is_refused(directory):
    with pytest.raises(ApplicationError):
        services.feedback_give(service_id=directory["draft"].pk, rating=3)
    with pytest.raises(ApplicationError):
        services.feedback_give(service_id=directory["agadez"].pk, rating=9)


def test_the_provider_never_moderates_feedback_on_its_own_services(directory, provider_admin):
    feedback = services.feedback_give(service_id=directory["agadez"].pk, rating=1, comment="rude")

    assert list(selectors.feedback_to_moderate(provider_admin)) == []
    with pytest.raises(PermissionDenied):
        services.feedback_moderate(actor=provider_admin, feedback=feedback, publish=False)


def test_the_border_authority_never_sees_feedback(directory, border_admin, client):
    services.feedback_give(
        service_id=directory["agadez"].pk, rating=1, comment="beaten at the post"
    )

    assert list(selectors.feedback_to_moderate(border_admin)) == []
    client.force_login(border_admin)
    page = client.get("/en/info/manage/")
    assert "beaten at the post" not in page.content.decode()


def test_the_information_team_publishes_feedback_without_its_author(directory, admin, client):
    service_id = directory["agadez"].pk
    feedback = services.feedback_give(service_id=service_id, rating=5, comment="Good care.")
    client.force_login(admin)
    assert "Good care." in client.get("/en/info/manage/").content.decode()

    client.post(f"/en/info/manage/feedback/{feedback.pk}/", {"decision": "publish"})

    page = Client().get(f"/en/info/services/{service_id}/").content.decode()
    assert "Good care." in page and "Rated" in page
    assert ServiceFeedback.objects.get().status == FeedbackStatus.PUBLISHED


def test_counts_have_no_identities_and_stay_past_the_firewall(
    directory, admin, border_admin, api_client_for, settings
):
    settings.INFO_WEBHOOK_SECRET = "k"
    for urn in ("tel:+22790000001", "tel:+22790000002", "tel:+22790000001"):
        APIClient().post(
            "/api/v1/info/webhook/",
            {"urn": urn, "text": "services", "language": "fr"},
            format="json",
            HTTP_X_WAYPOST_WEBHOOK_SECRET="k",
        )

    counts = api_client_for(admin).get("/api/v1/info/counts/").json()
    assert counts["questions"] == 3 and counts["distinct_contacts"] == 2
    assert counts["by_language"] == {"fr": 3} and counts["by_channel"] == {"sms": 3}
    assert "+2279" not in json.dumps(counts)
    assert api_client_for(border_admin).get("/api/v1/info/counts/").status_code == 403


def test_exports_geojson_and_hxl(directory, point):
    geo = APIClient().get("/api/v1/info/export.geojson", {"language": "ar"}).json()
    kinds = [f["properties"]["record"] for f in geo["features"]]
    assert kinds.count("information_point") == 1 and kinds.count("service") == 2
    assert geo["features"][0]["geometry"]["coordinates"] == [7.9911, 16.9733]

    text = APIClient().get("/api/v1/info/export.hxl").content.decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][:6] == [
        "#meta+type",
        "#meta+id",
        "#loc+name",
        "#org+name",
        "#service+type",
        "#loc+place",
    ]
    assert "#geo+lat" in rows[1] and len(rows) == 5


def test_points_through_the_api(caseworker, api_client_for, make_user, organisation):
    created = api_client_for(caseworker).post(
        "/api/v1/info/points/",
        {"names": {"so": "Xarunta macluumaadka"}, "kind": "remote", "status": "published"},
        format="json",
    )
    assert created.status_code == 201
    [listed] = APIClient().get("/api/v1/info/points/", {"language": "so"}).json()
    assert listed["name"] == "Xarunta macluumaadka"
    analyst = make_user(organisation, Role.ANALYST)
    refused = api_client_for(analyst).post(
        "/api/v1/info/points/", {"names": {"en": "x"}, "kind": "remote"}, format="json"
    )
    assert refused.status_code == 403


@pytest.mark.parametrize(
    ("value", "moment", "expected"),
    [
        ("08:00-18:00", "2026-03-02 09:00", True),
        ("08:00-18:00", "2026-03-02 19:00", False),
        ("08:00-12:00, 14:00-18:00", "2026-03-02 13:00", False),
        ("20:00-06:00", "2026-03-02 02:00", True),
        ("24/7", "2026-03-02 03:00", True),
        ({"mon": ["08:00-17:00"]}, "2026-03-02 10:00", True),  # a Monday
        ({"mon": ["08:00-17:00"]}, "2026-03-03 10:00", False),  # Tuesday: not listed, closed
        ("by appointment", "2026-03-02 10:00", None),
        ("", "2026-03-02 10:00", None),
    ],
)
def test_open_now(value, moment, expected):
    assert hours.open_at(value, datetime.fromisoformat(moment)) is expected


def test_a_flood_of_feedback_from_one_client_is_stopped(directory, client):
    path = f"/en/info/services/{directory['agadez'].pk}/"
    for _ in range(5):
        assert client.post(path, {"rating": "1"}).status_code == 302
    assert client.post(path, {"rating": "1"}).status_code == 429
    assert ServiceFeedback.objects.count() == 5
