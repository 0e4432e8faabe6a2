from __future__ import annotations

from argparse import ArgumentParser
from datetime import date
from typing import Any

from waypost.accounts.selectors import organisation_get
from waypost.core.exceptions import ApplicationError
from waypost.core.management.base import WaypostBaseCommand
from waypost.protection import services
from waypost.protection.models import DataCategory, Purpose, SharingAgreement


def _iso_date(value: str | None, option: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ApplicationError(f"{option} must be an ISO 8601 date, e.g. 2027-12-31.") from exc


class Command(WaypostBaseCommand):
    help = "Grant, revoke and list sharing agreements between organisations."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        grant = actions.add_parser("grant", help="Grant an agreement approved by both sides.")
        revoke = actions.add_parser(
            "revoke", help="Revoke the active agreements FROM → TO for PURPOSE."
        )
        for sub in (grant, revoke):
            sub.add_argument("from_slug", metavar="FROM_SLUG")
            sub.add_argument("to_slug", metavar="TO_SLUG")
            sub.add_argument("--purpose", required=True, choices=Purpose.values)
        grant.add_argument(
            "--categories",
            default=None,
            help=f"Comma-separated, of: {', '.join(DataCategory.values)} (default: the purpose's)",
        )
        grant.add_argument(
            "--starts", default=None, help="ISO 8601 date; nothing is shared before (default today)"
        )
        grant.add_argument("--expires", default=None, help="ISO 8601 date")
        actions.add_parser("list", help="List agreements.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            for agreement in SharingAgreement.objects.select_related("provider", "recipient"):
                state = (
                    "revoked"
                    if agreement.revoked_at
                    else "rejected"
                    if agreement.rejected_at
                    else "active"
                    if agreement.is_approved
                    else "proposed"
                )
                self.stdout.write(
                    f"{agreement.pk}\t{agreement.provider.slug}\t{agreement.recipient.slug}\t"
                    f"{agreement.purpose}\t{','.join(agreement.categories)}\t"
                    f"{agreement.starts_on.isoformat()}\t"
                    f"{agreement.expires_on.isoformat() if agreement.expires_on else ''}\t{state}"
                )
            return
        provider = organisation_get(slug=options["from_slug"])
        recipient = organisation_get(slug=options["to_slug"])
        if options["action"] == "grant":
            categories = options["categories"].split(",") if options["categories"] else None
            agreement = services.agreement_grant(
                provider=provider,
                recipient=recipient,
                purpose=options["purpose"],
                categories=categories,
                starts_on=_iso_date(options["starts"], "--starts"),
                expires_on=_iso_date(options["expires"], "--expires"),
            )
            self.stdout.write(str(agreement.pk))
            return
        active = SharingAgreement.objects.filter(
            provider=provider,
            recipient=recipient,
            purpose=options["purpose"],
            revoked_at__isnull=True,
        )
        if not active.exists():
            raise ApplicationError("No active agreement matches.")
        for agreement in active:
            services.agreement_revoke(actor=None, agreement=agreement)
        self.stdout.write("revoked")
