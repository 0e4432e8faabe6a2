"""The Fellegi-Sunter model on Splink: settings, training, prediction, scoring.

The model is a declarative Splink settings dictionary (JSON) built from
:data:`comparisons.COMPARISONS`; trained m/u probabilities live in it. Splink does the
blocking, EM training and batch prediction in SQL (DuckDB by default, Spark optional); the
same weights score incremental queries in Python (:meth:`Model.score`).
"""

from __future__ import annotations

import copy
import json
import logging
import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from waypost.matching.internals.comparisons import COMPARISONS, Comparison, Dialect, Row

DUCKDB = Dialect("duckdb", macros=True)  # on connections with comparisons.install_macros
# EM drives the m of levels never seen among simulated matches towards 0 ("impossible");
# real records have typos, so no level may be more than about 10 bits of evidence against.
M_FLOOR = 0.001
U_FLOOR = 1e-6
SPARK = Dialect("spark")


def blocking_rules() -> list[dict[str, Any]]:
    """Recall-oriented blocking: records sharing any key of ``block_keys``.

    See :func:`features.block_keys` for the keys (name parts with birth years, dates,
    document and phone numbers). One exploded rule, so one join.
    """
    return [{"blocking_rule": "l.block_keys = r.block_keys", "arrays_to_explode": ["block_keys"]}]


def settings_dict(link_type: str, dialect: Dialect = DUCKDB) -> dict[str, Any]:
    return {
        "link_type": link_type,
        "unique_id_column_name": "unique_id",
        "probability_two_random_records_match": 0.0001,
        "comparisons": [c.splink_dict(dialect) for c in COMPARISONS],
        "blocking_rules_to_generate_predictions": blocking_rules(),
        # vectors.query_vectors computes the comparison vectors without them
        "retain_matching_columns": False,
        "retain_intermediate_calculation_columns": False,
        "additional_columns_to_retain": [],
    }


