"""``waypost consular rules import FILE.csv``: the consular notification rules per pair of States."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from waypost.core.management.base import WaypostBaseCommand
from waypost.detention import services


class Command(WaypostBaseCommand):
    help = (
        "Consular notification: rules import FILE.csv (receiving, sending, mandatory, "
        "max_hours, exceptions, source)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        rules = actions.add_parser("rules", help="The rules per pair of States.")
        steps = rules.add_subparsers(dest="step", required=True)
        importing = steps.add_parser("import", help="Add or update rules from a CSV file.")
        importing.add_argument("file", help="CSV file (UTF-8).")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        result = services.consular_rules_import(actor=None, text=text)
        for error in result.errors or []:
            self.stderr.write(f"line {error}")
        self.stdout.write(
            f"{result.created} rule(s) added, {result.updated} updated, "
            f"{len(result.errors or [])} row(s) refused."
        )
        if result.errors and not (result.created or result.updated):
            raise CommandError("No rule imported.")
