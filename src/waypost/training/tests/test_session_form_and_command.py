"""A session recorded on its page or with ``waypost training record``, and its results."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from waypost.training import services
from waypost.training.models import Module, Participant, TrainingSession

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(organisation):
    services.course_create(
        code="borders",
        title={"en": "Human rights at borders", "ar": "حقوق الإنسان على الحدود"},
        modules=[Module.NON_REFOULEMENT, Module.CHILDREN],
        pass_mark=70,
    )
    services.post_set(organisation=organisation, code="port-a", name="Port A", staff=4)


def test_a_session_is_recorded_on_its_page_then_its_results(client, admin, course):
    client.force_login(admin)
    form = client.get("/ar/training/sessions/new/").content.decode()
    assert 'dir="rtl"' in form and "حقوق الإنسان على الحدود" in form  # the course, in Arabic

    created = client.post(
        "/en/training/sessions/new/",
        {
            "post": "port-a",
            "course": "borders",
            "starts_on": "2026-03-02",
            "ends_on": "2026-03-06",
            "trainers": "Trainer One\nTrainer Two",
            "participants": "BP-0417, Sergeant, female, ar\nBP-0522, Officer, male\n\nBP-0731",
        },
    )

    session = TrainingSession.objects.get()
    assert created.status_code == 302 and created["Location"].endswith(
        f"/training/sessions/{session.pk}/"
    )
    assert session.trainers == ["Trainer One", "Trainer Two"]
    assert list(session.participants.order_by("code").values_list("code", "sex", "language")) == [
        ("BP-0417", "female", "ar"),
        ("BP-0522", "male", ""),
        ("BP-0731", "", ""),
    ]
    page = client.get(f"/en/training/sessions/{session.pk}/").content.decode()
    codes = [p.code for p in session.participants.order_by("code")]
    assert all(code in page for code in codes)

    results = client.post(
        f"/en/training/sessions/{session.pk}/",
        {
            "attended_0": "on",
            "pre_0": "40",
            "post_0": "85",
            "attended_1": "on",
            "pre_1": "50",
            "post_1": "60",
        },
    )

    assert results.status_code == 302
    session.refresh_from_db()
    by_code = {p.code: p for p in session.participants.all()}
    assert session.completed_at is not None
    assert by_code["BP-0417"].certificate_code and by_code["BP-0417"].post_score == 85
    assert by_code["BP-0522"].certificate_code is None  # 60 < 70
    assert not by_code["BP-0731"].attended


def test_the_session_form_explains_what_is_wrong(client, admin, course):
    client.force_login(admin)

    answer = client.post(
        "/en/training/sessions/new/",
        {
            "post": "port-a",
            "course": "borders",
            "starts_on": "2026-03-06",
            "ends_on": "2026-03-02",
            "trainers": "Trainer One",
            "participants": "BP-0417, Sergeant, woman",
        },
    )
    assert answer.status_code == 200
    assert "Line 1: sex is one of female, male, other." in answer.content.decode()

    answer = client.post(
        "/en/training/sessions/new/",
        {
            "post": "port-a",
            "course": "borders",
            "starts_on": "2026-03-06",
            "ends_on": "2026-03-02",
            "trainers": "Trainer One",
            "participants": "BP-0417",
        },
    )
    assert "A session cannot end before it starts." in answer.content.decode()
    assert not TrainingSession.objects.exists()


def test_a_caseworker_cannot_record_a_session_and_another_organisation_cannot_see_it(
    client, caseworker, admin, course, make_user, other_organisation
):
    from waypost.accounts.roles import Role

    session = services.session_create(
        actor=admin,
        post_code="port-a",
        course_code="borders",
        trainers=[],
        starts_on=date(2026, 3, 2),
        ends_on=date(2026, 3, 6),
        participants=[services.ParticipantInput(code="BP-0417")],
    )
    client.force_login(caseworker)
    assert client.get("/en/training/sessions/new/").status_code == 403
    client.force_login(make_user(other_organisation, Role.ADMIN, username="outsider"))
    assert client.get(f"/en/training/sessions/{session.pk}/").status_code == 404
    assert client.get(f"/en/training/sessions/{session.pk}/quiz/BP-0417/post/").status_code == 404


def test_the_command_records_a_session_with_its_results(organisation, course, tmp_path, capsys):
    path = tmp_path / "session.json"
    path.write_text(
        json.dumps(
            {
                "post": "port-a",
                "course": "borders",
                "trainers": ["Trainer One"],
                "starts_on": "2026-03-02",
                "ends_on": "2026-03-06",
                "participants": [
                    {"code": "BP-0417", "rank": "Sergeant", "sex": "female", "language": "ar"},
                    {"code": "BP-0522", "rank": "Officer", "sex": "male"},
                ],
                "results": [
                    {"code": "BP-0417", "attended": True, "pre_score": 40, "post_score": 85},
                    {"code": "BP-0522", "attended": True, "pre_score": 50, "post_score": 60},
                ],
            }
        ),
        encoding="utf-8",
    )

    call_command("training", "record", str(path), "--org", organisation.slug, "--json")

    printed = json.loads(capsys.readouterr().out)
    session = TrainingSession.objects.get()
    assert printed == {
        "session": session.pk,
        "participants": 2,
        "attended": 2,
        "certified": 1,
        "completed": True,
    }
    assert Participant.objects.get(code="BP-0417").language == "ar"
    assert "BP-0417" not in json.dumps(printed)


def test_the_command_refuses_a_bad_file_and_changes_nothing(organisation, course, tmp_path):
    path = tmp_path / "session.json"
    session = {
        "post": "port-a",
        "course": "borders",
        "trainers": [],
        "starts_on": "2026-03-02",
        "ends_on": "2026-03-06",
        "participants": [{"code": "BP-0417"}],
        "results": [{"code": "BP-0417", "attended": True, "post_score": 140}],
    }
    path.write_text(json.dumps(session), encoding="utf-8")

    with pytest.raises(CommandError, match="out of 100"):
        call_command("training", "record", str(path), "--org", organisation.slug)
    assert not TrainingSession.objects.exists()  # the session was rolled back too

    path.write_text(json.dumps({**session, "names": ["Amina"]}), encoding="utf-8")
    with pytest.raises(CommandError, match="Unknown keys: names"):
        call_command("training", "record", str(path), "--org", organisation.slug)


def test_the_command_sets_a_post_linked_to_complaints(organisation, capsys):
    call_command(
        "training", "post", organisation.slug, "airport", "--name", "Airport", "--staff", "25",
        "--authority", "border-guard",
    )  # fmt: skip

    post = organisation.borderpost_set.get(code="airport")
    assert (post.staff, post.country, post.authority_kind) == (25, "NER", "border-guard")
    with pytest.raises(CommandError, match="Unknown authority"):
        call_command(
            "training", "post", organisation.slug, "x", "--name", "X", "--staff", "1",
            "--authority", "customs",
        )  # fmt: skip
