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
from waypost.core.vocabularies import label as vocabulary_label
from waypost.protection.audit import audit_record
from waypost.training.models import (
    LANGUAGES,
    BorderPost,
    Course,
    Module,
    Participant,
    Question,
    QuizAttempt,
    QuizKind,
    Sex,
    TrainingSession,
)

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


@dataclass(frozen=True)
class QuestionInput:
    """A quiz question: its module, its text and choices in each of the four languages,
    and the index of the right choice."""

    module: str
    text: dict[str, str]
    choices: list[dict[str, str]]
    answer: int


def _check_question(question: QuestionInput, modules: list[str]) -> None:
    if question.module not in modules:
        raise ApplicationError(
            _("A question is on a module the course does not teach: %(module)s.")
            % {"module": question.module}
        )
    texts = [question.text, *question.choices]
    missing = sorted({lang for text in texts for lang in LANGUAGES if not text.get(lang)})
    if missing:
        raise ApplicationError(
            _("Each question and choice needs its text in %(languages)s.")
            % {"languages": ", ".join(missing)}
        )
    if len(question.choices) < 2 or not 0 <= question.answer < len(question.choices):
        raise ApplicationError(_("A question needs two choices or more, one of them right."))


@transaction.atomic
def course_create(
    *,
    code: str,
    title: dict[str, str],
    modules: list[str],
    pass_mark: int = 70,
    valid_months: int = 24,
    questions: list[QuestionInput] | None = None,
    max_attempts: int = 3,
) -> Course:
    """A new version of a course (versions count up per code; older ones stay), with its
    quiz: questions per module in the four languages, the pass mark and how many times the
    post-test may be sat."""
    unknown = sorted(set(modules) - set(Module.values))
    if unknown or not modules:
        raise ApplicationError(_("Unknown modules: %(modules)s.") % {"modules": ", ".join(unknown)})
    if not 0 < pass_mark <= 100:
        raise ApplicationError(_("The pass mark is out of 100."))
    if max_attempts < 1:
        raise ApplicationError(_("The post-test may be sat at least once."))
    for question in questions or []:
        _check_question(question, modules)
    latest = Course.objects.filter(code=code).order_by("-version").first()
    course = Course.objects.create(
        code=code,
        version=(latest.version + 1) if latest else 1,
        title=title,
        modules=modules,
        pass_mark=pass_mark,
        max_attempts=max_attempts,
        valid_months=valid_months,
    )
    Question.objects.bulk_create(
        Question(
            course=course,
            module=question.module,
            position=position,
            text=question.text,
            choices=question.choices,
            answer=question.answer,
        )
        for position, question in enumerate(questions or [], start=1)
    )
    return course


def post_set(
    *,
    organisation: Organisation,
    code: str,
    name: str,
    staff: int,
    country: str = "",
    authority_kind: str = "",
) -> BorderPost:
    """A post, where it is (ISO3, default the organisation's country) and which authority
    staffs it in the reporting module's terms (``reporting.authority``)."""
    if authority_kind and vocabulary_label("reporting.authority", authority_kind) is None:
        raise ApplicationError(
            _("Unknown authority: %(authority)s.") % {"authority": authority_kind}
        )
    post, _created = BorderPost.objects.update_or_create(
        organisation=organisation,
        code=code,
        defaults={
            "name": name,
            "staff": staff,
            "country": (country or organisation.country).upper()[:3],
            "authority_kind": authority_kind,
        },
    )
    return post


@dataclass(frozen=True)
class ParticipantInput:
    code: str
    rank: str = ""
    sex: str = ""
    language: str = ""


