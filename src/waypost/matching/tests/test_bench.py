"""The bench's own judging of a dedupe, on a scale set made from the real name data."""

from __future__ import annotations

from pathlib import Path

import pytest

from waypost.conftest import shared_data
from waypost.matching.internals import bench

REPO = Path(__file__).resolve().parents[4]


def test_the_bench_judges_a_dedupe_against_the_persons_its_set_was_made_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared_data("tools/crossscript_bench.py")
    monkeypatch.chdir(REPO)  # the bench finds ../shared/tools from the repository root
    size, figures = bench.time_dedupe(tmp_path, 3000)
    assert size == 3000
    # 3,000 records of about 790 persons: about 630 of them have a family report and an
    # authority record; the distractors are other persons with names from the same pools
    assert figures.pairs > 500
    assert figures.recall > 0.9
    assert figures.precision > 0.4
    assert 0 < figures.f1 < 1
