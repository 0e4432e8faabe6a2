"""Ages with the benefit of the doubt (EUAA practical guide on age assessment).

Plain functions over plain values, so the rule is read, and tested, in one place:

- a birth date, even partial, counts from its latest possible day (born "2009": 31 December);
- while an age assessment is pending, the person is treated as a child;
- a completed assessment gives a range, and the lowest age of the range is used;
- nothing here changes the age the person gave: it is kept as given.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date

ADULT_AGE = 18


@dataclass(frozen=True)
class AgeView:
    age: int | None  # the age used for decisions (None: unknown)
    is_child: bool
    basis: str  # "assessment_pending", "assessment", "birth_date", "claimed", "unknown"


def age_from_birth_date(birth_date: str, today: date) -> int | None:
    """The youngest age a (partial) ISO birth date allows today."""
    try:
        year = int(birth_date[:4])
        month = int(birth_date[5:7]) if len(birth_date) >= 7 else 12
        day = int(birth_date[8:10]) if len(birth_date) >= 10 else monthrange(year, month)[1]
    except ValueError:
        return None
    return today.year - year - ((today.month, today.day) < (month, day))


def years_since(then: date | None, today: date) -> int:
    if then is None:
        return 0
    return max(0, today.year - then.year - ((today.month, today.day) < (then.month, then.day)))


def age_view(
    *,
    birth_date: str,
    claimed_age: int | None,
    claimed_on: date | None,
    assessment: tuple[str, int | None, date | None] | None,
    today: date,
) -> AgeView:
    """``assessment``: the latest one's (status, lowest age, decided on), if any."""
    if assessment is not None:
        status, lowest, decided_on = assessment
        if status == "pending":
            # Treated as a child until the assessment ends, whatever the range so far.
            age = (
                lowest if lowest is not None else _given(birth_date, claimed_age, claimed_on, today)
            )
            return AgeView(age, True, "assessment_pending")
        if lowest is not None:
            age = lowest + years_since(decided_on, today)
            return AgeView(age, age < ADULT_AGE, "assessment")
    if birth_date:
        age = age_from_birth_date(birth_date, today)
        if age is not None:
            return AgeView(age, age < ADULT_AGE, "birth_date")
    if claimed_age is not None:
        age = claimed_age + years_since(claimed_on, today)
        return AgeView(age, age < ADULT_AGE, "claimed")
    return AgeView(None, False, "unknown")


def _given(
    birth_date: str, claimed_age: int | None, claimed_on: date | None, today: date
) -> int | None:
    if birth_date:
        return age_from_birth_date(birth_date, today)
    if claimed_age is not None:
        return claimed_age + years_since(claimed_on, today)
    return None


def age_group(age: int | None) -> str:
    """The age groups of the statistics (UNHCR's demographic bands)."""
    if age is None:
        return "unknown"
    for upper, label in ((4, "0-4"), (11, "5-11"), (17, "12-17"), (59, "18-59")):
        if age <= upper:
            return label
    return "60+"
