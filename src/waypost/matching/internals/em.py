"""Expectation maximisation of the m probabilities, on counts of agreement patterns.

Splink 5 trains m by EM sessions, each blocked on one training rule. Waypost keeps Splink's
blocking of the training pairs and its comparison SQL (:func:`vectors.training_pairs`,
:func:`vectors.level_counts`), and runs the EM iterations here, on how many pairs have each
combination of comparison levels: a few hundred rows, so one iteration is a handful of
array operations.

Written here rather than called in Splink because a Splink session costs far more than
its arithmetic: it analyses the rule and every comparison level with sqlglot, computes
the comparison vectors again in its own SQL, and builds, plans and runs two queries per
iteration. On FEBRL4 its two sessions took 0.38 s of a 2.0 s link.

The update is Splink's own, as in its ``estimate_without_term_frequencies`` path (Waypost's
comparisons have no term frequencies, so nothing is left out): each session starts from
the m of the sessions before it, u and the prior stay fixed, the comparisons that read the
rule's columns are not estimated, the prior within the blocked pairs is the model's times
the Bayes factor of the level every such pair reaches, and a level takes the median of its
estimates over the sessions. ``tests/test_em.py`` checks the result against Splink's
sessions on the same records.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from waypost.matching.internals.comparisons import COMPARISONS
from waypost.matching.internals.model import Model, comparison_by_name

# Splink's defaults (TrainingSettings), which Waypost's linkers have always used.
MAX_ITERATIONS = 25
CONVERGENCE = 1e-4
# Splink reads the m of a level no training pair reached as this, when it compares one
# iteration's parameters with the next (ComparisonLevel.m_probability).
NOT_OBSERVED_M = 1e-6


@dataclass(frozen=True)
class TrainingRule:
    """A blocking rule whose pairs EM learns the m probabilities from."""

    sql: str
    # The comparisons that read the rule's columns: every pair of the rule agrees on them,
    # so their m cannot be learned from its pairs.
    fixed: tuple[str, ...] = ()
    # Of a fixed comparison, the level every pair of the rule reaches (comparison, level
    # label): among the rule's pairs, a match is likelier by its Bayes factor.
    implied: tuple[tuple[str, str], ...] = ()


# Blocked on the first key of every name part, then on the full birth date, as Splink
# sessions were. tests/test_em.py checks ``fixed`` and ``implied`` against Splink's own
# reading of the rules.
TRAINING_RULES = (
    TrainingRule("l.name_key1 = r.name_key1"),
    TrainingRule("l.dob = r.dob", fixed=("birth",), implied=(("birth", "same birth date"),)),
)

PatternCounts = Sequence[dict[str, int]]  # vectors.level_counts: gamma_* and n


class MTraining:
    """A model's m probabilities trained by EM sessions, one per rule, in turn."""

    def __init__(self, model: Model) -> None:
        self.model = model
        # each level's m as the next session starts from it (Splink's linker holds them
        # unfloored; the model floors them once training ends)
        self.m = {c.name: [m for m, _ in model.mu[c.name]] for c in COMPARISONS}
        self.estimates: dict[str, list[list[float]]] = {
            c.name: [[] for _ in c.levels] for c in COMPARISONS
        }

    def session(self, rule: TrainingRule, counts: PatternCounts) -> None:
        """One EM session on the agreement patterns of the rule's blocked pairs."""
        if not counts:
            return  # no two records meet by the rule: nothing to learn from it
        estimated = estimate_m(self.m, self.model, counts, rule)
        for name, levels in estimated.items():
            for level, m in enumerate(levels):
                if m is not None:
                    self.estimates[name][level].append(m)
                    self.m[name][level] = statistics.median(self.estimates[name][level])

    def finish(self) -> None:
        """The model takes the trained m (a level never estimated keeps its own)."""
        self.model.absorb_m(self.m)


def estimate_m(
    m: dict[str, list[float]], model: Model, counts: PatternCounts, rule: TrainingRule
) -> dict[str, list[float | None]]:
    """The m of each level of the comparisons ``rule`` leaves free, estimated by EM from the
    pattern ``counts`` of its pairs, starting from ``m`` with the u and prior of ``model``;
    None where no pair reached the level (Splink leaves its m as it was)."""
    free = [c for c in COMPARISONS if c.name not in rule.fixed]
    n = np.array([row["n"] for row in counts], dtype=np.float64)
    # per free comparison: each pattern's level, counted from the top as Model counts them
    levels = [
        _levels(np.array([row[f"gamma_{c.name}"] for row in counts]), len(c.levels)) for c in free
    ]
    observed = [
        np.bincount(lv, weights=n, minlength=len(c.levels)) > 0
        for lv, c in zip(levels, free, strict=True)
    ]
    prior = _log2_odds(model.lam) + sum(
        _bits(m, model, name, label) for name, label in rule.implied
    )
    current = {c.name: np.array(m[c.name], dtype=np.float64) for c in free}
    log_u = {c.name: np.log2([u for _, u in model.mu[c.name]]) for c in free}
    for _ in range(MAX_ITERATIONS):
        weight = np.full(len(n), prior)
        # an m of 0 weighs -inf, and a pattern far below any match has odds of 0 (2 ** -weight
        # overflows to inf): both as in Splink's SQL
        with np.errstate(divide="ignore", over="ignore"):
            for c, lv in zip(free, levels, strict=True):
                bits = np.log2(current[c.name]) - log_u[c.name]
                bits[0] = 0.0  # the null level: no evidence either way
                weight += bits[lv]
            p = 1.0 / (1.0 + np.exp2(-weight))
        change = 0.0
        for c, lv, seen in zip(free, levels, observed, strict=True):
            m_count = np.bincount(lv, weights=n * p, minlength=len(c.levels))
            m_count[0] = 0.0
            total = m_count.sum()  # 0 where every pair is null on this comparison
            updated = np.where(seen, m_count / (total or 1.0), NOT_OBSERVED_M)
            updated[0] = current[c.name][0]  # the null level has no m
            change = max(change, float(np.max(np.abs(updated - current[c.name]))))
            current[c.name] = updated
        if change < CONVERGENCE:
            break
    return {
        c.name: [
            float(current[c.name][i]) if seen[i] and i > 0 else None for i in range(len(c.levels))
        ]
        for c, seen in zip(free, observed, strict=True)
    }


def _levels(gammas: np.ndarray, n_levels: int) -> np.ndarray:
    """Splink's gamma values (-1 null, then up from the last level) as level indexes."""
    return np.where(gammas < 0, 0, n_levels - 1 - gammas).astype(np.intp)


def _log2_odds(p: float) -> float:
    return math.log2(p / (1 - p))


def _bits(m: dict[str, list[float]], model: Model, name: str, label: str) -> float:
    """The evidence (log2 Bayes factor) of one level, with its m from ``m``."""
    levels = comparison_by_name(name).levels
    i = next(i for i, level in enumerate(levels) if level.label == label)
    return math.log2(m[name][i] / model.mu[name][i][1])
