"""The ``waypost`` command: one entry point for the demo, the server, jobs and admin work.

Most subcommands are Django management commands of Waypost's apps; ``waypost --help``
lists them without starting Django, so it stays fast and works before any setup.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import cast

from waypost.conf import private_umask


@dataclass(frozen=True)
class Subcommand:
    name: str
    help: str
    django_command: str | None = None  # None and no engine: "manage", passed to Django whole
    engine: str | None = None  # a plain-Python engine's CLI module with main(argv) -> int


SUBCOMMANDS = [
    Subcommand(
        "demo", "Create the demo (SQLite, demo data) and serve it; prints URL and logins.", "demo"
    ),
    Subcommand(
        "serve", "Serve Waypost over HTTP (--host, --port), with an embedded job worker.", "serve"
    ),
    Subcommand("migrate", "Create or upgrade the database tables.", "migrate"),
    Subcommand("worker", "Run background jobs (database queue, or Redis if configured).", "worker"),
    Subcommand(
        "orgs", "Manage organisations: orgs create NAME --kind KIND --country ISO3.", "orgs"
    ),
    Subcommand("users", "Manage people: users create USERNAME --org SLUG --role ROLE.", "users"),
    Subcommand(
        "tokens",
        "API tokens: tokens create USERNAME [--scope S] [--expires 30d], list, revoke.",
        "tokens",
    ),
    Subcommand(
        "import",
        "Import data: import mmp PATH [--json] [--partial] (Missing Migrants Project).",
        "import_data",
    ),
    Subcommand(
        "stats",
        "Statistics: stats sdg-10-7-3 [--year Y] [--region R] [--route R] --json | "
        "release DATASET --by A,B [--k K] [--dp-epsilon E] --json.",
        "stats",
    ),
    Subcommand(
        "forecast",
        "Forecasts: forecast incidents --route R --horizon H --json (backtested).",
        "forecast",
    ),
    Subcommand(
        "bench",
        "Benchmarks: bench incidents | mmp-exports FILE... | load (concurrent clients "
        "against a real server).",
        "bench",
    ),
    Subcommand(
        "audit",
        "Audit log: audit verify checks its hash chain and witnessed checkpoints "
        "(checkpoint, public-key).",
        "audit",
    ),
    Subcommand(
        "sharing",
        "Sharing agreements: sharing grant|revoke FROM_SLUG TO_SLUG --purpose PURPOSE.",
        "sharing",
    ),
    Subcommand("keys", "Encryption keys: keys rotate re-encrypts personal data.", "keys"),
    Subcommand(
        "retention",
        "Retention: retention apply [--dry-run] [--json] deletes what is due.",
        "retention",
    ),
    Subcommand(
        "reports",
        "Confidential reporting: reports channel SLUG --countries ISO3,... | expire | bench.",
        "reports",
    ),
    Subcommand(
        "tracing",
        "Tracing records: tracing import KIND FILE.csv --org SLUG, export-pfif --to RECIPIENT, import-pfif, reindex, verify-report FILE.pdf, remind.",
        "tracing",
    ),
    Subcommand(
        "referrals",
        "Referrals: referrals overdue [--now ISO] [--org SLUG] [--json] (not answered in time).",
        "referrals",
    ),
    Subcommand(
        "detention",
        "Detention oversight: detention facilities import FILE.csv | completeness "
        "[--facility ID] [--json] (Mandela Rule 7 items missing).",
        "detention",
    ),
    Subcommand(
        "consular",
        "Consular notification: consular rules import FILE.csv (receiving, sending, "
        "mandatory, max_hours, exceptions, source).",
        "consular",
    ),
    Subcommand(
        "remittances",
        "Remittance costs: remittances import FILE [--json] | sdg-10-c-1 [--period 2025Q2] "
        "--json | corridors | watch ORG | alerts.",
        "remittances",
    ),
    Subcommand(
        "training",
        "Training of border officials: training post ORG CODE --name N --staff S | "
        "record FILE.json --org ORG [--json].",
        "training",
    ),
    Subcommand(
        "match",
        "Match people across scripts and spellings: match link|dedupe|bench (no database needed).",
        engine="waypost.matching.cli",
    ),
    Subcommand("manage", "Run any Django management command: waypost manage COMMAND ..."),
]


def usage() -> str:
    from waypost import __version__

    width = max(len(sub.name) for sub in SUBCOMMANDS)
    lines = [
        f"Waypost {__version__}: open information system to protect migrants in transit.",
        "",
        "usage: waypost [--version] [--help] COMMAND [ARGS...]",
        "",
        "commands:",
        *(f"  {sub.name.ljust(width)}  {sub.help}" for sub in SUBCOMMANDS),
        "",
        "Run 'waypost COMMAND --help' for the options of a command.",
        "Settings come from WAYPOST_* environment variables (see .env.example).",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    # Before anything is written: every file a command creates (the database, indexes,
    # keys, exports, match results) is its user's alone.
    private_umask()
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help", "help"):
        print(usage())
        return 0
    if args[0] in ("-V", "--version"):
        from waypost import __version__

        print(f"waypost {__version__}")
        return 0
    name, rest = args[0], args[1:]
    sub = next((s for s in SUBCOMMANDS if s.name == name), None)
    if sub is None:
        print(f"waypost: unknown command {name!r}\n", file=sys.stderr)
        print(usage(), file=sys.stderr)
        return 2
    if sub.engine is not None:
        # Engines run without Django: `waypost match` works on CSV files alone.
        return int(_engine_main(sub.engine)(rest))
    return _run_django(sub, rest)


def _engine_main(module: str) -> Callable[[list[str]], int]:
    """An engine's ``main``, imported with the cyclic garbage collector paused.

    An engine's imports (pyarrow, numpy, DuckDB, Splink) make several hundred thousand
    objects, none of them garbage, which each collection during the imports walked again.
    Frozen afterwards, they stay out of every later collection of the run (and are not
    written to by the collector in a forked share, see matching's ``shares``).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return cast("Callable[[list[str]], int]", import_module(module).main)
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def _run_django(sub: Subcommand, rest: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "waypost.settings")
    from django.core.management import execute_from_command_line

    if sub.django_command is None:  # "manage": pass everything through
        argv = ["waypost manage", *rest]
    else:
        argv = ["waypost", sub.django_command, *rest]
    try:
        execute_from_command_line(argv)
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
