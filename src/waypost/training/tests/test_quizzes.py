"""Quizzes: questions per module in four languages, a pass mark, attempts recorded, and a
certificate only after a pass."""

from __future__ import annotations

from datetime import date

import pytest

from waypost.core.exceptions import ApplicationError
from waypost.training import services
from waypost.training.models import Module, Participant, QuizAttempt
from waypost.training.quiz_bank import STANDARD_QUESTIONS

pytestmark = pytest.mark.django_db

MODULES = [Module.NON_REFOULEMENT, Module.CHILDREN, Module.DETENTION, Module.DATA, Module.RESCUE]


@pytest.fixture
def session(organisation, admin):
    course = services.course_create(
        code="borders",
        title={"en": "Human rights at borders", "ar": "حقوق الإنسان على الحدود"},
        modules=MODULES,
        pass_mark=80,
        max_attempts=2,
        questions=[q for q in STANDARD_QUESTIONS if q.module in MODULES],
    )
    assert course.questions.count() == 5
    services.post_set(organisation=organisation, code="port-a", name="Port A", staff=4)
    return services.session_create(
        actor=admin,
        post_code="port-a",
        course_code="borders",
        trainers=["Trainer One"],
        starts_on=date(2026, 3, 2),
        ends_on=date(2026, 3, 6),
        participants=[
            services.ParticipantInput(code="BP-0417", rank="Sergeant", sex="female"),
            services.ParticipantInput(code="BP-0522", rank="Officer", sex="male"),
        ],
    )


def answers(session, right):
    """Right answers to the first ``right`` questions, wrong ones to the others."""
    return {
        q.pk: q.answer if i < right else (q.answer + 1) % len(q.choices)
        for i, q in enumerate(session.course.questions.all())
    }


def sit(admin, session, code, kind, right, language="en"):
    return services.quiz_attempt_record(
        actor=admin,
        session_id=session.pk,
        code=code,
        kind=kind,
        answers=answers(session, right),
        language=language,
    )


def test_every_standard_question_is_in_the_four_languages_on_each_module():
    assert sorted(q.module for q in STANDARD_QUESTIONS) == sorted(Module.values)
    for question in STANDARD_QUESTIONS:
        for text in (question.text, *question.choices):
            assert set(text) == {"en", "fr", "es", "ar"} and all(text.values())
        assert 0 <= question.answer < len(question.choices)


def test_a_question_missing_a_language_or_off_the_course_is_refused():
    question = STANDARD_QUESTIONS[0]
    no_arabic = services.QuestionInput(
        module=question.module,
        text={k: v for k, v in question.text.items() if k != "ar"},
        choices=question.choices,
        answer=0,
    )
    with pytest.raises(ApplicationError, match="ar"):
        services.course_create(
            code="c", title={"en": "C"}, modules=[question.module], questions=[no_arabic]
        )
    with pytest.raises(ApplicationError, match="does not teach"):
        services.course_create(
            code="c", title={"en": "C"}, modules=[Module.DETENTION], questions=[question]
        )


def test_the_certificate_comes_only_after_a_pass_and_every_attempt_is_kept(admin, session):
    pre = sit(admin, session, "BP-0417", "pre", 2)
    failed = sit(admin, session, "BP-0417", "post", 3, language="ar")
    participant = Participant.objects.get(code="BP-0417")

    assert (pre.score, pre.passed) == (40, False)
    assert (failed.score, failed.passed, failed.number) == (60, False, 1)
    assert participant.certificate_code is None  # 60 < 80
    assert (participant.pre_score, participant.post_score) == (40, 60)

    passed = sit(admin, session, "BP-0417", "post", 4, language="ar")
    participant.refresh_from_db()

    assert (passed.score, passed.passed, passed.number) == (80, True, 2)
    assert participant.certificate_code and participant.attended
    assert participant.certified_on == date(2026, 3, 6)
    assert participant.language == "ar"  # the language of the certificate
    assert list(
        QuizAttempt.objects.filter(participant=participant).values_list("kind", "score")
    ) == [("post", 60), ("post", 80), ("pre", 40)]
    with pytest.raises(ApplicationError, match="passed already"):
        sit(admin, session, "BP-0417", "post", 5)
    with pytest.raises(ApplicationError, match="pre-test is sat once"):
        sit(admin, session, "BP-0417", "pre", 5)


def test_the_post_test_may_be_sat_only_as_often_as_the_course_allows(admin, session):
    sit(admin, session, "BP-0522", "post", 1)
    sit(admin, session, "BP-0522", "post", 2)

    with pytest.raises(ApplicationError, match="2 times"):
        sit(admin, session, "BP-0522", "post", 5)
    assert Participant.objects.get(code="BP-0522").certificate_code is None


