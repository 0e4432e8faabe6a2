"""The information team's pages: a point, an article's draft, a text in one more language,
and the article through review to the public pages."""

from __future__ import annotations

import pytest
from django.test import Client

from waypost.info.models import Article, InformationPoint, PublicationStatus

pytestmark = pytest.mark.django_db


def test_a_caseworker_adds_a_point_with_hours_by_day(client, caseworker):
    client.force_login(caseworker)
    response = client.post(
        "/en/info/manage/points/new/",
        {
            "kind": "reception_centre",
            "language": "fr",
            "name": "Centre d'accueil de Niamey",
            "place": "Niamey",
            "latitude": "13.51",
            "longitude": "2.11",
            "hours": '{"mon": "08:00-17:00", "tue": "08:00-17:00"}',
            "women_only_hours": "14:00-16:00",
            "spoken": "fr, ha, ar",
            "child_friendly": "on",
            "status": "published",
        },
    )
    assert response.status_code == 302
    point = InformationPoint.objects.get()
    assert point.hours == {"mon": "08:00-17:00", "tue": "08:00-17:00"}
    assert point.languages == ["fr", "ha", "ar"] and point.child_friendly
    assert "Centre d'accueil de Niamey" in Client().get("/fr/info/points/").content.decode()


def test_bad_hours_are_refused_with_a_message(client, caseworker):
    client.force_login(caseworker)
    response = client.post(
        "/en/info/manage/points/new/",
        {
            "kind": "clinic",
            "language": "en",
            "name": "X",
            "place": "Agadez",
            "hours": "{mon",
            "status": "draft",
        },
    )
    assert response.status_code == 200
    assert not InformationPoint.objects.exists()


def test_an_article_from_draft_to_public_in_two_languages(client, caseworker, admin):
    client.force_login(caseworker)
    client.post(
        "/en/info/manage/articles/new/",
        {
            "topic": "missing",
            "review_by": "2099-01-01",
            "language": "en",
            "title": "Looking for a relative",
            "summary": "Free and confidential.",
            "body": "Ask an information point for family tracing.",
        },
    )
    article = Article.objects.get()
    client.post(
        f"/en/info/manage/articles/{article.pk}/text/",
        {"language": "so", "title": "Raadinta qaraabo", "body": "Weydii goob macluumaad."},
    )
    assert sorted(article.translations.values_list("language", flat=True)) == ["en", "so"]
    client.post(f"/en/info/manage/articles/{article.pk}/submit/")
    assert Article.objects.get().status == PublicationStatus.IN_REVIEW
    client.post(f"/en/info/manage/articles/{article.pk}/publish/")  # a caseworker: refused
    assert Article.objects.get().status == PublicationStatus.IN_REVIEW

    client.force_login(admin)
    client.post(f"/en/info/manage/articles/{article.pk}/publish/")

    assert Article.objects.get().status == PublicationStatus.PUBLISHED
    page = Client().get(f"/en/info/articles/{article.pk}/?language=so").content.decode()
    assert "Raadinta qaraabo" in page and 'lang="so"' in page


def test_another_organisation_cannot_touch_the_article(client, caseworker, other_caseworker):
    client.force_login(caseworker)
    client.post(
        "/en/info/manage/articles/new/",
        {"topic": "rights", "language": "en", "title": "Ours", "body": "Text."},
    )
    article = Article.objects.get()
    client.force_login(other_caseworker)
    assert client.get(f"/en/info/manage/articles/{article.pk}/text/").status_code == 404
    assert client.post(f"/en/info/manage/articles/{article.pk}/submit/").status_code == 404
    assert Article.objects.get().status == PublicationStatus.DRAFT
