"""Writes of the info app: points, articles and their review, feedback and its moderation,
and the count of a question asked through a channel (no contact kept, only a keyed hash).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waypost.accounts.models import Organisation, User
from waypost.accounts.roles import Permission
from waypost.core.exceptions import ApplicationError, PermissionDenied
from waypost.core.validators import clean_text_values
from waypost.info import languages
from waypost.info.models import (
    Article,
    ArticleTranslation,
    FeedbackStatus,
    InformationPoint,
    PointKind,
    PublicationStatus,
    Question,
    ServiceFeedback,
    Topic,
)
from waypost.protection.access import firewall_allows
from waypost.protection.audit import audit_record
from waypost.protection.keys import blind_index
from waypost.protection.models import DataCategory
from waypost.screening import selectors as screening_selectors

# Who writes the information of an organisation, and who reviews and publishes it.
WRITE_PERMISSIONS = (Permission.EDIT_CASES, Permission.MANAGE_MEMBERS)
REVIEW_PERMISSIONS = (Permission.MANAGE_MEMBERS, Permission.SUPERVISE_PROTECTION)


def may_write(user: User | None) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.organisation_id
        and any(user.has_role_permission(p) for p in WRITE_PERMISSIONS)
    )


def may_review(user: User | None) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.organisation_id
        and any(user.has_role_permission(p) for p in REVIEW_PERMISSIONS)
    )


def may_moderate_feedback(user: User | None) -> bool:
    """Reviewers of an organisation past the firewall: what people say of a service they
    used (their health, their protection) never reaches law enforcement or a border
    authority."""
    return bool(
        may_review(user)
        and user is not None
        and user.organisation is not None
        and firewall_allows(user.organisation, DataCategory.PROTECTION)
    )


def _owner(actor: User | None, organisation: Organisation | None) -> Organisation:
    if actor is None:
        if organisation is None:
            raise ApplicationError("An organisation is needed without an actor.")
        return organisation
    if not may_write(actor) or actor.organisation is None:
        raise PermissionDenied(
            _("Only an organisation's caseworkers and admins write its information.")
        )
    return actor.organisation


def _texts(values: Any, what: str) -> dict[str, str]:
    if not isinstance(values, dict):
        raise ApplicationError(_("Give the %(what)s as an object by language.") % {"what": what})
    texts = {}
    for code, text in values.items():
        language = languages.normalise(str(code))
        if not language:
            raise ApplicationError(_("Unknown language: %(code)s.") % {"code": code})
        if str(text or "").strip():
            texts[language] = str(text).strip()
    return texts


# Information points ----------------------------------------------------------------------

POINT_FIELDS = (
    "names",
    "descriptions",
    "kind",
    "place",
    "latitude",
    "longitude",
    "hours",
    "languages",
    "accessibility",
    "wheelchair_accessible",
    "child_friendly",
    "women_only_hours",
    "contact",
    "status",
)


def _point_values(point: InformationPoint, values: dict[str, Any]) -> None:
    unknown = set(values) - set(POINT_FIELDS)
    if unknown:
        raise ApplicationError(f"Unknown point fields: {', '.join(sorted(unknown))}.")
    values = clean_text_values(values)
    for field in ("names", "descriptions", "accessibility"):
        if field in values:
            values[field] = _texts(values[field] or {}, str(field))
    if "languages" in values:
        spoken = [languages.normalise(str(code)) or str(code) for code in values["languages"] or []]
        values["languages"] = spoken
    for field, value in values.items():
        setattr(point, field, value)
    if point.kind not in PointKind.values:
        raise ApplicationError(_("Unknown kind of information point."))
    if point.status not in (PublicationStatus.DRAFT, PublicationStatus.PUBLISHED):
        raise ApplicationError(_("A point is a draft or published."))
    if not point.names:
        raise ApplicationError(_("Give the point a name in at least one language."))
    for coordinate, limit in ((point.latitude, 90), (point.longitude, 180)):
        if coordinate is not None and not -limit <= float(coordinate) <= limit:
            raise ApplicationError(_("Coordinates out of range."))
    if point.kind != PointKind.REMOTE and point.latitude is None and not point.place:
        raise ApplicationError(_("Give a physical point its place or coordinates."))


@transaction.atomic
def point_create(
    *, actor: User | None, organisation: Organisation | None = None, **values: Any
) -> InformationPoint:
    point = InformationPoint(organisation=_owner(actor, organisation))
    _point_values(point, values)
    point.save()
    audit_record(actor=actor, action="waypost.info.point.created", record=point)
    return point


@transaction.atomic
def point_update(*, actor: User, point: InformationPoint, **values: Any) -> InformationPoint:
    if _owner(actor, None).pk != point.organisation_id:
        raise PermissionDenied(_("Only the point's operator changes it."))
    _point_values(point, values)
    point.save()
    audit_record(
        actor=actor, action="waypost.info.point.updated", record=point, fields=sorted(values)
    )
    return point


# Articles -----------------------------------------------------------------------------


def _translations(article: Article, translations: Any) -> None:
    if not isinstance(translations, dict) or not translations:
        raise ApplicationError(_("Give the article's text in at least one language."))
    for code, text in clean_text_values(translations).items():
        language = languages.normalise(str(code))
        if not language:
            raise ApplicationError(_("Unknown language: %(code)s.") % {"code": code})
        if not isinstance(text, dict):
            raise ApplicationError(_("Give each language's title and body."))
        title, body = str(text.get("title") or "").strip(), str(text.get("body") or "").strip()
        if not title or not body:
            raise ApplicationError(_("Each language needs a title and a body."))
        ArticleTranslation.objects.update_or_create(
            article=article,
            language=language,
            defaults={
                "title": title[:300],
                "body": body,
                "summary": str(text.get("summary") or "").strip()[:480],
                "audio_url": str(text.get("audio_url") or "").strip()[:500],
            },
        )


def _publish(actor: User | None, article: Article) -> None:
    if actor is not None and not may_review(actor):
        raise PermissionDenied(_("Only a reviewer publishes an article."))
    if article.review_by is None:
        raise ApplicationError(_("Give a published article the date of its next review."))
    article.status = PublicationStatus.PUBLISHED
    article.reviewer = actor
    article.published_on = timezone.localdate()


@transaction.atomic
def article_create(
    *,
    actor: User | None,
    organisation: Organisation | None = None,
    topic: str,
    translations: dict[str, dict[str, str]],
    status: str = PublicationStatus.DRAFT,
    review_by: date | None = None,
    nationality: str = "",
) -> Article:
    if topic not in Topic.values:
        raise ApplicationError(_("Unknown topic."))
    if status not in PublicationStatus.values:
        raise ApplicationError(_("Unknown status."))
    article = Article(
        organisation=_owner(actor, organisation),
        topic=topic,
        nationality=(nationality or "").upper()[:3],
        author=actor,
        review_by=review_by,
    )
    if status == PublicationStatus.PUBLISHED:
        _publish(actor, article)
    else:
        article.status = status
    article.save()
    _translations(article, translations)
    audit_record(
        actor=actor,
        action="waypost.info.article.created",
        record=article,
        detail={"status": article.status, "topic": topic},
    )
    return article


def _own_article(actor: User, article: Article) -> None:
    if not may_write(actor) and not may_review(actor):
        raise PermissionDenied(_("Only the publisher's team changes its articles."))
    if actor.organisation_id != article.organisation_id:
        raise PermissionDenied(_("Only the publisher's team changes its articles."))


@transaction.atomic
def article_update(
    *,
    actor: User,
    article: Article,
    translations: dict[str, dict[str, str]] | None = None,
    review_by: date | None = None,
) -> Article:
    """New text goes back to review: a published article stays public only as reviewed."""
    _own_article(actor, article)
    if translations:
        _translations(article, translations)
        if article.status == PublicationStatus.PUBLISHED:
            article.status = PublicationStatus.IN_REVIEW
    if review_by is not None:
        article.review_by = review_by
    article.save()
    audit_record(actor=actor, action="waypost.info.article.updated", record=article)
    return article


@transaction.atomic
def article_step(*, actor: User, article: Article, step: str) -> Article:
    """``submit`` (draft -> in review), ``publish`` (in review -> published, by a reviewer),
    ``withdraw`` (back to draft), ``reviewed`` (a reviewer confirms it is still right)."""
    _own_article(actor, article)
    if step == "submit" and article.status == PublicationStatus.DRAFT:
        article.status = PublicationStatus.IN_REVIEW
    elif step == "publish" and article.status == PublicationStatus.IN_REVIEW:
        _publish(actor, article)
    elif step == "reviewed" and article.status == PublicationStatus.PUBLISHED:
        if not may_review(actor):
            raise PermissionDenied(_("Only a reviewer publishes an article."))
        article.reviewer = actor
        today = timezone.localdate()
        if article.review_by is None or article.review_by <= today:
            article.review_by = today.replace(year=today.year + 1)
    elif step == "withdraw":
        article.status = PublicationStatus.DRAFT
    else:
        raise ApplicationError(_("This step does not apply to the article now."))
    article.save()
    audit_record(
        actor=actor, action=f"waypost.info.article.{step}", record=article, detail={"step": step}
    )
    return article


# Feedback on services ----------------------------------------------------------------


def feedback_give(
    *, service_id: int | str, rating: int, comment: str = "", language: str = ""
) -> ServiceFeedback:
    """Anonymous: no account, no address, the date without the time; waits for moderation."""
    service = screening_selectors.service_get(user=None, pk=service_id)
    if not 1 <= int(rating) <= 5:
        raise ApplicationError(_("Give a rating from 1 to 5."))
    return ServiceFeedback.objects.create(
        service=service,
        rating=int(rating),
        comment=clean_text_values(comment or "").strip()[:2000],
        language=languages.normalise(language),
        given_on=timezone.localdate(),
    )


@transaction.atomic
def feedback_moderate(*, actor: User, feedback: ServiceFeedback, publish: bool) -> None:
    if not may_moderate_feedback(actor):
        raise PermissionDenied(_("Only the information team moderates feedback."))
    provider = screening_selectors.service_output(
        screening_selectors.service_get(user=None, pk=feedback.service_id)
    )["organisation"]
    if actor.organisation is not None and actor.organisation.slug == provider:
        raise PermissionDenied(_("A provider does not moderate feedback on its own services."))
    feedback.status = FeedbackStatus.PUBLISHED if publish else FeedbackStatus.REJECTED
    feedback.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="waypost.info.feedback.moderated",
        record=feedback,
        detail={"published": publish},
    )


# Questions through channels -------------------------------------------------------------


def contact_hash(urn: str) -> str:
    """A keyed hash of the phone number or handle: counts distinct contacts, reveals none.

    A number is hashed by its digits, so ``tel:+227…`` and ``whatsapp:227…`` (one person
    on two channels) count once."""
    scheme, _sep, path = urn.strip().partition(":")
    if scheme.lower() in ("tel", "whatsapp") and any(ch.isdigit() for ch in path):
        value = "number:" + "".join(ch for ch in path if ch.isdigit())
    else:
        value = urn.strip().lower()
    return blind_index(value, kind="info.contact")


def question_count(
    *,
    channel: str,
    topic: str,
    language: str,
    urn: str,
    point: InformationPoint | None = None,
) -> Question:
    return Question.objects.create(
        channel=channel,
        topic=topic[:24],
        language=language[:8],
        point=point,
        contact_hash=contact_hash(urn),
        asked_on=timezone.localdate(),
    )
