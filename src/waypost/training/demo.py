"""Demo: the coastal border police's posts, a course and two sessions, one certified."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from waypost.training import services
from waypost.training.models import Course, Module, QuizKind
from waypost.training.quiz_bank import STANDARD_QUESTIONS

if TYPE_CHECKING:
    from waypost.demo import DemoContext


def load(context: DemoContext) -> None:
    if Course.objects.exists():
        return
    context.progress("Recording training sessions of border officials…")
    services.course_create(
        code="human-rights-at-borders",
        title={
            "en": "Human rights at international borders",
            "fr": "Les droits de l'homme aux frontières internationales",
            "es": "Los derechos humanos en las fronteras internacionales",
            "ar": "حقوق الإنسان على الحدود الدولية",
        },
        modules=list(Module.values),
        pass_mark=70,
        valid_months=24,
        questions=STANDARD_QUESTIONS,
    )
    organisation = context.organisations["border"]
    officer = context.users["border"]
    # The demo's border user records sessions only as its organisation's admin would: the
    # service checks the organisation, so the demo acts through a user of it.
    port = services.post_set(
        organisation=organisation,
        code="port",
        name="Port of Lampedusa",
        staff=40,
        authority_kind="border-guard",
    )
    services.post_set(
        organisation=organisation,
        code="airport",
        name="Palermo airport",
        staff=25,
        authority_kind="border-guard",
    )
    today = timezone.localdate()
    for number, (post, start, scores) in enumerate(
        [
            (port.code, today - timedelta(days=800), [(35, 80), (50, 90), (45, 60)]),
            (port.code, today - timedelta(days=60), [(40, 85), (55, 75), (30, 72), (60, 95)]),
        ]
    ):
        codes = [f"LMP-{number}{index:02d}" for index in range(len(scores))]
        session = services.session_create(
            actor=officer,
            post_code=post,
            course_code="human-rights-at-borders",
            trainers=["OHCHR trainer"],
            starts_on=start,
            ends_on=start + timedelta(days=4),
            participants=[
                services.ParticipantInput(
                    code=code, rank="Officer", sex="female" if i % 2 else "male"
                )
                for i, code in enumerate(codes)
            ],
        )
        services.session_results_record(
            actor=officer,
            session_id=session.pk,
            results=[
                services.ResultInput(code=code, attended=True, pre_score=pre, post_score=post_score)
                for code, (pre, post_score) in zip(codes, scores, strict=True)
            ],
        )

    # A session under way at the airport: two officers sit the quiz in Waypost, one in
    # Arabic who passes at the second attempt, one in French who has not passed yet.
    start = today - timedelta(days=3)
    session = services.session_create(
        actor=officer,
        post_code="airport",
        course_code="human-rights-at-borders",
        trainers=["OHCHR trainer"],
        starts_on=start,
        ends_on=start + timedelta(days=2),
        participants=[
            services.ParticipantInput(code="PMO-101", rank="Sergeant", sex="female", language="ar"),
            services.ParticipantInput(code="PMO-102", rank="Officer", sex="male", language="fr"),
        ],
    )
    questions = list(session.course.questions.all())

    def answers(right: int) -> dict[int, int]:
        return {
            q.pk: q.answer if i < right else (q.answer + 1) % len(q.choices)
            for i, q in enumerate(questions)
        }

    for code, language, sittings in (
        ("PMO-101", "ar", [(QuizKind.PRE, 4), (QuizKind.POST, 6), (QuizKind.POST, 9)]),
        ("PMO-102", "fr", [(QuizKind.PRE, 3), (QuizKind.POST, 5)]),
    ):
        for kind, right in sittings:
            services.quiz_attempt_record(
                actor=officer,
                session_id=session.pk,
                code=code,
                kind=kind,
                answers=answers(right),
                language=language,
            )