@transaction.atomic
def session_create(
    *,
    actor: User | None,
    post_code: str,
    course_code: str,
    trainers: list[str],
    starts_on: date,
    ends_on: date,
    participants: list[ParticipantInput],
    organisation: Organisation | None = None,
) -> TrainingSession:
    """A session at a post of the actor's organisation (or ``organisation``, for the
    server's operator at the command line) with its pseudonymous participants."""
    organisation = organisation or (actor.organisation if actor else None)
    if organisation is None:
        raise NotFound(_("No such post."))
    post = BorderPost.objects.filter(organisation=organisation, code=post_code).first()
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
        if participant.language and participant.language not in LANGUAGES:
            raise ApplicationError(
                _("Unknown language: %(language)s.") % {"language": participant.language}
            )
    session = TrainingSession.objects.create(
        organisation=organisation,
        post=post,
        course=course,
        trainers=[t.strip()[:100] for t in trainers if t.strip()],
        starts_on=starts_on,
        ends_on=ends_on,
    )
    Participant.objects.bulk_create(
        Participant(
            session=session,
            code=p.code.strip()[:40],
            rank=p.rank.strip()[:60],
            sex=p.sex,
            language=p.language,
        )
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


def _certify(participant: Participant, session: TrainingSession, passed: bool) -> None:
    """A certificate for who passed (kept if they had one), none for who did not."""
    if passed and participant.certificate_code is None:
        participant.certificate_code = _certificate_code()
        participant.certified_on = session.ends_on
        participant.refresher_due = _add_months(session.ends_on, session.course.valid_months)
    elif not passed:
        participant.certificate_code = None
        participant.certified_on = None
        participant.refresher_due = None


def _own_session(
    actor: User | None, organisation: Organisation | None, session_id: int
) -> TrainingSession:
    organisation_id = organisation.pk if organisation else (actor.organisation_id if actor else 0)
    session = (
        TrainingSession.objects.select_for_update()
        .select_related("course")
        .filter(pk=session_id, organisation_id=organisation_id or 0)
        .first()
    )
    if session is None:
        raise NotFound(_("No such session."))
    return session


def _quiz_scores(participant: Participant) -> dict[str, int]:
    """The scores a participant's quiz attempts give: the pre-test's, the best post-test."""
    scores: dict[str, int] = {}
    for attempt in participant.attempts.all():
        if attempt.kind == QuizKind.PRE:
            scores.setdefault(QuizKind.PRE, attempt.score)
        else:
            scores[QuizKind.POST] = max(scores.get(QuizKind.POST, 0), attempt.score)
    return scores


@transaction.atomic
def session_results_record(
    *,
    actor: User | None,
    session_id: int,
    results: list[ResultInput],
    organisation: Organisation | None = None,
) -> TrainingSession:
    """Attendance and scores; whoever attended and reached the pass mark is certified,
    with a refresher due when the course's validity ends. Completes the session.

    Scores of a quiz a participant sat in Waypost come from their attempts: an entered
    score that differs is refused."""
    session = _own_session(actor, organisation, session_id)
    by_code = {p.code: p for p in session.participants.prefetch_related("attempts")}
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
        quiz = _quiz_scores(participant)
        pre_score = quiz.get(QuizKind.PRE, result.pre_score)
        post_score = quiz.get(QuizKind.POST, result.post_score)
        if (result.pre_score not in (None, pre_score)) or (
            result.post_score not in (None, post_score)
        ):
            raise ApplicationError(
                _("%(code)s sat the quiz here: their scores come from their attempts.")
                % {"code": result.code}
            )
        participant.attended = result.attended
        participant.pre_score = pre_score
        participant.post_score = post_score
        _certify(
            participant,
            session,
            result.attended and (post_score or 0) >= session.course.pass_mark,
        )
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


def quiz_score(questions: list[Question], answers: dict[int, int]) -> tuple[int, int]:
    """How many ``answers`` (question id: choice index) are right, of how many questions;
    a question left unanswered counts as wrong."""
    correct = sum(1 for question in questions if answers.get(question.pk) == question.answer)
    return correct, len(questions)


@transaction.atomic
def quiz_attempt_record(
    *,
    actor: User | None,
    session_id: int,
    code: str,
    kind: str,
    answers: dict[int, int],
    language: str,
    organisation: Organisation | None = None,
) -> QuizAttempt:
    """One sitting of the course's quiz by a participant of the session.

    The pre-test is sat once, before the post-test. The post-test may be sat up to the
    course's ``max_attempts`` times and not again once passed; each attempt is kept.
    Passing it (the score out of 100 reaching the pass mark) marks the participant as
    attended and gives the certificate: there is no certificate without a pass."""
    session = _own_session(actor, organisation, session_id)
    if kind not in QuizKind.values:
        raise ApplicationError(_("Unknown quiz: %(kind)s.") % {"kind": kind})
    if language not in LANGUAGES:
        raise ApplicationError(_("Unknown language: %(language)s.") % {"language": language})
    participant = (
        Participant.objects.select_for_update().filter(session=session, code=code.strip()).first()
    )
    if participant is None:
        raise ApplicationError(_("Not participants of this session: %(codes)s.") % {"codes": code})
    questions = list(session.course.questions.all())
    if not questions:
        raise ApplicationError(_("This course has no quiz: enter the scores instead."))
    unknown = set(answers) - {question.pk for question in questions}
    if unknown:
        raise ApplicationError(_("Answers to questions that are not in this quiz."))
    for question in questions:
        choice = answers.get(question.pk)
        if choice is not None and not 0 <= choice < len(question.choices):
            raise ApplicationError(_("An answer is not one of the question's choices."))
    earlier = list(participant.attempts.all())
    same = [attempt for attempt in earlier if attempt.kind == kind]
    if kind == QuizKind.PRE and (same or any(a.kind == QuizKind.POST for a in earlier)):
        raise ApplicationError(_("The pre-test is sat once, before the post-test."))
    if kind == QuizKind.POST:
        if any(attempt.passed for attempt in same):
            raise ApplicationError(_("%(code)s has passed already.") % {"code": participant.code})
        if len(same) >= session.course.max_attempts:
            raise ApplicationError(
                _("%(code)s has sat the post-test %(count)s times, the most this course allows.")
                % {"code": participant.code, "count": len(same)}
            )
    correct, total = quiz_score(questions, answers)
    score = round(100 * correct / total)
    passed = kind == QuizKind.POST and score >= session.course.pass_mark
    attempt = QuizAttempt.objects.create(
        participant=participant,
        kind=kind,
        number=len(same) + 1,
        language=language,
        answers={str(key): value for key, value in answers.items()},
        correct=correct,
        questions=total,
        score=score,
        passed=passed,
    )
    participant.language = language
    if kind == QuizKind.PRE:
        participant.pre_score = score
    else:
        participant.post_score = max([score, *(attempt.score for attempt in same)])
        if passed:
            participant.attended = True
            _certify(participant, session, passed=True)
    participant.save()
    audit_record(
        actor=actor,
        action="waypost.training.quiz_attempt_recorded",
        record=session,
        detail={"kind": kind, "number": attempt.number, "passed": passed},
    )
    return attempt
