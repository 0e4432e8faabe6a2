"""EM on the level counts of the training pairs trains what Splink's own sessions train."""

from __future__ import annotations

from dataclasses import replace

import pytest
from splink import Linker
from splink.internals.parse_sql import get_columns_used_from_sql
from splink.internals.settings import Settings
from splink.internals.settings_creator import SettingsCreator

from waypost.matching import Record
from waypost.matching.internals.comparisons import COMPARISONS
from waypost.matching.internals.em import TRAINING_RULES, MTraining, estimate_m
from waypost.matching.internals.linkage import EM_MAX_PAIRS, _quiet
from waypost.matching.internals.model import M_FLOOR, Model
from waypost.matching.internals.vectors import level_counts, training_pairs
from waypost.matching.tests.test_model import people, registered
from waypost.matching.tests.test_vectors import splink_probabilities


def reported_again(records: list[Record]) -> list[Record]:
    """The same people as another organisation records them: name parts in the other
    order, every other birth date cut to its year."""
    out = []
    for i, r in enumerate(records):
        given, family = r.name.split(" ", 1)
        birth = r.birth_date[:4] if i % 2 else r.birth_date
        out.append(replace(r, id=f"again-{r.id}", name=f"{family} {given}", birth_date=birth))
    return out


def born_the_same_day(records: list[Record]) -> list[Record]:
    """Other people with the birth dates of ``records``: pairs on a full birth date that
    are not the same person, some sharing a name part by chance."""
    strangers = people(len(records), 23)
    return [
        replace(r, id=f"other-{r.id}", name=s.name, sex=s.sex, nationality=s.nationality)
        for r, s in zip(records, strangers, strict=True)
    ]


def test_em_on_level_counts_trains_the_m_that_splinks_own_sessions_train() -> None:
    left = people(300, 21)
    right = reported_again(left[:150]) + born_the_same_day(left[150:250]) + people(150, 22)
    db_api, tables, _ = registered(left, right)
    model = Model.default()
    model.lam = 0.5 / len(right)
    linker = Linker(tables, model.splink_settings("link_only"), log_level=None)
    _quiet()
    training = MTraining(model)
    for rule in TRAINING_RULES:
        pairs = training_pairs(linker, rule.sql, EM_MAX_PAIRS)
        counts = level_counts(linker, pairs)
        assert counts  # both rules meet pairs here
        training.session(rule, counts)
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule.sql, fix_probability_two_random_records_match=True, max_pairs=EM_MAX_PAIRS
        )
    splinks = splink_probabilities(linker)
    shipped = Model.default()
    moved = 0
    for comp in COMPARISONS:
        for level, m, (m_splink, _), (m_shipped, _) in zip(
            comp.levels,
            training.m[comp.name],
            splinks[comp.name],
            shipped.mu[comp.name],
            strict=True,
        ):
            if level.is_null:
                continue
            assert m == pytest.approx(m_splink, rel=1e-9, abs=1e-12), (comp.name, level.label)
            moved += abs(m - m_shipped) > 1e-3
    assert moved >= 10  # EM learned something from these records


def test_each_training_rule_fixes_and_implies_what_splink_reads_in_it() -> None:
    comparisons = (
        SettingsCreator.from_path_or_dict(Model.default().splink_settings("link_only"))
        .get_settings("duckdb")
        .comparisons
    )
    for rule in TRAINING_RULES:
        implied = Settings._get_comparison_levels_corresponding_to_training_blocking_rule(
            blocking_rule_sql=rule.sql, sqlglot_dialect="duckdb", comparisons=comparisons
        )
        assert {
            (found["comparison"].output_column_name, found["level"].label_for_charts)
            for found in implied
        } == set(rule.implied)
        columns = set(get_columns_used_from_sql(rule.sql, "duckdb"))
        fixed = {
            c.output_column_name
            for c in comparisons
            if columns & {column.input_name for column in c._input_columns_used_by_case_statement}
        }
        assert fixed == set(rule.fixed)


def _gammas(level_of: dict[str, int]) -> dict[str, int]:
    """A pattern of Splink's gamma values from level indexes counted from the top."""
    return {f"gamma_{c.name}": len(c.levels) - 1 - level_of[c.name] for c in COMPARISONS}


def test_a_level_no_training_pair_reaches_keeps_its_m_and_the_others_share_the_matches() -> None:
    top = {c.name: 1 for c in COMPARISONS}  # level 0 is the null level
    bottom = {c.name: len(c.levels) - 1 for c in COMPARISONS}
    counts = [{**_gammas(top), "n": 50}, {**_gammas(bottom), "n": 5_000}]
    model = Model.default()
    model.lam = 0.01
    rule = TRAINING_RULES[0]
    estimated = estimate_m(MTraining(model).m, model, counts, rule)
    training = MTraining(model)
    training.session(rule, counts)
    for comp in COMPARISONS:
        levels = estimated[comp.name]
        assert levels[0] is None and levels[1] is not None and levels[-1] is not None
        assert levels[1] > 0.9  # the fifty pairs agreeing on everything are matches
        assert sum(m for m in levels if m is not None) == pytest.approx(1.0)
        for i in range(2, len(comp.levels) - 1):
            assert levels[i] is None  # never reached
            assert training.m[comp.name][i] == model.mu[comp.name][i][0]
    training.finish()
    assert all(m >= M_FLOOR for m, _ in model.mu["name"][1:])


def test_a_rule_that_meets_no_pair_leaves_the_model_as_it_was() -> None:
    model = Model.default()
    training = MTraining(model)
    training.session(TRAINING_RULES[1], [])
    training.finish()
    assert model.mu == Model.default().mu


def test_patterns_far_below_any_match_count_as_non_matches_without_overflow() -> None:
    """A level whose m has fallen to nearly 0 weighs over a thousand bits against: its
    pairs' odds underflow to 0, as in Splink's SQL, with no numeric warning (an error
    here: the tests turn warnings into errors)."""
    top = {c.name: 1 for c in COMPARISONS}
    bottom = {c.name: len(c.levels) - 1 for c in COMPARISONS}
    counts = [{**_gammas(top), "n": 50}, {**_gammas(bottom), "n": 5_000}]
    model = Model.default()
    start = MTraining(model).m
    start["name"][-1] = 1e-320  # "names differ": about 1,063 bits against
    estimated = estimate_m(start, model, counts, TRAINING_RULES[0])
    assert estimated["name"][1] == pytest.approx(1.0)  # only the fifty pairs are matches
