"""Command line: ``waypost match link|dedupe|bench`` (runs without Django).

The project's ``waypost`` command hands the arguments after ``match`` to :func:`main`.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from waypost.matching.internals.records import (
    CsvError,
    DateRepair,
    pair_csv,
    read_csv,
    write_pair_csv,
)

if TYPE_CHECKING:
    from waypost.matching.internals.model import Model
    from waypost.matching.internals.records import Record


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="waypost match",
        description="Match persons across files, scripts and spellings.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    link = sub.add_parser("link", help="best candidates in RIGHT for each record of LEFT")
    link.add_argument("left", metavar="LEFT.csv")
    link.add_argument("right", metavar="RIGHT.csv")
    link.add_argument("--out", required=True, metavar="PAIRS.csv")
    link.add_argument("--top", type=int, default=10, help="candidates per left record (10)")
    _common(link)

    dedupe = sub.add_parser("dedupe", help="possible duplicates within one file")
    dedupe.add_argument("file", metavar="FILE.csv")
    dedupe.add_argument("--out", required=True, metavar="PAIRS.csv")
    dedupe.add_argument(
        "--min-score", type=float, default=0.05, help="lowest probability written (0.05)"
    )
    _common(dedupe)

    bench = sub.add_parser("bench", help="Waypost vs plain Splink, and scale figures")
    bench.add_argument("--crossscript", metavar="DIR", help="dir made by crossscript_bench.py")
    bench.add_argument("--persons", type=int, default=2000, help="cross-script dev persons")
    bench.add_argument("--dedupe-size", type=int, default=100_000, help="records (0: skip)")
    bench.add_argument("--index-size", type=int, default=100_000, help="records (0: skip)")
    bench.add_argument("--queries", type=int, default=200, help="incremental queries timed")
    bench.add_argument("--spark-size", type=int, default=0, help="records (0: skip)")
    bench.add_argument("--rounds", type=int, default=5, help="runs of each system (5)")
    bench.add_argument("--skip-febrl", action="store_true")
    bench.add_argument("--skip-crossscript", action="store_true")
    bench.add_argument("--workdir", help="keep generated files here")
    return parser


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--backend", choices=("duckdb", "spark"), default="duckdb")
    p.add_argument(
        "--no-train",
        action="store_true",
        help="use the shipped model as is instead of re-estimating it on the input",
    )
    p.add_argument("--model", metavar="MODEL.json", help="a model saved by Model.save")
    p.add_argument("--quiet", action="store_true", help="no progress output")
    p.add_argument(
        "--strict",
        action="store_true",
        help="stop at an impossible date (1945-04-93) instead of keeping its year and month",
    )


# How many of the dates kept in part the summary names.
REPAIRS_SHOWN = 5


def _read(
    paths: list[str], args: argparse.Namespace
) -> tuple[tuple[list[Record], ...], list[DateRepair]]:
    """The records of each file and, unless ``--strict``, the impossible dates of which
    the readable part was kept (with ``--strict`` they stop the read)."""
    from waypost.matching.internals.linkage import no_gc

    repairs: list[DateRepair] = []
    with no_gc():
        lists = tuple(read_csv(path, repairs=None if args.strict else repairs) for path in paths)
    return lists, repairs


def _summary(repairs: list[DateRepair]) -> None:
    """The run's closing words on stderr, after the pairs written: how many dates were
    read in part, and which (even with ``--quiet``: the input was not used as it was)."""
    if not repairs:
        return
    shown = "; ".join(
        f"{r.file}, row {r.row} (id {r.id}) {r.column} {r.value!r} -> {r.kept!r}"
        for r in repairs[:REPAIRS_SHOWN]
    )
    more = f"; and {len(repairs) - REPAIRS_SHOWN} more" if len(repairs) > REPAIRS_SHOWN else ""
    dates = "1 date was" if len(repairs) == 1 else f"{len(repairs)} dates were"
    sys.stderr.write(
        f"warning: {dates} partly unreadable (impossible month or day) and kept as the "
        f"year and month, or the year: {shown}{more}. --strict stops at them instead.\n"
    )


@contextmanager
def _progress(quiet: bool) -> Iterator[Callable[[str], None]]:
    """A rich status line on a terminal, plain lines otherwise; nothing when quiet."""
    started = time.monotonic()
    if quiet:
        yield lambda msg: None
        return
    if sys.stderr.isatty():
        from rich.console import Console

        console = Console(stderr=True)
        with console.status("starting") as status:

            def update(msg: str) -> None:
                console.log(msg)
                status.update(msg)

            yield update
        return

    def emit(msg: str) -> None:
        sys.stderr.write(f"[{time.monotonic() - started:6.1f}s] {msg}\n")

    yield emit


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command in ("link", "dedupe") and args.backend == "duckdb":
        # A process of its own, which has no use for pandas (Spark may have).
        from waypost.matching.internals.features import arrow_without_pandas

        arrow_without_pandas()
    try:
        if args.command == "link":
            return _link(args)
        if args.command == "dedupe":
            return _dedupe(args)
        from waypost.matching.internals.bench import run_bench

        return run_bench(args)
    except CsvError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 2


def _model(args: argparse.Namespace) -> Model:
    from waypost.matching.internals.model import Model

    return Model.load(args.model) if args.model else Model.default()


def _csv(pairs: list[tuple[str, str, float, bool, str, float]]) -> tuple[str, int]:
    """A share of the pairs as the output's CSV rows, made where the share was made."""
    return pair_csv(pair[:5] for pair in pairs)


def _link(args: argparse.Namespace) -> int:
    from waypost.matching.internals.linkage import link_shares

    if args.top < 1:
        sys.stderr.write("error: --top must be at least 1\n")
        return 2
    with _progress(args.quiet) as progress:
        progress(f"reading {args.left} and {args.right}")
        (left, right), repairs = _read([args.left, args.right], args)
        shares = link_shares(
            left,
            right,
            render=_csv,
            model=_model(args),
            top=args.top,
            backend=args.backend,
            train=not args.no_train,
            progress=progress,
        )
        count = write_pair_csv(args.out, shares)
        progress(f"wrote {count} pairs to {args.out}")
    _summary(repairs)
    return 0


def _dedupe(args: argparse.Namespace) -> int:
    from waypost.matching.internals.linkage import dedupe_shares

    with _progress(args.quiet) as progress:
        progress(f"reading {args.file}")
        (records,), repairs = _read([args.file], args)
        shares = dedupe_shares(
            records,
            render=_csv,
            model=_model(args),
            backend=args.backend,
            train=not args.no_train,
            min_score=args.min_score,
            progress=progress,
        )
        count = write_pair_csv(args.out, shares)
        progress(f"wrote {count} pairs to {args.out}")
    _summary(repairs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
