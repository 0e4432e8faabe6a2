from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from waypost.accounts.models import User
from waypost.core.exceptions import ApplicationError
from waypost.core.management.base import WaypostBaseCommand
from waypost.protection.retention import retention_apply
from waypost.protection.services import legal_hold_set


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
        hold = actions.add_parser(
            "hold", help="Put a record under legal hold (retention keeps it) or release it."
        )
        hold.add_argument("change", choices=["set", "clear"])
        hold.add_argument(
            "record", metavar="RECORD", help="app.model:id, e.g. tracing.foundperson:12"
        )
        hold.add_argument("--reason", required=True, help="Court order or investigation reference.")
        hold.add_argument(
            "--by", default=None, help="Username of the auditor deciding it (else: an operator)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "hold":
            record_type, _, record_id = options["record"].rpartition(":")
            if not record_type or not record_id:
                raise ApplicationError("RECORD is app.model:id, e.g. tracing.foundperson:12.")
            actor = User.objects.filter(username=options["by"]).first() if options["by"] else None
            if options["by"] and actor is None:
                raise ApplicationError(f"No user {options['by']!r}.")
            record = legal_hold_set(
                actor=actor,
                record_type=record_type,
                record_id=record_id,
                held=options["change"] == "set",
                reason=options["reason"],
            )
            state = "under legal hold" if record.legal_hold else "released from legal hold"
            self.stdout.write(f"{options['record']}: {state}")
            return
        summary = retention_apply(dry_run=options["dry_run"])
        if options["json"]:
            self.stdout.write(json.dumps(summary))
            return
        verb = "would be deleted" if options["dry_run"] else "deleted"
        for label, count in summary["due"].items():
            self.stdout.write(f"{label}: {count} {verb}")
