"""Reads of the info app. Public reads show published things only and nothing personal:
points, articles, the services their providers publish (through screening's selectors,
detention facilities left out), and feedback that was moderated and published.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from waypost.accounts.models import User
from waypost.core.exceptions import NotFound
from waypost.info import hours as opening
from waypost.info import languages
from waypost.info.models import (
    Article,
    ArticleTranslation,
    FeedbackStatus,
    InformationPoint,
    PublicationStatus,
    Question,
    ServiceFeedback,
)
from waypost.info.services import may_moderate_feedback, may_review, may_write
from waypost.screening import selectors as screening_selectors


def text_in(texts: dict[str, str] | None, language: str) -> tuple[str, str]:
    """``(text, its language)``: the language asked for, else English, else any."""
    texts = texts or {}
    for code in (language, language.split("-")[0], "en"):
        if texts.get(code):
            return str(texts[code]), code
    for code, text in texts.items():
        if text:
            return str(text), code
    return "", ""


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine) on a sphere of the Earth's mean radius."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, a)))


def parse_near(value: str | None) -> tuple[float, float] | None:
    """``"LAT,LON"`` -> floats, None if absent or not coordinates."""
    if not value:
        return None
    try:
        lat_text, lon_text = str(value).split(",")
        lat, lon = float(lat_text), float(lon_text)
    except ValueError:
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return lat, lon


# Information points ---------------------------------------------------------------------


def points_public() -> QuerySet[InformationPoint]:
    return InformationPoint.objects.filter(status=PublicationStatus.PUBLISHED).select_related(
        "organisation"
    )


def points_of(user: User) -> QuerySet[InformationPoint]:
    """The caller's organisation's points, drafts included."""
    return InformationPoint.objects.filter(organisation_id=user.organisation_id or 0)


def point_public(pk: int | str) -> InformationPoint:
    try:
        return points_public().get(pk=pk)
    except (InformationPoint.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("No such information point.") from exc


def point_output(
    point: InformationPoint, language: str, now: datetime | None = None
) -> dict[str, Any]:
    name, name_language = text_in(point.names, language)
    description, description_language = text_in(point.descriptions, language)
    accessibility, _accessibility_language = text_in(point.accessibility, language)
    return {
        "id": point.pk,
        "name": name,
        "name_language": name_language,
        "description": description,
        "description_language": description_language,
        "kind": point.kind,
        "operator": point.organisation.name,
        "place": point.place,
        "latitude": point.latitude,
        "longitude": point.longitude,
        "hours": point.hours,
        "hours_readable": opening.readable(point.hours),
        "open_now": opening.open_at(point.hours, timezone.localtime(now)),
        "languages": list(point.languages or []),
        "accessibility": accessibility,
        "wheelchair_accessible": point.wheelchair_accessible,
        "child_friendly": point.child_friendly,
        "women_only_hours": opening.readable(point.women_only_hours),
        "contact": point.contact,
    }


def nearest_point(lat: float, lon: float) -> InformationPoint | None:
    located = [p for p in points_public() if p.latitude is not None and p.longitude is not None]
    if not located:
        return None
    return min(located, key=lambda p: distance_km(lat, lon, p.latitude, p.longitude))  # type: ignore[arg-type]


# Services (the screening app's directory, as its providers publish it) -------------------


@dataclass(frozen=True)
class ServiceQuery:
    near: tuple[float, float] | None = None
    language: str = "en"
    type: str = ""
    speaks: str = ""  # a language spoken at the service
    open_now: bool = False
    text: str = ""


def service_public_output(
    service: dict[str, Any], language: str, near: tuple[float, float] | None, now: datetime
) -> dict[str, Any]:
    name, name_language = text_in(service["name"], language)
    description, description_language = text_in(service["description"], language)
    location = service["location"]
    distance = None
    if near and location["lat"] is not None and location["lon"] is not None:
        distance = round(distance_km(near[0], near[1], location["lat"], location["lon"]), 1)
    return {
        "id": service["id"],
        "name": name,
        "name_language": name_language,
        "description": description,
        "description_language": description_language,
        "type": service["type"],
        "provider": service["provider_name"],
        "languages": list(service["languages"] or []),
        "location": {"lat": location["lat"], "lon": location["lon"], "place": location["place"]},
        "distance_km": distance,
        "hours": service["hours"],
        "open_now": opening.open_at(service["hours"], now),
        "contact": service["contact"],
    }


def _published_services() -> list[dict[str, Any]]:
    found = []
    # user=None: published services only, whoever asks; never a provider's drafts.
    for service in screening_selectors.services_visible_to(user=None):
        output = screening_selectors.service_output(service)
        if output["detention"] or output["status"] != "published":
            continue  # a place where people are held is not a service to direct them to
        output["provider_name"] = service.organisation.name
        found.append(output)
    return found


def services_search(query: ServiceQuery, now: datetime | None = None) -> list[dict[str, Any]]:
    """Published services, nearest first when ``near`` is given, in ``language``."""
    moment = timezone.localtime(now)
    results = []
    for service in _published_services():
        if query.type and service["type"] != query.type:
            continue
        if query.speaks and query.speaks not in (service["languages"] or []):
            continue
        output = service_public_output(service, query.language, query.near, moment)
        if query.open_now and output["open_now"] is not True:
            continue
        if query.text:
            haystack = " ".join(
                [*(service["name"] or {}).values(), *(service["description"] or {}).values()]
                + [service["location"]["place"] or ""]
            ).casefold()
            if query.text.casefold() not in haystack:
                continue
        results.append(output)
    if query.near:
        results.sort(key=lambda s: (s["distance_km"] is None, s["distance_km"] or 0, s["id"]))
    return results


def service_public(pk: int | str, language: str) -> dict[str, Any]:
    service = screening_selectors.service_get(user=None, pk=pk)
    output = screening_selectors.service_output(service)
    if output["detention"] or output["status"] != "published":
        raise NotFound("No such service.")
    output["provider_name"] = service.organisation.name
    return service_public_output(output, language, None, timezone.localtime())


# Articles -------------------------------------------------------------------------------


def is_stale(article: Article, today: date | None = None) -> bool:
    """Past its review date (or without one): to be reviewed before it is trusted."""
    today = today or timezone.localdate()
    return article.review_by is None or article.review_by < today


def articles_published(*, language: str = "", topic: str = "") -> QuerySet[Article]:
    articles = Article.objects.filter(status=PublicationStatus.PUBLISHED)
    if topic:
        articles = articles.filter(topic=topic)
    if language:
        articles = articles.filter(translations__language=language)
    return articles.select_related("organisation").prefetch_related("translations").distinct()


def articles_of(user: User) -> QuerySet[Article]:
    """The caller's organisation's articles in every status, for its writers and reviewers."""
    if not (may_write(user) or may_review(user)):
        return Article.objects.none()
    return (
        Article.objects.filter(organisation_id=user.organisation_id or 0)
        .select_related("reviewer", "author")
        .prefetch_related("translations")
    )


def article_public(pk: int | str) -> Article:
    try:
        return articles_published().get(pk=pk)
    except (Article.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("No such article.") from exc


def article_of(user: User, pk: int | str) -> Article:
    try:
        return articles_of(user).get(pk=pk)
    except (Article.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("No such article.") from exc


def translation_in(article: Article, language: str) -> ArticleTranslation | None:
    """The article's text in ``language``, else English, else the first it has."""
    texts = {t.language: t for t in article.translations.all()}
    for code in (language, language.split("-")[0], "en"):
        if code in texts:
            return texts[code]
    return next(iter(texts.values()), None)


