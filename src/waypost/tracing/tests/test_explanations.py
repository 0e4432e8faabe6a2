"""A candidate's evidence reads in the caseworker's language, from the engine's own data."""

from __future__ import annotations

import pytest
from django.utils import translation

from waypost.matching import forensic
from waypost.matching.internals.comparisons import COMPARISONS as ENGINE_COMPARISONS
from waypost.matching.internals.names import SCRIPT_NAMES
from waypost.tracing import selectors
from waypost.tracing.explanations import (
    COMPARISONS,
    FORENSIC_COMPARISONS,
    LEVELS,
    SCRIPTS,
    evidence_text,
)


def test_every_level_comparison_and_script_of_the_engine_has_a_translatable_phrase():
    labels = {level.label for c in ENGINE_COMPARISONS for level in c.levels if not level.is_null}

    # The name engine's, and the forensic comparison's (matching/forensic.py).
    assert labels | set(forensic.LEVELS) == set(LEVELS)
    assert {c.name for c in ENGINE_COMPARISONS} | FORENSIC_COMPARISONS == set(COMPARISONS)
    assert set(SCRIPT_NAMES.values()) <= set(SCRIPTS)


@pytest.fixture
def candidate(caseworker, latin_report_and_arabic_match):
    report, _found = latin_report_and_arabic_match
    return selectors.candidates_for_report(user=caseworker, report_id=report.pk)[0]


def test_in_english_the_evidence_reads_as_the_engine_wrote_it(candidate):
    with translation.override("en"):
        assert evidence_text(candidate.evidence) == candidate.explanation
    assert "written محمد in Arabic" in candidate.explanation


@pytest.mark.parametrize(
    ("language", "phrase"),
    [
        ("fr", "même nationalité"),
        ("es", "misma nacionalidad"),
        ("ar", "الجنسية نفسها"),
    ],
)
def test_a_caseworker_reads_the_evidence_in_their_language(candidate, caseworker, language, phrase):
    with translation.override(language):
        shown = selectors.candidate_explanation(candidate, user=caseworker)

    assert phrase in shown
    assert "محمد" in shown  # the names stay as written
    for english in ("same nationality", "written", "usual spelling", "born 1998"):
        assert english not in shown
