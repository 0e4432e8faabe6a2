"""How likely a candidate is the person sought: one calibrated scale per kind of comparison.

The matching engine gives each comparison a weight (log2 Bayes factor: + for, - against),
and the reviewer reads those weights in the explanation. The score shown beside them is
computed from exactly those weights, as shown (each rounded to one decimal), so that the
number and its explanation cannot disagree:

    weight      = prior(kind) + sum of the evidence weights shown
    probability = 1 / (1 + 2 ** -(a * weight + b))

``a`` and ``b`` are the shipped model's calibration (``matching/data/model.json``), fitted
on a simulated linkage of reports against 8,400 records where each person sought is among
them with even odds. ``prior(kind)`` is the log2 prior odds that a report and one record
of that kind are the same person, before comparing them:

- found persons: the calibration's own prior, 1 in 16,800 (even odds that the person
  sought is among 8,400 records of people found);
- remains: five times rarer, 1 in 84,000 (one chance in ten that the person sought is
  among as many records of the dead): most people who go missing on migration routes are
  never recovered, so remains need more evidence than a living person for the same score.

Each pair is judged on its own evidence. The engine's index makes a record's candidates
compete (at most one can be the person), which made a candidate's number depend on other
records the reviewer does not see: a found person and remains of one report shared one
probability between them (+24.0 read 90 % and +20.4 read 10 %). Here a higher weight never
reads lower within a kind, whatever else was found.

The number is rounded to a whole percentage between 1 and 99 (a comparison of records
never makes identity certain; confirming it is the reviewers' decision), and the words
follow the number shown (``BANDS``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from waypost.matching import Model

FOUND_PERSON = "found_person"
REMAINS = "remains"
# Two reports of one organisation (possible duplicates): the calibration's own prior, as
# for found persons (even odds that a second relative's report is among 8,400 reports).
REPORT = "report"
# Prior probability that a report and one record of the kind are the same person.
PRIOR_PROBABILITY = {FOUND_PERSON: 0.5 / 8_400, REMAINS: 0.1 / 8_400, REPORT: 0.5 / 8_400}
KIND_WORDS = {
    FOUND_PERSON: _("a report and a found person"),
    REMAINS: _("a report and unidentified remains"),
    REPORT: _("two reports"),
}


@dataclass(frozen=True)
class Band:
    code: str
    lowest_percent: int  # the band starts at this percentage, as shown
    words: str | Promise


# Best first; the words follow the percentage shown, never the unrounded probability.
BANDS = (
    Band("very_likely", 95, pgettext_lazy("candidate score", "very likely")),
    Band("likely", 75, pgettext_lazy("candidate score", "likely")),
    Band("possible", 25, pgettext_lazy("candidate score", "possible")),
    Band("unlikely", 5, pgettext_lazy("candidate score", "unlikely")),
    Band("very_unlikely", 0, pgettext_lazy("candidate score", "very unlikely")),
)


@cache
def _model() -> Model:
    return Model.default()


def calibration() -> tuple[float, float]:
    """(a, b) of the shipped model: probability = 1 / (1 + 2^-(a * weight + b))."""
    model = _model()
    return model.calib_a, model.calib_b


def prior_weight(kind: str) -> float:
    """log2 prior odds for the kind, one decimal, as the candidate page shows it."""
    p = PRIOR_PROBABILITY[kind]
    return round(math.log2(p / (1 - p)), 1)


def shown_weight(weight: float) -> float:
    """A weight as the explanation shows it (one decimal)."""
    return round(float(weight), 1)


def probability(kind: str, evidence_weight: float) -> float:
    a, b = calibration()
    z = a * (prior_weight(kind) + evidence_weight) + b
    if z > 60:
        return 1.0
    if z < -60:
        return 0.0
    return 1.0 / (1.0 + 2.0 ** (-z))


def percent(probability: float) -> int:
    """The whole percentage shown: 1 to 99."""
    return min(99, max(1, round(probability * 100)))


def band_of(shown_percent: int) -> Band:
    return next(band for band in BANDS if shown_percent >= band.lowest_percent)


@dataclass(frozen=True)
class Assessment:
    """A candidate's score and what it rests on, as a reviewer reads it."""

    kind: str
    evidence_weight: float  # sum of the evidence weights shown
    prior_weight: float
    probability: float
    percent: int
    band: Band

    @property
    def total_weight(self) -> float:
        return round(self.prior_weight + self.evidence_weight, 1)

    @property
    def words(self) -> str:
        return str(self.band.words)

    @property
    def kind_words(self) -> str:
        return str(KIND_WORDS[self.kind])


def assess(kind: str, evidence: Iterable[Mapping[str, Any]]) -> Assessment:
    """The score of a candidate of ``kind`` with ``evidence`` (``Evidence.as_dict`` items)."""
    total = round(sum(shown_weight(item["weight"]) for item in evidence), 1)
    p = probability(kind, total)
    shown = percent(p)
    return Assessment(
        kind=kind,
        evidence_weight=total,
        prior_weight=prior_weight(kind),
        probability=p,
        percent=shown,
        band=band_of(shown),
    )


def assess_probability(kind: str, probability_value: float) -> Assessment:
    """A candidate kept before its evidence was (no weights to show): its stored score."""
    shown = percent(probability_value)
    return Assessment(
        kind=kind,
        evidence_weight=math.nan,
        prior_weight=prior_weight(kind),
        probability=probability_value,
        percent=shown,
        band=band_of(shown),
    )
