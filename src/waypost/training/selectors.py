"""Reads of the training app: indicators per post and the public check of a certificate."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from waypost.training.models import BorderPost, Participant, TrainingSession


def posts_of(organisation_id: int) -> QuerySet[BorderPost]:
    return BorderPost.objects.filter(organisation_id=organisation_id).order_by("name")


def sessions_of(organisation_id: int) -> list[TrainingSession]:
    """The organisation's sessions, newest first, each with its course's ``title`` in the
    reader's language."""
    sessions = list(
        TrainingSession.objects.filter(organisation_id=organisation_id)
        .select_related("post", "course")
        .prefetch_related("participants")
        .order_by("-starts_on")[:100]
    )
    for session in sessions:
        session.title = course_title(session.course.title)  # type: ignore[attr-defined]
    return sessions


def course_title(title: dict[str, str]) -> str:
    language = (get_language() or "en").split("-")[0]
    return title.get(language) or title.get("en") or next(iter(title.values()), "")


def indicators(
    *, organisation_id: int, post_code: str, today: date | None = None
) -> dict[str, Any]:
    """The post's share of staff certified in the last 12 months, the mean gain from pre- to
    post-test per module, and the staff whose refresher is overdue. Counts only."""
    today = today or timezone.localdate()
    post = BorderPost.objects.filter(organisation_id=organisation_id, code=post_code).first()
    if post is None:
        return {}
    certified = Participant.objects.filter(
        session__post=post, certificate_code__isnull=False
    ).values_list("code", "certified_on", "refresher_due")
    recent = {code for code, on, _due in certified if on and on > today - timedelta(days=365)}
    latest_due: dict[str, date] = {}
    for code, _on, due in certified:
        if due and (code not in latest_due or due > latest_due[code]):
            latest_due[code] = due
    overdue = sum(1 for due in latest_due.values() if due < today)
    gains: dict[str, list[int]] = defaultdict(list)
    for modules, pre, post_score in Participant.objects.filter(
        session__post=post,
        session__completed_at__isnull=False,
        attended=True,
        pre_score__isnull=False,
        post_score__isnull=False,
    ).values_list("session__course__modules", "pre_score", "post_score"):
        if pre is None or post_score is None:
            continue
        for module in modules:
            gains[module].append(post_score - pre)
    return {
        "post": post.code,
        "staff": post.staff,
        "trained_last_12_months": len(recent),
        "share_trained_last_12_months": round(len(recent) / post.staff, 4) if post.staff else None,
        "overdue_refreshers": overdue,
        "gain_per_module": [
            {
                "module": module,
                "participants": len(values),
                "mean_gain": round(sum(values) / len(values), 2),
            }
            for module, values in sorted(gains.items())
        ],
    }


def certificate_verify(code: str, today: date | None = None) -> dict[str, Any] | None:
    """What a certificate's public page says: the course, the post, the dates. No person."""
    today = today or timezone.localdate()
    participant = (
        Participant.objects.select_related(
            "session__course", "session__post", "session__organisation"
        )
        .filter(certificate_code=code.strip().upper())
        .first()
    )
    if participant is None or participant.certified_on is None:
        return None
    session = participant.session
    return {
        "code": participant.certificate_code,
        "course": course_title(session.course.title),
        "version": session.course.version,
        "modules": session.course.modules,
        "organisation": session.organisation.name,
        "post": session.post.name,
        "certified_on": participant.certified_on,
        "valid_until": participant.refresher_due,
        "valid": participant.refresher_due is None or participant.refresher_due >= today,
    }
