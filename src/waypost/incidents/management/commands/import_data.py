from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from waypost.core.exceptions import ApplicationError
from waypost.core.management.base import WaypostBaseCommand
from waypost.core.progress import progress_bar
from waypost.incidents.services import incidents_import_mmp


class Command(WaypostBaseCommand):
    help = "Import data files: 'import mmp PATH' for Missing Migrants Project exports (CSV, XLSX)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        kinds = parser.add_subparsers(dest="kind", required=True)
        mmp = kinds.add_parser("mmp", help="Import an MMP export (every known column scheme).")
        mmp.add_argument("path", type=Path)
        mmp.add_argument(
            "--json",
            action="store_true",
            help='Print {"rows", "imported", "recognised", "updated", "unchanged", "older", '
            '"rejected", "to_review", "withdrawn", "restored"}.',
        )
        mmp.add_argument(
            "--partial",
            action="store_true",
            help="The file is a selection (one region, one route...): incidents it does not "
            "list are not withdrawn.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise ApplicationError(_("No file at %(path)s.") % {"path": path})
        with progress_bar(f"Importing {path.name}") as advance:
            report = incidents_import_mmp(
                path=path,
                partial=options["partial"],
                progress=lambda done, total, message: advance(done, total, message),
            )
        for notice in report.notices:
            (self.stderr if options["json"] else self.stdout).write(notice)
        if options["json"]:
            self.stdout.write(json.dumps(report.as_json()))
            return
        self.stdout.write(
            _(
                "%(rows)s rows: %(imported)s imported, %(recognised)s recognised as incidents "
                "held under another id, %(updated)s updated, %(unchanged)s unchanged, "
                "%(older)s older than what a newer export gave, %(rejected)s rejected."
            )
            % {**report.as_json(), "rejected": len(report.rejected)}
        )
        self.stdout.write(
            _(
                "%(to_review)s new pairs of possible duplicates to review; %(withdrawn)s "
                "incidents a newer export no longer lists are not counted, %(restored)s are "
                "counted again."
            )
            % report.as_json()
        )
        for rejected in report.rejected:
            self.stdout.write(f"  row {rejected.row}: {rejected.reason}")
