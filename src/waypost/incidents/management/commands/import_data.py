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
            help='Print {"rows", "imported", "updated", "unchanged", "rejected"}.',
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise ApplicationError(_("No file at %(path)s.") % {"path": path})
        with progress_bar(f"Importing {path.name}") as advance:
            report = incidents_import_mmp(
                path=path, progress=lambda done, total, message: advance(done, total, message)
            )
        for notice in report.notices:
            (self.stderr if options["json"] else self.stdout).write(notice)
        if options["json"]:
            self.stdout.write(json.dumps(report.as_json()))
            return
        self.stdout.write(
            f"{report.rows} rows: {report.imported} imported, {report.updated} updated, "
            f"{report.unchanged} unchanged, {len(report.rejected)} rejected."
        )
        for rejected in report.rejected:
            self.stdout.write(f"  row {rejected.row}: {rejected.reason}")
