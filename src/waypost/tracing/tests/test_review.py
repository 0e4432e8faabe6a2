from __future__ import annotations

import pytest

from waypost.accounts.roles import Role
from waypost.core.exceptions import ApplicationError
from waypost.tracing import services
from waypost.tracing.models import (
    CandidateStatus,
    FamilyNotification,
    FoundPerson,
    MissingPersonReport,
    ReportStatus,
    UnidentifiedRemains,
)


@pytest.fixture
def reviewers(make_user, organisation):
    return [make_user(organisation, Role.REVIEWER), make_user(organisation, Role.CASEWORKER)]


@pytest.fixture
def report(caseworker):
    return services.record_create(
        actor=caseworker,
        model=MissingPersonReport,
        name="Amina Yusuf",
        sex="F",
        birth_date="2001",
        nationality="ERI",
        enquirer_phone="+291 7 123 456",
    )


@pytest.fixture
def candidate(caseworker, report):
    services.record_create(
        actor=caseworker,
        model=FoundPerson,
        name="أمينة يوسف",
        sex="F",
        birth_date="2001-06-10",
        nationality="ERI",
    )
    return report.candidates.get()


def test_one_confirmation_is_not_enough(candidate, reviewers):
    services.candidate_review(
        actor=reviewers[0], candidate=candidate, decision="confirm", reasons="Same photo"
    )

    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.UNDER_REVIEW
    assert candidate.report.status == ReportStatus.UNDER_REVIEW


def test_two_confirmations_locate_the_person_and_open_a_family_notification(
    candidate, reviewers, report
):
    for reviewer in reviewers:
        services.candidate_review(
            actor=reviewer,
            candidate=candidate,
            decision="confirm",
            reasons="Names, birth date and scar agree",
        )

    candidate.refresh_from_db()
    report.refresh_from_db()
    assert candidate.status == CandidateStatus.CONFIRMED
    assert report.status == ReportStatus.LOCATED_ALIVE
    assert FamilyNotification.objects.filter(candidate=candidate).exists()


def test_the_same_reviewer_cannot_count_twice(candidate, reviewers):
    services.candidate_review(
        actor=reviewers[0], candidate=candidate, decision="confirm", reasons="x"
    )

    with pytest.raises(ApplicationError, match="second person"):
        services.candidate_review(
            actor=reviewers[0], candidate=candidate, decision="confirm", reasons="y"
        )


def test_a_decision_needs_reasons(candidate, reviewers):
    with pytest.raises(ApplicationError, match="reasons"):
        services.candidate_review(
            actor=reviewers[0], candidate=candidate, decision="exclude", reasons=" "
        )


def test_remains_need_a_forensic_specialist_among_the_confirmers(
    caseworker, report, reviewers, make_user, organisation
):
    # A name from a document found with the body; the age is the pathologist's estimate.
    services.record_create(
        actor=caseworker,
        model=UnidentifiedRemains,
        sex="F",
        name="Amina Yousef",
        nationality="ERI",
        age_min=20,
        age_max=26,
        age_date="2024-08-01",
    )
    remains_candidate = report.candidates.filter(remains__isnull=False).first()
    assert remains_candidate is not None

    for reviewer in reviewers:
        services.candidate_review(
            actor=reviewer, candidate=remains_candidate, decision="confirm", reasons="DNA"
        )
    remains_candidate.refresh_from_db()
    assert remains_candidate.status == CandidateStatus.UNDER_REVIEW

    forensic = make_user(organisation, Role.FORENSIC)
    services.candidate_review(
        actor=forensic, candidate=remains_candidate, decision="confirm", reasons="DNA match"
    )
    remains_candidate.refresh_from_db()
    report.refresh_from_db()
    assert remains_candidate.status == CandidateStatus.CONFIRMED
    assert report.status == ReportStatus.IDENTIFIED_DECEASED


def test_an_excluded_pair_is_not_suggested_again_unless_the_data_change(
    candidate, reviewers, caseworker
):
    for reviewer in reviewers:
        services.candidate_review(
            actor=reviewer, candidate=candidate, decision="exclude", reasons="Different mother"
        )
    found = candidate.found_person

    services.record_update(actor=caseworker, record=found, description="Seen again in the shelter")
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.EXCLUDED  # description is not compared

    services.record_update(actor=caseworker, record=found, birth_date="2001-06-11")
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.SUGGESTED


def test_a_caseworker_of_another_organisation_cannot_review(candidate, other_caseworker):
    from waypost.core.exceptions import NotFound
    from waypost.tracing import selectors

    with pytest.raises(NotFound):
        selectors.candidate_get(user=other_caseworker, pk=candidate.pk)
