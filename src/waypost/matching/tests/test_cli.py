from __future__ import annotations

import csv
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

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
    write_csv: WriteCsv, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # not a date at all (an impossible month or day is kept in part: see below)
    path = write_csv("bad.csv", [{"id": "1", "name": "Said"}, {"id": "2", "birth_date": "31/1998"}])
    assert main(["dedupe", str(path), "--out", str(tmp_path / "o.csv"), "--quiet"]) == 2
    assert "bad.csv, row 3: birth_date: date '31/1998'" in capsys.readouterr().err


def test_link_keeps_what_it_can_read_of_impossible_dates_and_reports_them(
    write_csv: WriteCsv,
    families: list[dict[str, str]],
    authorities: list[dict[str, str]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # FEBRL4 has 1945-04-93: one typo in a real file must not stop the run
    authorities[3]["birth_date"] = "2001-02-41"
    authorities[6]["birth_date"] = "1985-17-03"
    left, right = write_csv("left.csv", families), write_csv("right.csv", authorities)
    out = tmp_path / "pairs.csv"
    assert main(["link", str(left), str(right), "--out", str(out), "--quiet"]) == 0
    matches = {(r["left_id"], r["right_id"]) for r in read_pairs(out) if r["match"] == "1"}
    assert ("L4", "R4") in matches  # its year and month still count
    err = capsys.readouterr().err
    assert "2 dates were partly unreadable" in err
    assert "row 5 (id R4) birth_date '2001-02-41' -> '2001-02'" in err
    assert "row 8 (id R7) birth_date '1985-17-03' -> '1985'" in err


def test_link_strict_stops_at_an_impossible_date_naming_row_column_and_value(
    write_csv: WriteCsv,
    families: list[dict[str, str]],
    authorities: list[dict[str, str]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    authorities[3]["birth_date"] = "2001-02-41"
    left, right = write_csv("left.csv", families), write_csv("right.csv", authorities)
    out = tmp_path / "pairs.csv"
    args = ["link", str(left), str(right), "--out", str(out), "--quiet", "--strict"]
    assert main(args) == 2
    assert "right.csv, row 5: birth_date: date '2001-02-41'" in capsys.readouterr().err
    assert not out.exists()


def test_link_runs_without_importing_pandas(
    write_csv: WriteCsv,
    families: list[dict[str, str]],
    authorities: list[dict[str, str]],
    tmp_path: Path,
) -> None:
    # pyarrow imported pandas on its first conversion of Python values, in the command's
    # process and again in each forked share of the feature rows: most of the time a
    # FEBRL4 link took beyond plain Splink's. A process of its own, as a user runs it.
    left, right = write_csv("left.csv", families), write_csv("right.csv", authorities)
    out = tmp_path / "pairs.csv"
    script = (
        "import sys\n"
        "from waypost.matching.cli import main\n"
        "code = main(sys.argv[1:])\n"
        "print('pandas' in sys.modules)\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run(  # noqa: S603 - this interpreter, our own arguments
        [sys.executable, "-c", script, "link", str(left), str(right), "--out", str(out), "--quiet"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
    assert len(read_pairs(out)) > 0
