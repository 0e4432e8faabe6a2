"""Candidate scores: one calibrated scale per kind of comparison, from the evidence shown."""

from __future__ import annotations

import pytest

from waypost.tracing import scores, selectors, services
from waypost.tracing.models import (
    Candidate,
    FoundPerson,
    MissingPersonReport,
    UnidentifiedRemains,
)

pytestmark = pytest.mark.django_db


def test_a_found_person_and_remains_of_one_report_are_each_scored_on_their_own(caseworker):
    """The engine's index shares one probability among a record's candidates: a found
    person and remains both like the report read 90 % and 10 %, whatever their evidence."""
    report = services.record_create(
        actor=caseworker,
        model=MissingPersonReport,
        name="Mohamed Abdelrahman",
        sex="M",
        birth_date="1998",
        nationality="SDN",
    )
    services.record_create(
        actor=caseworker,
        model=FoundPerson,
        name="محمد عبد الرحمن",
        sex="M",
        birth_date="1998-03-02",
        nationality="SDN",
    )
    services.record_create(
        actor=caseworker,
        model=UnidentifiedRemains,
        name="Mohamed Abdelrahman",
        sex="M",
        age=26,
        age_date="2024-06-01",
        nationality="SDN",
    )

    services.record_update(actor=caseworker, record=report, place="Agadez")

    candidates = {c.kind: c for c in Candidate.objects.filter(report=report)}
    assert set(candidates) == {"found_person", "remains"}
    for candidate in candidates.values():
        weight = sum(item["weight"] for item in candidate.evidence)
        assert weight > 18
        assert candidate.score == pytest.approx(
            scores.assess(candidate.kind, candidate.evidence).probability
        )
        assert scores.band_of(scores.percent(candidate.score)).code == "very_likely"
    shown = selectors.candidates_for_report(user=caseworker, report_id=report.pk)
    assert {c.shown_score for c in shown} == {round(c.score, 4) for c in candidates.values()}


def test_remains_need_more_evidence_than_a_living_person_for_the_same_score():
    evidence = [{"weight": 13.4}, {"weight": 1.0}]

    found = scores.assess(scores.FOUND_PERSON, evidence)
    remains = scores.assess(scores.REMAINS, evidence)

    assert found.evidence_weight == remains.evidence_weight == 14.4
    assert remains.prior_weight < found.prior_weight
    assert remains.probability < found.probability


@pytest.mark.parametrize("kind", [scores.FOUND_PERSON, scores.REMAINS])
def test_the_words_follow_the_number_and_a_higher_weight_never_reads_lower(kind):
    shown = [scores.assess(kind, [{"weight": tenth / 10}]) for tenth in range(-200, 400)]

    percents = [a.percent for a in shown]
    assert percents == sorted(percents) and min(percents) >= 1 and max(percents) <= 99
    ranks = [[band.code for band in scores.BANDS].index(a.band.code) for a in shown]
    assert ranks == sorted(ranks, reverse=True)
    assert {a.band.code for a in shown} == {band.code for band in scores.BANDS}
    for a in shown:
        assert a.percent >= a.band.lowest_percent
        if a.evidence_weight < 0:
            assert a.band.code not in ("very_likely", "likely")
