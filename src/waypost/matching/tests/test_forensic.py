from __future__ import annotations

import pytest

from waypost.matching import forensic
from waypost.matching.forensic import (
    CONCORDANT,
    DENTAL_CONCORDANT,
    DENTAL_CONSISTENT,
    DENTAL_INSUFFICIENT,
    DENTAL_IRRECONCILABLE,
    EXPLAINABLE,
    IRRECONCILABLE,
)


@pytest.mark.parametrize(
    ("antemortem", "postmortem", "outcome"),
    [
        ("filled", "filled", CONCORDANT),
        ("missing", "missing", CONCORDANT),
        ("sound", "filled", EXPLAINABLE),  # treated after the record was made
        ("sound", "crown", EXPLAINABLE),
        ("sound", "missing", EXPLAINABLE),  # extracted, or lost after death
        ("filled", "crown", EXPLAINABLE),
        ("filled", "missing", EXPLAINABLE),
        ("prosthesis", "missing", EXPLAINABLE),  # the denture was not worn
        ("missing", "implant", EXPLAINABLE),
        ("missing", "sound", IRRECONCILABLE),  # teeth do not grow back
        ("missing", "filled", IRRECONCILABLE),
        ("filled", "sound", IRRECONCILABLE),  # fillings do not vanish
        ("crown", "filled", IRRECONCILABLE),
        ("implant", "sound", IRRECONCILABLE),
    ],
)
def test_a_tooth_is_read_from_its_earlier_to_its_later_state(antemortem, postmortem, outcome):
    assert forensic.tooth_outcome(antemortem, postmortem) == outcome


def test_concordant_restorations_raise_the_weight_per_feature():
    am = {"16": "filled", "26": "crown", "36": "missing", "11": "sound", "21": "sound"}
    pm = {"16": "filled", "26": "crown", "36": "missing", "11": "sound", "21": "filled"}

    dental = forensic.compare_dental(am, pm)

    assert dental is not None
    assert dental.conclusion == DENTAL_CONCORDANT
    assert dental.counts == {CONCORDANT: 4, EXPLAINABLE: 1, IRRECONCILABLE: 0}
    assert dental.weight == 3 * forensic.WEIGHT_PER_CONCORDANT_FEATURE + 0.2
    assert [t.tooth for t in dental.teeth] == ["11", "16", "21", "26", "36"]


def test_one_irreconcilable_tooth_makes_the_charts_irreconcilable_whatever_else_agrees():
    am = {"16": "filled", "26": "crown", "36": "missing"}
    pm = {"16": "filled", "26": "crown", "36": "sound"}

    dental = forensic.compare_dental(am, pm)

    assert dental is not None
    assert dental.conclusion == DENTAL_IRRECONCILABLE
    assert dental.weight < -10
    assert [t.outcome for t in dental.teeth if t.tooth == "36"] == [IRRECONCILABLE]


def test_explainable_differences_alone_are_consistent_but_weigh_little():
    am = {"11": "sound", "12": "sound", "13": "sound", "14": "sound", "15": "sound"}
    pm = {"11": "sound", "12": "filled", "13": "sound", "14": "sound", "15": "missing"}

    dental = forensic.compare_dental(am, pm)

    assert dental is not None
    assert dental.conclusion == DENTAL_CONSISTENT
    assert 0 < dental.weight < 1


def test_too_few_teeth_in_common_say_nothing_and_no_common_tooth_gives_no_comparison():
    few = forensic.compare_dental({"11": "sound", "48": "filled"}, {"11": "sound"})
    assert few is not None and few.conclusion == DENTAL_INSUFFICIENT and few.weight == 0

    assert forensic.compare_dental({"11": "filled"}, {"21": "filled"}) is None
    assert forensic.compare_dental(None, {"21": "filled"}) is None


def test_charts_are_read_defensively():
    am = {"16": "filled", "x1": "filled", "17": "golden", "18": None}
    assert forensic.compare_dental(am, {"16": "filled", "17": "filled"}).teeth == (
        forensic.ToothComparison("16", "filled", "filled", CONCORDANT),
    )
    assert forensic.compare_dental(["16"], "filled") is None


def test_age_stature_and_sex_against_the_examination():
    comparison = forensic.compare(
        antemortem={"height_cm": [170, 175]},
        postmortem={"examination": {"sex": "M", "age_range": [25, 35], "stature_cm": [172, 180]}},
        report_sex="M",
        report_age_then=27,
    )

    levels = {item.key: item.level for item in comparison.items}
    assert levels == {
        "pm_sex": forensic.SEX_CONSISTENT,
        "pm_age": forensic.AGE_CONSISTENT,
        "stature": forensic.STATURE_CONSISTENT,
    }
    assert comparison.dental is None


def test_age_stature_and_sex_inconsistencies_lower_the_weight():
    comparison = forensic.compare(
        antemortem={"height_cm": [150, 155]},
        postmortem={"examination": {"sex": "F", "age_range": [45, 60], "stature_cm": [175, 185]}},
        report_sex="M",
        report_age_then=20,
    )

    assert {item.key: item.level for item in comparison.items} == {
        "pm_sex": forensic.SEX_INCONSISTENT,
        "pm_age": forensic.AGE_INCONSISTENT,
        "stature": forensic.STATURE_INCONSISTENT,
    }
    assert all(item.weight < 0 for item in comparison.items)


def test_the_age_tolerance_allows_a_family_to_be_a_year_or_two_off():
    assert forensic.compare_age(23, [25, 35]).level == forensic.AGE_CONSISTENT
    assert forensic.compare_age(22, [25, 35]).level == forensic.AGE_INCONSISTENT
    assert forensic.compare_age(None, [25, 35]) is None
    assert forensic.compare_age(30, "adult") is None


def test_the_age_then_comes_from_a_birth_year_or_an_age_given_earlier():
    assert forensic.age_at(1998, None, None, 2024) == 26
    assert forensic.age_at(None, 20, 2020, 2024) == 24
    assert forensic.age_at(None, None, None, 2024) is None


@pytest.mark.parametrize(
    ("conclusion", "sign"), [("match", 1), ("exclusion", -1), ("inconclusive", 0)]
)
def test_a_laboratory_dna_conclusion_is_weighed_as_reported(conclusion, sign):
    comparison = forensic.compare(antemortem={}, postmortem={}, dna=(conclusion, "ICMP"))

    (item,) = comparison.items
    assert item.key == "dna"
    assert (item.weight > 0) - (item.weight < 0) == sign
    assert item.facts == (("laboratory", "ICMP"),)


def test_nothing_recorded_gives_no_evidence():
    assert forensic.compare(antemortem=None, postmortem=None).items == ()
    assert forensic.compare(antemortem={"dental": {}}, postmortem={"dental": {}}).evidence() == []


def test_every_level_is_listed_for_translation():
    comparison = forensic.compare(
        antemortem={"dental": {"11": "filled"}, "height_cm": [170, 170]},
        postmortem={"dental": {"11": "filled"}, "examination": {"stature_cm": 171}},
        dna=("match", ""),
    )
    assert {item.level for item in comparison.items} <= set(forensic.LEVELS)
