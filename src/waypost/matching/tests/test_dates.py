from __future__ import annotations

import pytest

from waypost.matching.internals.comparisons import COMPARISONS
from waypost.matching.internals.dates import DateError, birth_features, parse_partial_date
from waypost.matching.internals.features import features
from waypost.matching.internals.records import Record

BIRTH = COMPARISONS[1]


def birth_level(a: dict[str, str], b: dict[str, str]) -> str:
    fa, fb = features(Record(id="a", **a)), features(Record(id="b", **b))
    return BIRTH.levels[BIRTH.level_of(fa, fb)].label


def test_it_reads_partial_iso_dates() -> None:
    assert parse_partial_date("1998").month is None
    assert parse_partial_date("1998-04").day is None
    assert parse_partial_date("1998-04-17").is_full


@pytest.mark.parametrize("bad", ["98", "1998-13", "1998-02-30", "17/04/1998", "1998-4-1"])
def test_it_rejects_impossible_or_foreign_dates(bad: str) -> None:
    with pytest.raises(DateError):
        parse_partial_date(bad)


def test_it_finds_1998_consistent_with_1998_04_17() -> None:
    level = birth_level({"birth_date": "1998"}, {"birth_date": "1998-04-17"})
    assert level == "same birth year, one date partial"


def test_it_finds_1998_04_consistent_with_1998_04_17() -> None:
    level = birth_level({"birth_date": "1998-04"}, {"birth_date": "1998-04-17"})
    assert level == "same year and month, one date partial"


def test_it_turns_age_25_in_2024_into_a_birth_year_range() -> None:
    birth = birth_features("", "25", "2024-06-01")
    assert (birth.year_lo, birth.year_hi) == (1993, 2004)


def test_it_keeps_a_child_s_age_range_narrow() -> None:
    birth = birth_features("", "8", "2024-06-01")
    assert (birth.year_lo, birth.year_hi) == (2013, 2018)


def test_it_finds_age_25_in_2024_consistent_with_birth_in_1998() -> None:
    level = birth_level({"age": "25", "age_date": "2024"}, {"birth_date": "1998-04-17"})
    assert level == "birth year consistent with estimated age"


def test_it_finds_age_25_plus_3_in_2024_consistent_with_birth_in_1996() -> None:
    level = birth_level({"age": "28", "age_date": "2024"}, {"birth_date": "1996"})
    assert level == "birth year consistent with estimated age"


def test_it_finds_age_25_in_2024_inconsistent_with_birth_in_1980() -> None:
    level = birth_level({"age": "25", "age_date": "2024"}, {"birth_date": "1980"})
    assert level == "birth dates inconsistent"


def test_it_recognises_day_and_month_swapped() -> None:
    level = birth_level({"birth_date": "1985-07-03"}, {"birth_date": "1985-03-07"})
    assert level == "day and month swapped"


def test_it_recognises_the_same_full_date() -> None:
    assert (
        birth_level({"birth_date": "1985-07-03"}, {"birth_date": "1985-07-03"}) == "same birth date"
    )


def test_it_weighs_a_different_full_date_in_the_same_year_below_a_partial_match() -> None:
    assert birth_level({"birth_date": "1985-07-03"}, {"birth_date": "1985-11-20"}) == (
        "same birth year, different dates"
    )
