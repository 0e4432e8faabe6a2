from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from waypost.matching.cli import main

WriteCsv = Callable[[str, list[dict[str, str]]], Path]


def read_pairs(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_link_writes_scored_explained_pairs_with_one_match_per_left(
    write_csv: WriteCsv,
    families: list[dict[str, str]],
    authorities: list[dict[str, str]],
    tmp_path: Path,
) -> None:
    left, right = write_csv("left.csv", families), write_csv("right.csv", authorities)
    out = tmp_path / "pairs.csv"
    assert main(["link", str(left), str(right), "--out", str(out), "--top", "3", "--quiet"]) == 0
    rows = read_pairs(out)
    assert list(rows[0]) == ["left_id", "right_id", "score", "match", "explanation"]
    assert all(0.0 <= float(r["score"]) <= 1.0 for r in rows)
    assert max(Counter(r["left_id"] for r in rows).values()) <= 3
    matches = {(r["left_id"], r["right_id"]) for r in rows if r["match"] == "1"}
    assert max(Counter(left for left, _ in matches).values()) == 1
    assert {("L1", "R1"), ("L2", "R2"), ("L3", "R3"), ("L4", "R4")} <= matches
    assert ("L1", "R5") not in matches
    explanation = next(
        r["explanation"] for r in rows if (r["left_id"], r["right_id"]) == ("L2", "R2")
    )
    assert "Said written سعيد in Arabic" in explanation
    assert "estimated age 25 in 2024" in explanation


def test_dedupe_finds_the_same_person_written_twice(
    write_csv: WriteCsv,
    families: list[dict[str, str]],
    authorities: list[dict[str, str]],
    tmp_path: Path,
) -> None:
    path = write_csv("all.csv", families + authorities)
    out = tmp_path / "dups.csv"
    assert main(["dedupe", str(path), "--out", str(out), "--quiet"]) == 0
    rows = read_pairs(out)
    assert list(rows[0]) == ["left_id", "right_id", "score", "match", "explanation"]
    matched = {frozenset((r["left_id"], r["right_id"])) for r in rows if r["match"] == "1"}
    assert frozenset(("L3", "R3")) in matched
    assert frozenset(("L3", "R7")) not in matched


def test_it_reports_a_bad_row_and_fails(
    write_csv: WriteCsv, tmp_path: Path, capsys: object
) -> None:
    path = write_csv("bad.csv", [{"id": "1", "name": "Said"}, {"id": "2", "birth_date": "1998-31"}])
    assert main(["dedupe", str(path), "--out", str(tmp_path / "o.csv"), "--quiet"]) == 2
