from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from waypost.core.management.base import WaypostBaseCommand
from waypost.protection import witness
from waypost.protection.audit import audit_checkpoint, verify
from waypost.protection.models import AuditEntry


class Command(WaypostBaseCommand):
    help = "Check the audit log against its hash chain and its witnessed checkpoints."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        check = actions.add_parser(
            "verify",
            help="Exit 0 if the log is intact and agrees with every witnessed checkpoint "
            "(then witness its head); else say where it breaks and exit 1.",
        )
        check.add_argument(
            "--witness",
            action="append",
            type=Path,
            default=[],
            help="Another copy of the checkpoints to check against, e.g. the lines the "
            "syslog server received (repeatable).",
        )
        actions.add_parser(
            "checkpoint", help="Witness the log's head now (the periodic job does it every minute)."
        )
        actions.add_parser("public-key", help="Print the checkpoints' Ed25519 public key (base64).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "public-key":
            self.stdout.write(witness.public_key_text())
            return
        if options["action"] == "checkpoint":
            checkpoint = audit_checkpoint()
            if checkpoint is None:
                self.stdout.write("Nothing new to witness.")
            else:
                self.stdout.write(f"Witnessed {checkpoint.size} entries at {checkpoint.at}.")
            return
        broken = verify(witnesses=options["witness"])
        if broken is not None:
            raise CommandError(str(broken))
        checkpoints = [
            found
            for found in witness.checkpoints_all(options["witness"])
            if isinstance(found, witness.Checkpoint)
        ]
        written = audit_checkpoint()
        count = AuditEntry.objects.filter(seq__isnull=False).count()
        self.stdout.write(f"Audit chain intact: {count} entries.")
        if checkpoints:
            latest = max(checkpoints, key=lambda c: c.size)
            self.stdout.write(
                f"Checkpoints witnessed and agreed with: {len(checkpoints)} "
                f"(the longest: {latest.size} entries at {latest.at})."
            )
        else:
            self.stdout.write(f"No checkpoint witnessed before (none in {witness.witness_path()}).")
        if written is not None:
            self.stdout.write(f"Witnessed its head now: {written.size} entries.")