def test_entered_scores_cannot_overrule_a_quiz_sat_in_waypost(admin, session):
    sit(admin, session, "BP-0417", "post", 3)  # 60, failed

    with pytest.raises(ApplicationError, match="BP-0417 sat the quiz"):
        services.session_results_record(
            actor=admin,
            session_id=session.pk,
            results=[services.ResultInput(code="BP-0417", attended=True, post_score=95)],
        )
    # Attendance alone keeps the quiz's scores: still no certificate.
    services.session_results_record(
        actor=admin,
        session_id=session.pk,
        results=[services.ResultInput(code="BP-0417", attended=True)],
    )
    participant = Participant.objects.get(code="BP-0417")
    assert participant.post_score == 60 and participant.certificate_code is None


def test_another_organisation_cannot_sit_a_quiz_of_the_session(
    session, make_user, other_organisation
):
    from waypost.accounts.roles import Role
    from waypost.core.exceptions import NotFound

    outsider = make_user(other_organisation, Role.ADMIN, username="outsider")
    with pytest.raises(NotFound):
        sit(outsider, session, "BP-0417", "post", 5)


def test_the_quiz_page_in_arabic_asks_in_arabic_and_a_pass_gives_the_certificate(
    client, admin, session
):
    client.force_login(admin)
    url = f"/ar/training/sessions/{session.pk}/quiz/BP-0417/post/"

    page = client.get(url).content.decode()
    assert 'dir="rtl"' in page
    assert "يقول رجل على الحدود إنه سيتعرض للتعذيب" in page  # the question, in Arabic
    assert "لا أعيده، وأحيل طلبه للحماية" in page  # a choice, in Arabic

    posted = client.post(url, {f"q{k}": v for k, v in answers(session, 5).items()})

    assert posted.status_code == 302
    participant = Participant.objects.get(code="BP-0417")
    assert participant.post_score == 100 and participant.certificate_code
    assert participant.language == "ar"
    detail = client.get(f"/ar/training/sessions/{session.pk}/").content.decode()
    assert participant.certificate_code in detail
    # Passed: the post-test is not offered again, and the page refuses it.
    assert url not in detail
    again = client.post(url, {f"q{k}": v for k, v in answers(session, 5).items()})
    assert QuizAttempt.objects.filter(participant=participant).count() == 1
    assert again.status_code == 200


def test_a_device_fetches_the_quiz_in_arabic_and_sends_the_attempts_back(
    admin, session, api_client_for, client
):
    from waypost.core.tests.test_openapi import validate

    schema = client.get("/api/schema/?format=json").json()
    paths = schema["paths"]
    api = api_client_for(admin)

    quiz = api.get(f"/api/v1/training/sessions/{session.pk}/quiz/", {"lang": "ar"})

    assert quiz.status_code == 200, quiz.content
    body = quiz.json()
    validate(
        schema,
        body,
        paths["/api/v1/training/sessions/{session_id}/quiz/"]["get"]["responses"]["200"]["content"][
            "application/json"
        ]["schema"],
    )
    assert body["pass_mark"] == 80 and len(body["questions"]) == 5
    first = body["questions"][0]
    assert first["text"].startswith("يقول رجل على الحدود") and "answer" not in first

    def send(right):
        given = answers(session, right)
        return api.post(
            f"/api/v1/training/sessions/{session.pk}/attempts/",
            {
                "code": "BP-0417",
                "kind": "post",
                "language": "ar",
                "answers": [{"question": q, "choice": c} for q, c in given.items()],
            },
            format="json",
        )

    failed, passed, again = send(2), send(5), send(5)

    assert failed.status_code == 201 and failed.json()["certificate"] is None
    assert passed.status_code == 201, passed.content
    validate(
        schema,
        passed.json(),
        paths["/api/v1/training/sessions/{session_id}/attempts/"]["post"]["responses"]["201"][
            "content"
        ]["application/json"]["schema"],
    )
    assert passed.json()["score"] == 100 and passed.json()["number"] == 2
    assert passed.json()["certificate"] == Participant.objects.get(code="BP-0417").certificate_code
    assert again.status_code == 400
    assert again["Content-Type"].startswith("application/problem+json")


def test_another_organisations_device_gets_neither_quiz_nor_attempt(
    session, api_client_for, make_user, other_organisation
):
    from waypost.accounts.roles import Role

    outsider = api_client_for(make_user(other_organisation, Role.ADMIN, username="outsider"))

    quiz = outsider.get(f"/api/v1/training/sessions/{session.pk}/quiz/")
    attempt = outsider.post(
        f"/api/v1/training/sessions/{session.pk}/attempts/",
        {"code": "BP-0417", "kind": "post", "language": "en", "answers": []},
        format="json",
    )

    assert quiz.status_code == 404 and attempt.status_code == 404
    assert not QuizAttempt.objects.exists()
