from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from waypost.core.management.base import WaypostBaseCommand
from waypost.core.progress import progress_bar
from waypost.protection.fields import SealBroken
from waypost.protection.rotation import rotation_run, rotation_start


class Command(WaypostBaseCommand):
    help = "Manage encryption keys."
    lock_name = "keys"

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        rotate = actions.add_parser(
            "rotate",
            help="New data keys for every organisation, then re-encrypt all personal data "
            "(resumes an interrupted run).",
        )
        rotate.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args: Any, **options: Any) -> None:
        rotation = rotation_start()
        if rotation.rows_done:
            self.stdout.write(
                f"Resuming key rotation {rotation.pk} after {rotation.rows_done} rows."
            )
        with progress_bar("Re-encrypting") as advance:
            try:
                rotation = rotation_run(
                    rotation,
                    batch_size=options["batch_size"],
                    progress=lambda done, total, message: advance(done, total, message),
                )
            except SealBroken as error:
                raise CommandError(
                    _(
                        "Key rotation stopped: %(error)s It was moved there from another row "
                        "or organisation, or altered (audit log: waypost.keys.seal_broken). "
                        "Restore the row from a backup or clear the value, then run this "
                        "command again: it resumes where it stopped."
                    )
                    % {"error": error}
                ) from error
        self.stdout.write(f"Key rotation {rotation.pk} finished: {rotation.rows_done} rows.")
