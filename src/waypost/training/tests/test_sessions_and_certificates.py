"""Sessions with pre/post scores, certificates verified without a name, post indicators."""

from __future__ import annotations

import re
from datetime import date

import pytest
import time_machine

from waypost.accounts.roles import Role
from waypost.training import selectors, services
from waypost.training.models import Module

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(organisation, admin):
    services.course_create(
        code="borders",
        title={"en": "Human rights at borders", "ar": "حقوق الإنسان على الحدود"},
        modules=[Module.NON_REFOULEMENT, Module.CHILDREN],
        pass_mark=70,
        valid_months=12,
    )
    services.post_set(organisation=organisation, code="port-a", name="Port A", staff=4)
    return admin


def create_session(api, ends_on="2026-03-06"):
    response = api.post(
        "/api/v1/training/sessions/",
        {
            "post": "port-a",
            "course": "borders",
            "trainers": ["Trainer One"],
            "starts_on": "2026-03-02",
            "ends_on": ends_on,
            "participants": [
                {"code": "BP-0417", "rank": "Sergeant", "sex": "female"},
                {"code": "BP-0522", "rank": "Officer", "sex": "male"},
                {"code": "BP-0731", "rank": "Officer", "sex": "male"},
            ],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    return response.json()


RESULTS = [
    {"code": "BP-0417", "attended": True, "pre_score": 40, "post_score": 85},
    {"code": "BP-0522", "attended": True, "pre_score": 55, "post_score": 65},
    {"code": "BP-0731", "attended": False},
]


@time_machine.travel(date(2026, 4, 1))
def test_a_session_with_scores_certifies_who_passed_and_the_certificate_verifies_without_a_name(
    setup, api_client_for, client
):
    api = api_client_for(setup)
    session = create_session(api)
    assert session["completed"] is False

    answer = api.post(
        f"/api/v1/training/sessions/{session['id']}/results/", RESULTS, format="json"
    ).json()

    by_code = {p["code"]: p for p in answer["participants"]}
    assert answer["completed"] is True
    assert by_code["BP-0522"]["certificate"] is None  # 65 < 70
    assert by_code["BP-0731"]["certificate"] is None  # absent
    code = by_code["BP-0417"]["certificate"]
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{12}", code)
    assert by_code["BP-0417"]["refresher_due"] == "2027-03-06"

    for language in ("en", "ar"):
        page = client.get(f"/{language}/training/verify/{code}/").content.decode()
        assert code in page and "Port A" in page
        for personal in ("BP-0417", "Sergeant", "female", "Trainer One"):
            assert personal not in page
    assert "حقوق الإنسان على الحدود" in client.get(f"/ar/training/verify/{code}/").content.decode()
    assert client.get("/en/training/verify/NOSUCHCODE/").status_code == 404


def test_the_post_indicator_changes_when_a_session_completes_and_when_a_certificate_expires(
    setup, api_client_for
):
    api = api_client_for(setup)
    with time_machine.travel(date(2026, 3, 1)):
        session = create_session(api)
        before = api.get("/api/v1/training/indicators/", {"post": "port-a"}).json()
    assert before["trained_last_12_months"] == 0 and before["share_trained_last_12_months"] == 0

    with time_machine.travel(date(2026, 4, 1)):
        api.post(f"/api/v1/training/sessions/{session['id']}/results/", RESULTS, format="json")
        after = api.get("/api/v1/training/indicators/", {"post": "port-a"}).json()
    assert after["trained_last_12_months"] == 1
    assert after["share_trained_last_12_months"] == 0.25  # 1 of 4 staff
    assert after["overdue_refreshers"] == 0
    # Gain from pre- to post-test of those who sat both: (45 + 10) / 2, for each module.
    assert after["gain_per_module"] == [
        {"module": "children", "participants": 2, "mean_gain": 27.5},
        {"module": "non-refoulement", "participants": 2, "mean_gain": 27.5},
    ]

    with time_machine.travel(date(2027, 3, 10)):
        # a token of that day: the first one, made today, has expired by then
        later = api_client_for(setup)
        expired = later.get("/api/v1/training/indicators/", {"post": "port-a"}).json()
        assert expired["trained_last_12_months"] == 0
        assert expired["overdue_refreshers"] == 1
        code = (
            selectors.sessions_of(setup.organisation_id)[0]
            .participants.get(code="BP-0417")
            .certificate_code
        )
        assert selectors.certificate_verify(code)["valid"] is False


def test_another_organisation_cannot_record_results_or_read_indicators(
    setup, api_client_for, make_user, other_organisation
):
    session = create_session(api_client_for(setup))
    outsider = api_client_for(make_user(other_organisation, Role.ADMIN, username="other-admin"))

    results = outsider.post(
        f"/api/v1/training/sessions/{session['id']}/results/", RESULTS, format="json"
    )
    indicators = outsider.get("/api/v1/training/indicators/", {"post": "port-a"})

    assert results.status_code == 404 and indicators.status_code == 404
    assert results["Content-Type"].startswith("application/problem+json")


def test_bad_input_is_a_400_problem(setup, api_client_for):
    api = api_client_for(setup)
    session = create_session(api)
    bad_score = api.post(
        f"/api/v1/training/sessions/{session['id']}/results/",
        [{"code": "BP-0417", "attended": True, "post_score": 140}],
        format="json",
    )
    stranger = api.post(
        f"/api/v1/training/sessions/{session['id']}/results/",
        [{"code": "NOBODY", "attended": True}],
        format="json",
    )
    assert bad_score.status_code == 400 and stranger.status_code == 400


@time_machine.travel(date(2026, 4, 1))
def test_real_answers_validate_against_the_schema(setup, api_client_for, client):
    from waypost.core.tests.test_openapi import validate

    schema = client.get("/api/schema/?format=json").json()
    api = api_client_for(setup)
    created = create_session(api)
    results = api.post(
        f"/api/v1/training/sessions/{created['id']}/results/", RESULTS, format="json"
    )
    indicators = api.get("/api/v1/training/indicators/", {"post": "port-a"})

    paths = schema["paths"]
    validate(
        schema,
        created,
        paths["/api/v1/training/sessions/"]["post"]["responses"]["201"]["content"][
            "application/json"
        ]["schema"],
    )
    validate(
        schema,
        results.json(),
        paths["/api/v1/training/sessions/{session_id}/results/"]["post"]["responses"]["200"][
            "content"
        ]["application/json"]["schema"],
    )
    validate(
        schema,
        indicators.json(),
        paths["/api/v1/training/indicators/"]["get"]["responses"]["200"]["content"][
            "application/json"
        ]["schema"],
    )
