"""Adapter between tracing records and the forensic comparison (``matching.forensic``).

A report's antemortem data against remains' postmortem data: dental chart per tooth,
sex, age and stature against the examination, and a laboratory's DNA conclusion entered
on the candidate. The outcome joins the candidate's evidence (the same item shape as the
name engine's) so that its score and explanation include it; the per-tooth table is
computed when a page shows it. Found persons are alive: there is no postmortem to compare.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from waypost.matching import forensic
from waypost.tracing.explanations import FORENSIC_COMPARISONS
from waypost.tracing.models import (
    Candidate,
    DnaResult,
    FoundPerson,
    MissingPersonReport,
    UnidentifiedRemains,
)

FORENSIC_KEYS = FORENSIC_COMPARISONS


def _year(value: str) -> int | None:
    return int(value[:4]) if value[:4].isdigit() else None


def latest_dna(candidate: Candidate | None) -> DnaResult | None:
    if candidate is None or candidate.pk is None:
        return None
    return candidate.dna_results.order_by("-reported_on", "-created_at").first()


def compare(
    report: MissingPersonReport,
    other: FoundPerson | UnidentifiedRemains,
    dna: DnaResult | None = None,
) -> forensic.ForensicComparison | None:
    """The forensic comparison of a report and remains; None for a found person."""
    if not isinstance(other, UnidentifiedRemains):
        return None
    postmortem = dict(other.postmortem or {})
    examination = postmortem.get("examination")
    examination = dict(examination) if isinstance(examination, dict) else {}
    # The name engine already weighed the record's own sex; the examination counts again
    # only where it says something the record does not.
    if examination.get("sex") and examination.get("sex") == other.sex:
        examination.pop("sex")
    postmortem["examination"] = examination
    age_range = None
    if other.age_min is not None:
        age_range = [other.age_min, other.age_max if other.age_max is not None else other.age_min]
    year = other.recovery_date.year if other.recovery_date else timezone.localdate().year
    age_then = forensic.age_at(
        _year(report.birth_date or ""), report.age, _year(report.age_date or ""), year
    )
    return forensic.compare(
        antemortem=report.antemortem or {},
        postmortem=postmortem,
        report_sex=report.sex,
        report_age_then=age_then,
        age_range=age_range,
        dna=(dna.conclusion, dna.laboratory) if dna else None,
    )


def evidence_with_forensics(
    evidence: list[dict[str, Any]],
    report: MissingPersonReport,
    other: FoundPerson | UnidentifiedRemains,
    candidate: Candidate | None = None,
) -> list[dict[str, Any]]:
    """The name engine's evidence with the forensic items computed afresh after it."""
    kept = [item for item in evidence if item.get("key") not in FORENSIC_KEYS]
    comparison = compare(report, other, latest_dna(candidate))
    return kept + (comparison.evidence() if comparison else [])
