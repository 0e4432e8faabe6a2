"""``waypost detention``: import facilities; the register's completeness (Mandela Rule 7)."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from waypost.core.management.base import WaypostBaseCommand
from waypost.detention import selectors, services
from waypost.detention.models import Facility


class Command(WaypostBaseCommand):
    help = (
        "Detention: facilities import FILE.csv (name, type, authority, country, capacity, "
        "lat, lon, status); completeness [--facility ID] [--json] (Rule 7 items missing)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        facilities = actions.add_parser("facilities", help="The register of facilities.")
        steps = facilities.add_subparsers(dest="step", required=True)
        importing = steps.add_parser(
            "import",
            help="Add or update facilities from a CSV in the Global Detention Project's columns.",
        )
        importing.add_argument("file", help="CSV file (UTF-8).")
        importing.add_argument("--source", default="", help="Where the list comes from.")
        completeness = actions.add_parser(
            "completeness",
            help="Which Nelson Mandela Rule 7 items each record misses, per facility.",
        )
        completeness.add_argument("--facility", type=int, default=None, help="A facility's id.")
        completeness.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "facilities":
            path = Path(options["file"])
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise CommandError(f"Cannot read {path}: {exc}") from exc
            result = services.facilities_import(
                actor=None, text=text, source=options["source"] or path.name
            )
            for error in result.errors or []:
                self.stderr.write(f"line {error}")
            self.stdout.write(
                f"{result.created} facility(ies) added, {result.updated} updated, "
                f"{len(result.errors or [])} row(s) refused."
            )
            if result.errors and not (result.created or result.updated):
                raise CommandError("No facility imported.")
            return
        facility = None
        if options["facility"] is not None:
            facility = Facility.objects.filter(pk=options["facility"]).first()
            if facility is None:
                raise CommandError(f"No facility {options['facility']}.")
        report = selectors.completeness(facility=facility)
        if options["json"]:
            self.stdout.write(json.dumps(report))
            return
        for row in report["records"]:
            missing = ", ".join(row["missing"]) or "complete"
            self.stdout.write(f"{row['id']}\tfacility {row['facility']}\t{missing}")
        for entry in report["facilities"]:
            self.stdout.write(
                f"facility {entry['id']}: {entry['complete']}/{entry['records']} complete"
            )
