"""Reads of the training app: indicators per post and the public check of a certificate."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from waypost.reporting import selectors as reporting_selectors
from waypost.training.models import (
    BorderPost,
    Course,
    Participant,
    QuizAttempt,
    QuizKind,
    TrainingSession,
)


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


def in_language(texts: dict[str, str], language: str | None = None) -> str:
    """A text in ``language`` (default: the reader's), else in English, else any."""
    language = (language or get_language() or "en").split("-")[0]
    return texts.get(language) or texts.get("en") or next(iter(texts.values()), "")


def course_title(title: dict[str, str], language: str | None = None) -> str:
    return in_language(title, language)


def courses() -> list[Course]:
    """The latest version of each course, its ``title`` in the reader's language."""
    latest: dict[str, Course] = {}
    for course in Course.objects.order_by("code", "version"):
        latest[course.code] = course
    result = sorted(latest.values(), key=lambda course: course.code)
    for course in result:
        course.title_text = course_title(course.title)  # type: ignore[attr-defined]
    return result


def session_of(*, organisation_id: int, session_id: int) -> TrainingSession | None:
    """One session of the organisation, with its course's ``title`` in the reader's
    language, or None."""
    session = (
        TrainingSession.objects.filter(pk=session_id, organisation_id=organisation_id)
        .select_related("post", "course")
        .first()
    )
    if session is not None:
        session.title = course_title(session.course.title)  # type: ignore[attr-defined]
    return session


def quiz(session: TrainingSession, language: str | None = None) -> list[dict[str, Any]]:
    """The questions of the session's course in ``language``: id, module, text, choices."""
    return [
        {
            "id": question.pk,
            "module": question.module,
            "text": in_language(question.text, language),
            "choices": [in_language(choice, language) for choice in question.choices],
        }
        for question in session.course.questions.all()
    ]


def participants_with_attempts(session: TrainingSession) -> list[dict[str, Any]]:
    """Each participant's code, scores, certificate and quiz attempts (how many, passed),
    and whether they may sit the pre-test or the post-test now."""
    rows = []
    for participant in session.participants.prefetch_related("attempts").order_by("code"):
        attempts = list(participant.attempts.all())
        pre = [a for a in attempts if a.kind == QuizKind.PRE]
        post = [a for a in attempts if a.kind == QuizKind.POST]
        rows.append(
            {
                "participant": participant,
                "pre_attempts": pre,
                "post_attempts": post,
                "may_sit_pre": not pre and not post,
                "may_sit_post": not any(a.passed for a in post)
                and len(post) < session.course.max_attempts,
            }
        )
    return rows


def attempts_count(session: TrainingSession) -> int:
    return QuizAttempt.objects.filter(participant__session=session).count()


def post_complaints(post: BorderPost, today: date) -> dict[str, Any] | None:
    """The complaints of the last 12 months against the post's kind of authority in its
    country, from the reporting module: counts only, small ones suppressed, none named."""
    if not post.country or not post.authority_kind:
        return None
    found = reporting_selectors.complaints_against_authority(
        country=post.country, authority_kind=post.authority_kind, since=today - timedelta(days=365)
    )
    return {
        "country": found.country,
        "authority": found.authority_kind,
        "since": found.since.isoformat(),
        "total": found.total,
        "suppressed_below": found.threshold,
        "by_violation": [
            {"violation": cell.code, "count": cell.count} for cell in found.by_violation
        ],
    }


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
        "complaints_last_12_months": post_complaints(post, today),
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


def certificate_holder(*, organisation_id: int, code: str) -> Participant | None:
    """The participant a certificate of the organisation's sessions was given to."""
    return Participant.objects.filter(
        certificate_code=code.strip().upper(), session__organisation_id=organisation_id
    ).first()
