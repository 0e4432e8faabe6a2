"""Forensic comparison of antemortem (AM) and postmortem (PM) data: plain Python, no Django.

The name engine compares what a family and a morgue both write down (names, dates,
places). Identification rests on more: the dental chart, the biological profile the
pathologist estimates (sex, age range, stature) and DNA. This module compares those, as a
forensic odontologist and an identification board read them (INTERPOL DVI Guide, ABFO
body identification guidelines), and gives each comparison a level and a weight on the
engine's scale (log2 Bayes factor: + for, - against), so that they join a candidate's
evidence and score.

Dental charts are keyed by FDI tooth number ("11" to "48", deciduous "51" to "85"), each
tooth in one state: ``sound``, ``filled``, ``crown``, ``bridge``, ``implant``,
``prosthesis`` or ``missing``. The AM chart is always earlier than death, so a tooth can
only have gained treatment or been lost since: a sound tooth found filled, a filled tooth
found crowned or missing is *explainable*; a tooth recorded missing found present, or
filled found sound, is *irreconcilable* (teeth do not grow back nor fillings vanish).

DNA is never computed here: a laboratory reports match, exclusion or inconclusive, and
that report is weighed as given.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

TOOTH_STATES = ("sound", "filled", "crown", "bridge", "implant", "prosthesis", "missing")

CONCORDANT = "concordant"
EXPLAINABLE = "explainable"
IRRECONCILABLE = "irreconcilable"

# What a tooth in the AM state may have become by death (besides staying the same).
# A removable prosthesis (denture) is often not worn at death, and a bridge or crown can
# be removed or lost: the tooth is then charted missing.
_LATER_STATES: dict[str, frozenset[str]] = {
    "sound": frozenset({"filled", "crown", "bridge", "implant", "prosthesis", "missing"}),
    "filled": frozenset({"crown", "bridge", "implant", "prosthesis", "missing"}),
    "crown": frozenset({"bridge", "implant", "prosthesis", "missing"}),
    "bridge": frozenset({"crown", "implant", "prosthesis", "missing"}),
    "implant": frozenset({"bridge", "prosthesis", "missing"}),
    "prosthesis": frozenset({"bridge", "implant", "missing"}),
    "missing": frozenset({"bridge", "implant", "prosthesis"}),
}

# Overall dental conclusions (ABFO: identification, consistent, exclusion, insufficient).
DENTAL_CONCORDANT = "dental charts concordant"
DENTAL_CONSISTENT = "dental differences explainable"
DENTAL_IRRECONCILABLE = "dental charts irreconcilable"
DENTAL_INSUFFICIENT = "too few teeth charted on both sides"

# Weights (log2 Bayes factors). A concordant restoration or absence is rare in a
# population (a few in a hundred for any given tooth and state): each counts; sound teeth
# agreeing say little. One irreconcilable tooth excludes unless the chart is wrong, which
# the reviewers then check, so it weighs heavily but not infinitely.
WEIGHT_PER_CONCORDANT_FEATURE = 3.0
MAX_DENTAL_WEIGHT = 18.0
WEIGHT_PER_CONCORDANT_SOUND = 0.2
MAX_SOUND_WEIGHT = 2.0
WEIGHT_IRRECONCILABLE = -20.0
MIN_TEETH_COMPARED = 4

SEX_CONSISTENT = "sex consistent with the examination"
SEX_INCONSISTENT = "sex inconsistent with the examination"
AGE_CONSISTENT = "age within the estimated range"
AGE_INCONSISTENT = "age outside the estimated range"
STATURE_CONSISTENT = "height within the estimated stature"
STATURE_INCONSISTENT = "height outside the estimated stature"
WEIGHT_SEX_CONSISTENT = 0.5
WEIGHT_SEX_INCONSISTENT = -10.0
WEIGHT_AGE_CONSISTENT = 1.0
WEIGHT_AGE_INCONSISTENT = -6.0
WEIGHT_STATURE_CONSISTENT = 1.0
WEIGHT_STATURE_INCONSISTENT = -5.0
# Age estimates from remains are ranges that experts widen in practice; a family's
# memory of an age is a year or two off. Heights from families and stature from long
# bones each err by a few centimetres.
AGE_TOLERANCE_YEARS = 2
STATURE_TOLERANCE_CM = 3

DNA_MATCH = "match"
DNA_EXCLUSION = "exclusion"
DNA_INCONCLUSIVE = "inconclusive"
DNA_CONCLUSIONS = (DNA_MATCH, DNA_EXCLUSION, DNA_INCONCLUSIVE)
DNA_LEVELS = {
    DNA_MATCH: "DNA match reported by the laboratory",
    DNA_EXCLUSION: "DNA exclusion reported by the laboratory",
    DNA_INCONCLUSIVE: "DNA result inconclusive",
}
# A kinship match reported by an accredited laboratory has a likelihood ratio of a
# million or more (2^20 and beyond); an exclusion is near certain.
DNA_WEIGHTS = {DNA_MATCH: 30.0, DNA_EXCLUSION: -40.0, DNA_INCONCLUSIVE: 0.0}

LEVELS = (
    DENTAL_CONCORDANT,
    DENTAL_CONSISTENT,
    DENTAL_IRRECONCILABLE,
    DENTAL_INSUFFICIENT,
    SEX_CONSISTENT,
    SEX_INCONSISTENT,
    AGE_CONSISTENT,
    AGE_INCONSISTENT,
    STATURE_CONSISTENT,
    STATURE_INCONSISTENT,
    *DNA_LEVELS.values(),
)


@dataclass(frozen=True)
class ToothComparison:
    tooth: str
    antemortem: str
    postmortem: str
    outcome: str  # CONCORDANT, EXPLAINABLE or IRRECONCILABLE


@dataclass(frozen=True)
class DentalComparison:
    teeth: tuple[ToothComparison, ...]
    conclusion: str
    weight: float

    @property
    def counts(self) -> dict[str, int]:
        return {
            outcome: sum(1 for t in self.teeth if t.outcome == outcome)
            for outcome in (CONCORDANT, EXPLAINABLE, IRRECONCILABLE)
        }


@dataclass(frozen=True)
class Item:
    """One forensic comparison as evidence (the shape of the engine's ``Evidence.as_dict``)."""

    key: str  # dental, dna, pm_sex, pm_age, stature
    level: str
    weight: float
    facts: tuple[tuple[str, ...], ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "level": self.level,
            "weight": self.weight,
            "facts": [list(fact) for fact in self.facts],
        }


@dataclass(frozen=True)
class ForensicComparison:
    dental: DentalComparison | None
    items: tuple[Item, ...] = field(default=())

    def evidence(self) -> list[dict[str, Any]]:
        return [item.as_dict() for item in self.items]


def tooth_outcome(antemortem: str, postmortem: str) -> str:
    """How one tooth's PM state stands against its earlier AM state."""
    if antemortem == postmortem:
        return CONCORDANT
    if postmortem in _LATER_STATES.get(antemortem, frozenset()):
        return EXPLAINABLE
    return IRRECONCILABLE


def _chart(value: Any) -> dict[str, str]:
    """A chart as given, keeping only FDI teeth in a known state (data is read defensively)."""
    if not isinstance(value, Mapping):
        return {}
    return {
        str(tooth): str(state)
        for tooth, state in value.items()
        if str(tooth).isdigit() and len(str(tooth)) == 2 and state in TOOTH_STATES
    }


def compare_dental(antemortem: Any, postmortem: Any) -> DentalComparison | None:
    """Tooth by tooth, over the teeth charted on both sides; None if none is."""
    am, pm = _chart(antemortem), _chart(postmortem)
    common = sorted(set(am) & set(pm), key=lambda tooth: (int(tooth[0]), int(tooth[1])))
    if not common:
        return None
    teeth = tuple(
        ToothComparison(tooth, am[tooth], pm[tooth], tooth_outcome(am[tooth], pm[tooth]))
        for tooth in common
    )
    if any(t.outcome == IRRECONCILABLE for t in teeth):
        return DentalComparison(teeth, DENTAL_IRRECONCILABLE, WEIGHT_IRRECONCILABLE)
    features = sum(1 for t in teeth if t.outcome == CONCORDANT and t.antemortem != "sound")
    sound = sum(1 for t in teeth if t.outcome == CONCORDANT and t.antemortem == "sound")
    weight = min(MAX_DENTAL_WEIGHT, features * WEIGHT_PER_CONCORDANT_FEATURE) + min(
        MAX_SOUND_WEIGHT, sound * WEIGHT_PER_CONCORDANT_SOUND
    )
    if len(teeth) < MIN_TEETH_COMPARED and not features:
        return DentalComparison(teeth, DENTAL_INSUFFICIENT, 0.0)
    conclusion = DENTAL_CONCORDANT if features else DENTAL_CONSISTENT
    return DentalComparison(teeth, conclusion, round(weight, 1))


def _range(value: Any) -> tuple[float, float] | None:
    """[min, max] (or one number) as a range; None for anything else."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value), float(value)
    if (
        isinstance(value, Sequence)
        and not isinstance(value, str)
        and len(value) == 2
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
    ):
        low, high = sorted(float(v) for v in value)
        return low, high
    return None


def _overlap(a: tuple[float, float], b: tuple[float, float], tolerance: float) -> bool:
    return a[0] - tolerance <= b[1] and b[0] - tolerance <= a[1]


def _span(value: tuple[float, float]) -> str:
    low, high = (f"{v:g}" for v in value)
    return low if low == high else f"{low}-{high}"


def compare_sex(report_sex: str, examined_sex: str) -> Item | None:
    if report_sex not in ("M", "F") or examined_sex not in ("M", "F"):
        return None
    facts = (("sexes", report_sex, examined_sex),)
    if report_sex == examined_sex:
        return Item("pm_sex", SEX_CONSISTENT, WEIGHT_SEX_CONSISTENT, facts)
    return Item("pm_sex", SEX_INCONSISTENT, WEIGHT_SEX_INCONSISTENT, facts)


def age_at(birth_year: int | None, age: int | None, age_year: int | None, year: int) -> int | None:
    """The person's age in ``year`` from a birth year, or an age given in ``age_year``."""
    if birth_year is not None:
        return year - birth_year
    if age is not None:
        return age + (year - (age_year or year))
    return None


def compare_age(age_then: int | None, age_range: Any) -> Item | None:
    """The report's age at the time of death or recovery against the PM estimate."""
    estimate = _range(age_range)
    if age_then is None or estimate is None:
        return None
    facts = (("values", str(age_then), _span(estimate)),)
    if _overlap((age_then, age_then), estimate, AGE_TOLERANCE_YEARS):
        return Item("pm_age", AGE_CONSISTENT, WEIGHT_AGE_CONSISTENT, facts)
    return Item("pm_age", AGE_INCONSISTENT, WEIGHT_AGE_INCONSISTENT, facts)


def compare_stature(height_cm: Any, stature_cm: Any) -> Item | None:
    height, stature = _range(height_cm), _range(stature_cm)
    if height is None or stature is None:
        return None
    facts = (("values", _span(height), _span(stature)),)
    if _overlap(height, stature, STATURE_TOLERANCE_CM):
        return Item("stature", STATURE_CONSISTENT, WEIGHT_STATURE_CONSISTENT, facts)
    return Item("stature", STATURE_INCONSISTENT, WEIGHT_STATURE_INCONSISTENT, facts)


def dna_item(conclusion: str, laboratory: str = "") -> Item | None:
    """A laboratory's reported conclusion, as evidence (never computed here).

    The laboratory's case reference stays with the result, not in the evidence: the
    evidence is shown wherever the candidate is listed.
    """
    if conclusion not in DNA_CONCLUSIONS:
        return None
    facts = (("laboratory", laboratory),) if laboratory else ()
    return Item("dna", DNA_LEVELS[conclusion], DNA_WEIGHTS[conclusion], facts)


def compare(
    *,
    antemortem: Mapping[str, Any] | None,
    postmortem: Mapping[str, Any] | None,
    report_sex: str = "",
    report_age_then: int | None = None,
    examined_sex: str = "",
    age_range: Any = None,
    dna: tuple[str, str] | None = None,
) -> ForensicComparison:
    """Everything comparable between a report's AM data and a record's PM data.

    ``report_age_then`` is the sought person's age when the remains were recovered (the
    caller knows the dates); ``age_range`` and ``examined_sex`` come from the examination
    (or the record's own fields); ``dna`` is the laboratory's (conclusion, laboratory),
    if one reported. Absent data gives no item: nothing is held against a
    record for what was not recorded.
    """
    am = antemortem if isinstance(antemortem, Mapping) else {}
    pm = postmortem if isinstance(postmortem, Mapping) else {}
    examination = pm.get("examination") if isinstance(pm.get("examination"), Mapping) else {}
    assert isinstance(examination, Mapping)  # noqa: S101 - narrowed above
    dental = compare_dental(am.get("dental"), pm.get("dental"))
    items: list[Item] = []
    if dental is not None:
        counts = dental.counts
        items.append(
            Item(
                "dental",
                dental.conclusion,
                dental.weight,
                (
                    (
                        "teeth",
                        str(counts[CONCORDANT]),
                        str(counts[EXPLAINABLE]),
                        str(counts[IRRECONCILABLE]),
                    ),
                ),
            )
        )
    optional = (
        compare_sex(report_sex, str(examination.get("sex") or examined_sex or "")),
        compare_age(report_age_then, examination.get("age_range") or age_range),
        compare_stature(am.get("height_cm"), examination.get("stature_cm")),
        dna_item(*dna) if dna else None,
    )
    items.extend(item for item in optional if item is not None)
    return ForensicComparison(dental=dental, items=tuple(items))
