"""The benefit of the doubt, as plain functions."""

from __future__ import annotations

from datetime import date

from waypost.screening.ages import age_from_birth_date, age_group, age_view

TODAY = date(2026, 12, 7)


def test_a_partial_birth_date_counts_from_its_latest_day():
    assert age_from_birth_date("2008", TODAY) == 17  # could be born on 31 December 2008
    assert age_from_birth_date("2008-12-06", TODAY) == 18


def test_a_pending_assessment_makes_a_child_whatever_the_age_given():
    view = age_view(
        birth_date="",
        claimed_age=20,
        claimed_on=TODAY,
        assessment=("pending", 19, None),
        today=TODAY,
    )
    assert view.is_child and view.basis == "assessment_pending"


def test_a_completed_assessment_uses_the_lowest_age_and_its_years_since():
    view = age_view(
        birth_date="",
        claimed_age=25,
        claimed_on=TODAY,
        assessment=("completed", 16, date(2025, 1, 1)),
        today=TODAY,
    )
    assert view.age == 17 and view.is_child
    older = age_view(
        birth_date="",
        claimed_age=15,
        claimed_on=TODAY,
        assessment=("completed", 19, TODAY),
        today=TODAY,
    )
    assert older.age == 19 and not older.is_child


def test_age_groups_of_the_statistics():
    assert [age_group(a) for a in (None, 3, 11, 17, 18, 60)] == [
        "unknown",
        "0-4",
        "5-11",
        "12-17",
        "18-59",
        "60+",
    ]