def article_output(article: Article, language: str) -> dict[str, Any]:
    text = translation_in(article, language)
    code = text.language if text else ""
    return {
        "id": article.pk,
        "topic": article.topic,
        "nationality": article.nationality,
        "language": code,
        "direction": languages.direction(code) if code else "ltr",
        "title": text.title if text else "",
        "summary": text.summary if text else "",
        "body": text.body if text else "",
        "audio_url": text.audio_url if text else "",
        "languages": sorted(t.language for t in article.translations.all()),
        "publisher": article.organisation.name,
        "published_on": article.published_on.isoformat() if article.published_on else None,
        "review_by": article.review_by.isoformat() if article.review_by else None,
        "stale": is_stale(article),
    }


# Feedback -------------------------------------------------------------------------------


def feedback_published(service_id: int) -> QuerySet[ServiceFeedback]:
    return ServiceFeedback.objects.filter(service_id=service_id, status=FeedbackStatus.PUBLISHED)


def feedback_to_moderate(user: User) -> QuerySet[ServiceFeedback]:
    """Pending feedback, for the information team, never on the moderator's own services."""
    if not may_moderate_feedback(user):
        return ServiceFeedback.objects.none()
    own = [
        s.pk
        for s in screening_selectors.services_visible_to(user=None)
        if s.organisation_id == user.organisation_id
    ]
    return ServiceFeedback.objects.filter(status=FeedbackStatus.PENDING).exclude(service_id__in=own)


def feedback_get(user: User, pk: int | str) -> ServiceFeedback:
    try:
        return feedback_to_moderate(user).get(pk=pk)
    except (ServiceFeedback.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("No such feedback.") from exc


def feedback_summary(service_id: int) -> dict[str, Any]:
    ratings = list(feedback_published(service_id).values_list("rating", flat=True))
    return {
        "count": len(ratings),
        "average": round(sum(ratings) / len(ratings), 1) if ratings else None,
    }


# Counts without identities ----------------------------------------------------------------


def question_counts(*, since: date | None = None) -> dict[str, Any]:
    """Questions by topic, language and point, distinct contacts, feedback by service."""
    questions = Question.objects.all()
    if since:
        questions = questions.filter(asked_on__gte=since)
    by = {
        field: dict(Counter(questions.values_list(field, flat=True)))
        for field in ("topic", "language", "channel")
    }
    by_point = {
        str(row["point_id"]): row["n"]
        for row in questions.exclude(point=None).values("point_id").annotate(n=Count("id"))
    }
    feedback = {
        str(row["service_id"]): {"published": row["published"], "all": row["n"]}
        for row in ServiceFeedback.objects.values("service_id").annotate(
            n=Count("id"), published=Count("id", filter=Q(status=FeedbackStatus.PUBLISHED))
        )
    }
    return {
        "questions": questions.count(),
        "distinct_contacts": questions.values("contact_hash").distinct().count(),
        "by_topic": by["topic"],
        "by_language": by["language"],
        "by_channel": by["channel"],
        "by_point": by_point,
        "feedback_by_service": feedback,
    }
