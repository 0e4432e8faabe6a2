from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError

from waypost.core.management.base import WaypostBaseCommand
from waypost.protection.audit import verify
from waypost.protection.models import AuditEntry


class Command(WaypostBaseCommand):
    help = "Check the audit log's hash chain."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser(
            "verify", help="Exit 0 if the chain is intact; else name the first bad entry."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        broken = verify()
        if broken is not None:
            raise CommandError(f"Audit chain broken at entry {broken.seq}: {broken.reason}.")
        self.stdout.write(f"Audit chain intact: {AuditEntry.objects.count()} entries.")
