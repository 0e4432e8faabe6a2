"""Issue 35's "done when": the directory near Agadez in Arabic, articles in Tigrinya, stale
articles flagged, the contracts of the API, and the public pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from waypost.accounts.roles import Role
from waypost.info import services
from waypost.info.models import Article, ArticleTranslation, PublicationStatus

pytestmark = pytest.mark.django_db


def test_services_near_agadez_in_arabic_list_agadez_first_with_arabic_text(directory):
    response = APIClient().get(
        "/api/v1/info/services/", {"near": "16.97,7.99", "language": "ar", "type": "health"}
    )

    assert response.status_code == 200
    results = response.json()["results"]
    assert [s["location"]["place"] for s in results] == ["Agadez", "Tripoli"]
    first = results[0]
    assert first["name"] == "المركز الصحي في أغاديز"
    assert first["name_language"] == "ar"
    assert first["distance_km"] < 1
    assert results[1]["distance_km"] > 1500
    assert results[1]["open_now"] is True  # open day and night
    assert isinstance(first["open_now"], bool)


def test_the_public_directory_has_no_draft_and_no_place_where_people_are_held(directory):
    results = APIClient().get("/api/v1/info/services/").json()["results"]

    ids = {s["id"] for s in results}
    assert directory["draft"].pk not in ids
    assert directory["held"].pk not in ids
    assert {directory["agadez"].pk, directory["tripoli"].pk} <= ids


def test_services_filter_by_language_spoken_and_bad_coordinates_are_refused(directory):
    spoken = APIClient().get("/api/v1/info/services/", {"speaks": "ha"}).json()["results"]
    assert [s["id"] for s in spoken] == [directory["agadez"].pk]
    assert APIClient().get("/api/v1/info/services/", {"near": "north"}).status_code == 400


def test_an_article_published_in_tigrinya_is_served_in_tigrinya(caseworker, admin, api_client_for):
    created = api_client_for(admin).post(
        "/api/v1/info/articles/",
        {
            "topic": "rights",
            "translations": {"ti": {"title": "መሰላትካ", "body": "ዑቕባ ክትሓትት ትኽእል ኢኻ።"}},
            "status": "published",
            "review_by": (timezone.localdate() + timedelta(days=90)).isoformat(),
        },
        format="json",
    )
    assert created.status_code == 201
    assert set(created.json()) == {"id"}

    served = APIClient().get("/api/v1/info/articles/", {"language": "ti", "topic": "rights"})

    assert served.status_code == 200
    [article] = served.json()
    assert article["id"] == created.json()["id"]
    assert (article["language"], article["title"], article["direction"]) == ("ti", "መሰላትካ", "ltr")
    page = Client().get(f"/en/info/articles/{article['id']}/?language=ti").content.decode()
    assert 'lang="ti" dir="ltr"' in page and "ዑቕባ ክትሓትት ትኽእል ኢኻ።" in page


def test_a_caseworker_writes_drafts_and_only_a_reviewer_publishes(
    caseworker, admin, api_client_for
):
    article = {
        "topic": "asylum",
        "translations": {"ps": {"title": "پناه", "body": "د پناه غوښتنه."}},
        "review_by": (timezone.localdate() + timedelta(days=90)).isoformat(),
    }
    refused = api_client_for(caseworker).post(
        "/api/v1/info/articles/", {**article, "status": "published"}, format="json"
    )
    assert refused.status_code == 403

    draft_id = (
        api_client_for(caseworker)
        .post("/api/v1/info/articles/", {**article, "status": "draft"}, format="json")
        .json()["id"]
    )
    assert APIClient().get("/api/v1/info/articles/", {"language": "ps"}).json() == []
    draft = Article.objects.get(pk=draft_id)
    services.article_step(actor=caseworker, article=draft, step="submit")
    with pytest.raises(services.PermissionDenied):
        services.article_step(actor=caseworker, article=draft, step="publish")
    services.article_step(actor=admin, article=draft, step="publish")

    [served] = APIClient().get("/api/v1/info/articles/", {"language": "ps"}).json()
    assert served["direction"] == "rtl"
    assert Article.objects.get(pk=draft_id).reviewer == admin


def test_anonymous_callers_cannot_write_articles(directory):
    response = APIClient().post(
        "/api/v1/info/articles/",
        {"topic": "rights", "translations": {"en": {"title": "x", "body": "y"}}},
        format="json",
    )
    assert response.status_code in (401, 403)
    assert not ArticleTranslation.objects.exists()


def test_a_stale_article_is_flagged(rights_article, admin):
    Article.objects.filter(pk=rights_article.pk).update(
        review_by=timezone.localdate() - timedelta(days=1)
    )

    [served] = APIClient().get("/api/v1/info/articles/", {"topic": "rights"}).json()
    assert served["stale"] is True
    page = Client().get(f"/en/info/articles/{rights_article.pk}/").content.decode()
    assert "past its review date" in page

    services.article_step(
        actor=admin, article=Article.objects.get(pk=rights_article.pk), step="reviewed"
    )
    [served] = APIClient().get("/api/v1/info/articles/", {"topic": "rights"}).json()
    assert served["stale"] is False


def test_new_text_sends_a_published_article_back_to_review(rights_article, caseworker):
    services.article_update(
        actor=caseworker,
        article=rights_article,
        translations={"en": {"title": "Your rights", "body": "Changed."}},
    )
    assert Article.objects.get(pk=rights_article.pk).status == PublicationStatus.IN_REVIEW
    assert APIClient().get("/api/v1/info/articles/").json() == []


@pytest.mark.parametrize("language", ["en", "fr", "es", "ar"])
def test_the_public_pages_work_without_an_account_in_each_language(
    language, directory, point, rights_article
):
    client = Client()
    for path in (
        "info/",
        "info/articles/",
        f"info/articles/{rights_article.pk}/",
        "info/services/?type=health&point=" + str(point.pk),
        f"info/services/{directory['agadez'].pk}/",
        "info/points/",
        f"info/points/{point.pk}/",
        f"info/points/{point.pk}/poster/",
    ):
        response = client.get(f"/{language}/{path}")
        assert response.status_code == 200, path
        assert b"<script>" not in response.content  # no inline script: pages work without JS
    home = client.get(f"/{language}/info/").content.decode()
    assert f'dir="{"rtl" if language == "ar" else "ltr"}"' in home


def test_a_search_near_a_point_lists_the_nearest_service_first(directory, point):
    page = Client().get(f"/ar/info/services/?point={point.pk}&language=ar").content.decode()
    assert page.index("المركز الصحي في أغاديز") < page.index("عيادة طرابلس")


def test_drafts_are_on_no_public_page(organisation, directory, point):
    services.point_create(
        actor=None,
        organisation=organisation,
        names={"en": "Secret desk"},
        kind="clinic",
        place="Agadez",
        status="draft",
    )
    services.article_create(
        actor=None,
        organisation=organisation,
        topic="rights",
        translations={"en": {"title": "Unreviewed draft", "body": "…"}},
    )
    client = Client()
    for path in ("/en/info/", "/en/info/points/", "/en/info/articles/", "/en/info/services/"):
        text = client.get(path).content.decode()
        assert "Secret desk" not in text and "Unreviewed draft" not in text
        assert "Unpublished shelter" not in text and "Holding centre" not in text


def test_the_team_page_shows_drafts_and_stale_flags_to_the_team_only(
    rights_article, caseworker, client, other_caseworker
):
    Article.objects.filter(pk=rights_article.pk).update(review_by=timezone.localdate())
    client.force_login(caseworker)
    page = client.get("/en/info/manage/").content.decode()
    assert "Your rights" in page
    client.force_login(other_caseworker)
    assert "Your rights" not in client.get("/en/info/manage/").content.decode()


def test_the_team_page_refuses_roles_that_do_not_write(client, make_user, organisation):
    client.force_login(make_user(organisation, Role.ANALYST))
    assert client.get("/en/info/manage/").status_code == 403
