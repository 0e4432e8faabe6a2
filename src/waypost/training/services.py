"""Writes of the training app: sessions, results, certificates."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waypost.accounts.models import Organisation, User
from waypost.core.exceptions import ApplicationError, NotFound
from waypost.protection.audit import audit_record
from waypost.training.models import BorderPost, Course, Module, Participant, Sex, TrainingSession

# Certificate codes: no 0/O or 1/I, read aloud or typed from paper without doubt.
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = [
        31,
        29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28,
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ][month - 1]
    return date(year, month, min(day.day, last))


def course_create(
    *,
    code: str,
    title: dict[str, str],
    modules: list[str],
    pass_mark: int = 70,
    valid_months: int = 24,
) -> Course:
    """A new version of a course (versions count up per code; older ones stay)."""
    unknown = sorted(set(modules) - set(Module.values))
    if unknown or not modules:
        raise ApplicationError(_("Unknown modules: %(modules)s.") % {"modules": ", ".join(unknown)})
    if not 0 < pass_mark <= 100:
        raise ApplicationError(_("The pass mark is out of 100."))
    latest = Course.objects.filter(code=code).order_by("-version").first()
    return Course.objects.create(
        code=code,
        version=(latest.version + 1) if latest else 1,
        title=title,
        modules=modules,
        pass_mark=pass_mark,
        valid_months=valid_months,
    )


def post_set(*, organisation: Organisation, code: str, name: str, staff: int) -> BorderPost:
    post, _created = BorderPost.objects.update_or_create(
        organisation=organisation, code=code, defaults={"name": name, "staff": staff}
    )
    return post


@dataclass(frozen=True)
class ParticipantInput:
    code: str
    rank: str = ""
    sex: str = ""


@transaction.atomic
def session_create(
    *,
    actor: User,
    post_code: str,
    course_code: str,
    trainers: list[str],
    starts_on: date,
    ends_on: date,
    participants: list[ParticipantInput],
) -> TrainingSession:
    if actor.organisation is None:
        raise NotFound(_("No such post."))
    post = BorderPost.objects.filter(organisation=actor.organisation, code=post_code).first()
    if post is None:
        raise NotFound(_("No such post."))
    course = Course.objects.filter(code=course_code).order_by("-version").first()
    if course is None:
        raise NotFound(_("No such course."))
    if ends_on < starts_on:
        raise ApplicationError(_("A session cannot end before it starts."))
    codes = [p.code.strip() for p in participants]
    if len(set(codes)) != len(codes) or not all(codes):
        raise ApplicationError(_("Each participant needs a code of their own."))
    for participant in participants:
        if participant.sex and participant.sex not in Sex.values:
            raise ApplicationError(_("Unknown sex: %(sex)s.") % {"sex": participant.sex})
    session = TrainingSession.objects.create(
        organisation=actor.organisation,
        post=post,
        course=course,
        trainers=[t.strip()[:100] for t in trainers if t.strip()],
        starts_on=starts_on,
        ends_on=ends_on,
    )
    Participant.objects.bulk_create(
        Participant(session=session, code=p.code.strip()[:40], rank=p.rank.strip()[:60], sex=p.sex)
        for p in participants
    )
    audit_record(actor=actor, action="waypost.training.session_created", record=session)
    return session


@dataclass(frozen=True)
class ResultInput:
    code: str
    attended: bool
    pre_score: int | None = None
    post_score: int | None = None


def _certificate_code() -> str:
    while True:
        code = "".join(secrets.choice(ALPHABET) for _ in range(12))
        if not Participant.objects.filter(certificate_code=code).exists():
            return code


@transaction.atomic
def session_results_record(
    *, actor: User, session_id: int, results: list[ResultInput]
) -> TrainingSession:
    """Attendance and scores; whoever attended and reached the pass mark is certified,
    with a refresher due when the course's validity ends. Completes the session."""
    session = (
        TrainingSession.objects.select_for_update()
        .select_related("course")
        .filter(pk=session_id, organisation_id=actor.organisation_id or 0)
        .first()
    )
    if session is None:
        raise NotFound(_("No such session."))
    by_code = {p.code: p for p in session.participants.all()}
    unknown = sorted({r.code for r in results} - set(by_code))
    if unknown:
        raise ApplicationError(
            _("Not participants of this session: %(codes)s.") % {"codes": ", ".join(unknown)}
        )
    for result in results:
        for score in (result.pre_score, result.post_score):
            if score is not None and not 0 <= score <= 100:
                raise ApplicationError(_("Scores are out of 100."))
        participant = by_code[result.code]
        participant.attended = result.attended
        participant.pre_score = result.pre_score
        participant.post_score = result.post_score
        passed = result.attended and (result.post_score or 0) >= session.course.pass_mark
        if passed and participant.certificate_code is None:
            participant.certificate_code = _certificate_code()
            participant.certified_on = session.ends_on
            participant.refresher_due = _add_months(session.ends_on, session.course.valid_months)
        elif not passed:
            participant.certificate_code = None
            participant.certified_on = None
            participant.refresher_due = None
        participant.save()
    session.completed_at = timezone.now()
    session.save(update_fields=["completed_at"])
    audit_record(
        actor=actor,
        action="waypost.training.results_recorded",
        record=session,
        detail={"participants": len(results)},
    )
    return session