@dataclass
class Model:
    """Trained weights: per comparison, the log2 Bayes factor of each level (null: 0)."""

    lam: float = 0.0001
    weights: dict[str, list[float]] = field(default_factory=dict)
    mu: dict[str, list[tuple[float, float]]] = field(default_factory=dict)
    threshold: float = 0.5
    # calibration of the final probability: logistic on the match weight
    calib_a: float = 1.0
    calib_b: float = 0.0

    @classmethod
    def initial(cls) -> Model:
        model = cls()
        for comp in COMPARISONS:
            model.mu[comp.name] = [(lv.m, lv.u) for lv in comp.levels]
        model._refresh()
        return model

    def _refresh(self) -> None:
        self.weights = {}
        for comp in COMPARISONS:
            mus = self.mu.get(comp.name) or [(lv.m, lv.u) for lv in comp.levels]
            ws = []
            for lv, (m, u) in zip(comp.levels, mus, strict=True):
                ws.append(0.0 if lv.is_null else math.log2(m / u))
            labels = [lv.label for lv in comp.levels]
            for i, lv in enumerate(comp.levels):
                if lv.refines:
                    ws[i] = max(ws[i], ws[labels.index(lv.refines)])
            self.weights[comp.name] = ws

    @property
    def prior_weight(self) -> float:
        return math.log2(self.lam / (1 - self.lam))

    def levels(self, a: Row, b: Row) -> list[int]:
        return [comp.level_of(a, b) for comp in COMPARISONS]

    def match_weight(self, levels: Sequence[int]) -> float:
        return self.prior_weight + sum(
            self.weights[c.name][lv] for c, lv in zip(COMPARISONS, levels, strict=True)
        )

    def probability(self, match_weight: float) -> float:
        """Calibrated probability that the pair is the same person."""
        z = self.calib_a * match_weight + self.calib_b
        if z > 60:
            return 1.0
        if z < -60:
            return 0.0
        return 1.0 / (1.0 + 2.0 ** (-z))

    def odds(self, match_weight: float) -> float:
        """The calibrated odds that the pair is the same person (:meth:`odds_sql`)."""
        return 2.0 ** (self.calib_a * match_weight + self.calib_b)

    def odds_sql(self, weight: str) -> str:
        """The calibrated odds of a match weight, as SQL (any dialect)."""
        return f"pow(2e0, {self.calib_a:.17e} * {weight} + {self.calib_b:.17e})"

    def probabilities(
        self, weights: Sequence[float], exclusive: bool, unlisted_odds: float = 0.0
    ) -> list[float]:
        """Probabilities of candidate pairs of one record.

        With ``exclusive`` (at most one candidate can be the same person, as when linking a
        report against a register) the candidates compete: p_i = o_i / (1 + sum_j o_j), with
        o the calibrated odds, summed over every candidate found: ``unlisted_odds`` are
        those of the candidates not in ``weights``, so that listing fewer does not raise a
        candidate's probability. Otherwise each pair is judged alone.
        """
        if not exclusive:
            return [self.probability(w) for w in weights]
        zs = [self.calib_a * w + self.calib_b for w in weights]
        top = max([0.0, *zs])
        odds = [2.0 ** (z - top) for z in zs]
        denom = 2.0 ** (-top) * (1.0 + unlisted_odds) + sum(odds)
        return [o / denom for o in odds]

    def weight_for_probability(self, p: float) -> float:
        return (math.log2(p / (1 - p)) - self.calib_b) / self.calib_a

    def weight_sql(self) -> str:
        """:meth:`match_weight` as SQL on Splink's ``gamma_*`` columns (any dialect)."""
        return self.weight_bound_sql(unknown=())

    def weight_bound_sql(self, unknown: Collection[str]) -> str:
        """The highest match weight a pair can have, as SQL on the ``gamma_*`` columns of
        the comparisons not named in ``unknown``: theirs, plus the best level of each
        comparison in ``unknown`` (none: :meth:`weight_sql`)."""
        # exponent notation: a double in DuckDB and Spark (a plain 8.61 is a DECIMAL)
        terms = [f"{self.prior_weight:.17e}"]
        for comp in COMPARISONS:
            weights = self.weights[comp.name]
            if comp.name in unknown:
                # a level the CASE below does not list (null) weighs 0, as in it
                terms.append(f"{max([0.0, *weights]):.17e}")
                continue
            n_levels = len(comp.levels)
            whens = " ".join(
                f"WHEN {n_levels - 1 - i} THEN {w:.17e}"
                for i, (level, w) in enumerate(zip(comp.levels, weights, strict=True))
                if not level.is_null
            )
            terms.append(f"CASE gamma_{comp.name} {whens} ELSE 0e0 END")
        return " + ".join(terms)

    def splink_settings(self, link_type: str, dialect: Dialect = DUCKDB) -> dict[str, Any]:
        """Splink settings with this model's parameters."""
        spec = settings_dict(link_type, dialect)
        spec["probability_two_random_records_match"] = self.lam
        for comp_spec, comp in zip(spec["comparisons"], COMPARISONS, strict=True):
            for level_spec, (m, u), lv in zip(
                comp_spec["comparison_levels"], self.mu[comp.name], comp.levels, strict=True
            ):
                if not lv.is_null:
                    level_spec["m_probability"] = m
                    level_spec["u_probability"] = u
        return spec

    def absorb_m(self, m: Mapping[str, Sequence[float]]) -> None:
        """Take each level's m (trained by :class:`em.MTraining`), floored."""
        for comp in COMPARISONS:
            self.mu[comp.name] = [
                (m_now if level.is_null else max(float(m_level), M_FLOOR), u)
                for level, (m_now, u), m_level in zip(
                    comp.levels, self.mu[comp.name], m[comp.name], strict=True
                )
            ]
        self._refresh()

    def absorb_u(self, level_counts: Sequence[dict[str, int]]) -> None:
        """Take u from the comparison levels of random pairs (:func:`vectors.level_counts`):
        the share of each level among the pairs where the comparison is not null."""
        for comp in COMPARISONS:
            n_levels = len(comp.levels)
            counts = [0] * n_levels
            for row in level_counts:
                gamma = int(row[f"gamma_{comp.name}"])
                if gamma >= 0:
                    counts[n_levels - 1 - gamma] += int(row["n"])
            total = sum(counts)
            if not total:
                continue  # never compared: keep the u we had
            # a level no random pair reached keeps its u, as Splink's u estimation does
            self.mu[comp.name] = [
                (m, u if level.is_null or not count else max(count / total, U_FLOOR))
                for level, (m, u), count in zip(
                    comp.levels, self.mu[comp.name], counts, strict=True
                )
            ]
        self._refresh()

    def to_json(self) -> dict[str, Any]:
        return {
            "format": "waypost.matching.model/1",
            "probability_two_random_records_match": self.lam,
            "threshold": self.threshold,
            "calibration": {"a": self.calib_a, "b": self.calib_b},
            "comparisons": {
                c.name: [
                    {"label": lv.label, "m_probability": m, "u_probability": u}
                    for lv, (m, u) in zip(c.levels, self.mu[c.name], strict=True)
                ]
                for c in COMPARISONS
            },
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Model:
        model = cls.initial()
        model.lam = float(data["probability_two_random_records_match"])
        model.threshold = float(data.get("threshold", 0.5))
        model.calib_a = float(data["calibration"]["a"])
        model.calib_b = float(data["calibration"]["b"])
        for comp in COMPARISONS:
            levels = data["comparisons"].get(comp.name)
            if levels and len(levels) == len(comp.levels):
                model.mu[comp.name] = [
                    (
                        max(float(x["m_probability"]), M_FLOOR),
                        max(float(x["u_probability"]), U_FLOOR),
                    )
                    for x in levels
                ]
        model._refresh()
        return model

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_json(), indent=1), encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> Model:
        return cls.from_json(json.loads(Path(path).read_text(encoding="utf-8")))

    @classmethod
    def default(cls) -> Model:
        """The model shipped in ``data/model.json`` (trained on simulated train-split data)."""
        ref = resources.files("waypost.matching").joinpath("data/model.json")
        if not ref.is_file():
            return cls.initial()
        return cls.from_json(json.loads(ref.read_text(encoding="utf-8")))

    def copy(self) -> Model:
        return copy.deepcopy(self)


def comparison_by_name(name: str) -> Comparison:
    return next(c for c in COMPARISONS if c.name == name)


def quiet_splink() -> None:
    logging.getLogger("splink").setLevel(logging.WARNING)
