from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from waypost.core.management.base import WaypostBaseCommand
from waypost.protection.retention import retention_apply


class Command(WaypostBaseCommand):
    help = "Delete personal records past their retention period (not under legal hold)."
    lock_name = "retention"

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        apply = actions.add_parser("apply", help="Delete what is due; counts are kept and audited.")
        apply.add_argument(
            "--dry-run", action="store_true", help="Count what is due, delete nothing."
        )
        apply.add_argument("--json", action="store_true", help="Print the summary as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        summary = retention_apply(dry_run=options["dry_run"])
        if options["json"]:
            self.stdout.write(json.dumps(summary))
            return
        verb = "would be deleted" if options["dry_run"] else "deleted"
        for label, count in summary["due"].items():
            self.stdout.write(f"{label}: {count} {verb}")
