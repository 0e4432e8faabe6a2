"""``waypost reports``: open reporting channels, expire old reports, time receipt checks."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from waypost.accounts import selectors as account_selectors
from waypost.accounts.services import validate_country
from waypost.core.management.base import WaypostBaseCommand
from waypost.reporting import services
from waypost.reporting.receipts import receipt_hash, receipt_new


class Command(WaypostBaseCommand):
    help = "Reporting: channel SLUG --countries TUN,LBY | expire [--dry-run] | bench. (The audit log: waypost audit verify.)"

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        channel = actions.add_parser(
            "channel", help="Let an organisation receive reports (never law enforcement)."
        )
        channel.add_argument("slug")
        channel.add_argument(
            "--countries", default="", help="ISO3 codes, comma-separated (default: its own)."
        )
        channel.add_argument("--close", action="store_true", help="Stop receiving reports.")
        channel.add_argument(
            "--no-statistics", action="store_true", help="Leave it out of public statistics."
        )
        expire = actions.add_parser(
            "expire", help="Delete reports past their expiry date and not kept for a case."
        )
        expire.add_argument("--dry-run", action="store_true")
        bench = actions.add_parser("bench", help="Time the slow receipt hash.")
        bench.add_argument("--count", type=int, default=20)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "channel":
            organisation = account_selectors.organisation_get(slug=options["slug"])
            countries = [validate_country(c) for c in options["countries"].split(",") if c.strip()]
            channel = services.channel_set(
                actor=None,
                organisation=organisation,
                accepts_reports=not options["close"],
                countries=countries,
                publishes_statistics=not options["no_statistics"],
            )
            state = "receives" if channel.accepts_reports else "does not receive"
            self.stdout.write(
                f"{organisation.slug} {state} reports for {', '.join(channel.countries)}."
            )
        elif action == "expire":
            with self.exclusive_lock("reports-expire"):
                count = services.reports_expire(dry_run=options["dry_run"])
            verb = "would be deleted" if options["dry_run"] else "deleted"
            self.stdout.write(f"{count} expired report(s) {verb}.")
        else:
            count = options["count"]
            started = time.perf_counter()
            for _ in range(count):
                receipt_hash(receipt_new())
            elapsed = (time.perf_counter() - started) / count
            self.stdout.write(
                f"receipt hash (scrypt n=2^14, r=8): {elapsed * 1000:.1f} ms per check; "
                f"an offline guesser holding the key needs ~{10**16 * elapsed / 86400 / 365:.2e} "
                "CPU-years for the whole space."
            )
