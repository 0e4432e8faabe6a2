from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.db import transaction
from django.utils.translation import gettext

from waypost.accounts.models import Organisation
from waypost.accounts.selectors import organisation_get
from waypost.conf import write_private
from waypost.core.exceptions import ApplicationError
from waypost.core.management.base import WaypostBaseCommand
from waypost.formats.pfif import PfifError
from waypost.matching import CsvError
from waypost.tracing import exchange, identification, search, services


class Command(WaypostBaseCommand):
    help = "Import and export tracing records (matching-engine CSV, PFIF 1.4)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        csv = actions.add_parser(
            "import", help="Import KIND records from a CSV with the matching columns."
        )
        csv.add_argument("kind", choices=sorted(exchange.KINDS))
        csv.add_argument("file", type=Path)
        export = actions.add_parser(
            "export-pfif",
            help="Write the organisation's records that the recipient may receive as PFIF 1.4.",
        )
        export.add_argument("--out", type=Path, required=True)
        export.add_argument(
            "--to",
            required=True,
            help="Short name (slug) of the organisation the file is for: the owner itself for "
            "its own copy (every record), or a partner, who gets only the records its "
            "agreements, the firewall and the persons' consents allow.",
        )
        actions.add_parser(
            "reindex",
            help="Build the name search's blind index again for every record, and compute "
            "every candidate's score again from its evidence.",
        )
        verify = actions.add_parser(
            "verify-report",
            help="Check the signature of an identification report (PDF) and print what it "
            "signed, to compare with the printed pages.",
        )
        verify.add_argument("file", type=Path)
        actions.add_parser(
            "remind",
            help="Send each caseworker today's reminder of families waiting past the day set "
            "(overdue family notifications and updates); once a day, so a scheduler may run it "
            "as often as it likes.",
        )
        pfif = actions.add_parser("import-pfif", help="Import a PFIF 1.4 document.")
        pfif.add_argument("file", type=Path)
        for sub in (csv, export, pfif):
            sub.add_argument(
                "--org",
                help="Short name (slug) of the organisation that owns the records; "
                "may be left out when the installation has only one organisation.",
            )

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "reindex":
            with transaction.atomic():
                records = search.index_all()
                candidates = services.candidates_rescore()
            self.stdout.write(
                f"Indexed the names of {records} records; scored {candidates} candidates."
            )
            return
        if action == "verify-report":
            self._verify_report(options["file"])
            return
        if action == "remind":
            reminded = services.reminders_send()
            self.stdout.write(
                f"Sent {reminded['sent']} reminders; {reminded['already_sent_today']} people "
                "had theirs today already."
            )
            return
        organisation = self._organisation(options["org"])
        if action == "export-pfif":
            recipient = organisation_get(slug=options["to"])
            # Personal data: owner-only, wherever it is written.
            write_private(options["out"], exchange.export_pfif(organisation, recipient=recipient))
            self.stdout.write(f"Wrote {options['out']}")
            return
        try:
            with transaction.atomic():  # all or nothing: a bad row loses nothing already stored
                if action == "import":
                    count = exchange.import_csv(options["file"], options["kind"], organisation)
                    self.stdout.write(f"Imported {count} {options['kind']} records.")
                else:
                    result = exchange.import_pfif(options["file"].read_bytes(), organisation)
                    self.stdout.write(
                        "; ".join(
                            gettext("%(kind)s: %(created)d new, %(updated)d updated")
                            % {
                                "kind": kind,
                                "created": result.created[kind],
                                "updated": result.updated[kind],
                            }
                            for kind in exchange.KINDS
                        )
                    )
                    for problem in result.problems:
                        self.stderr.write(problem)
        except (CsvError, PfifError, OSError) as error:
            raise ApplicationError(str(error)) from error

    @staticmethod
    def _organisation(slug: str | None) -> Organisation:
        """The owner named by --org; with a single organisation there is no one else to mean.

        With several, guessing could file records (or export them) under the wrong owner,
        so --org stays required and the error lists the short names to choose from.
        """
        if slug:
            return organisation_get(slug=slug)
        slugs = list(Organisation.objects.order_by("slug").values_list("slug", flat=True)[:21])
        if len(slugs) == 1:
            return organisation_get(slug=slugs[0])
        if not slugs:
            raise ApplicationError(
                gettext("There is no organisation yet: create one with 'waypost orgs create'.")
            )
        shown = ", ".join(slugs[:20]) + (", ..." if len(slugs) > 20 else "")
        raise ApplicationError(
            gettext(
                "Say which organisation owns the records with --org SLUG "
                "(this installation has several: %(slugs)s)."
            )
            % {"slugs": shown}
        )

    def _verify_report(self, path: Path) -> None:
        """Exit 0 with the signed content when the signature holds, an error otherwise."""
        try:
            data = identification.verify_file(path.read_bytes())
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
        except identification.VerificationError as error:
            raise CommandError(f"NOT VERIFIED: {error}") from error
        self.stdout.write(
            f"Signature verified (key {identification.key_fingerprint()}). Signed content:"
        )
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True))
