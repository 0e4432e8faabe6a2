"""``waypost reports``: open reporting channels, expire old reports, time receipt checks."""

from __future__ import annotations

import json
import time
from argparse import ArgumentParser, ArgumentTypeError
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from waypost.accounts import selectors as account_selectors
from waypost.accounts.services import validate_country
from waypost.core.exceptions import ApplicationError
from waypost.core.management.base import WaypostBaseCommand
from waypost.reporting import selectors, services
from waypost.reporting.receipts import receipt_hash, receipt_new


class Command(WaypostBaseCommand):
    help = "Reporting: channel SLUG --countries TUN,LBY | expire [--dry-run] | overdue [--now ISO] [--json] [--no-remind] | bodies [--load FILE] | bench. (The audit log: waypost audit verify.)"

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
        overdue = actions.add_parser(
            "overdue",
            help="List reports past their day to be acknowledged or to give feedback, and "
            "remind their handlers (once a day).",
        )
        overdue.add_argument(
            "--now", type=_iso_day, default=None, help="The day to count from (ISO date or time)."
        )
        overdue.add_argument("--json", action="store_true", help="One JSON document.")
        overdue.add_argument("--no-remind", action="store_true", help="List only.")
        bodies = actions.add_parser(
            "bodies", help="List the directory of competent bodies, or load it from a JSON file."
        )
        bodies.add_argument("--load", type=Path, default=None, help="A JSON list of bodies.")
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
        elif action == "overdue":
            with self.exclusive_lock("reports-overdue"):
                found = services.reminders_send(on=options["now"], remind=not options["no_remind"])
            # Workflow codes only: no content, no handler's name.
            rows = [
                {
                    "report": r.report.reference,
                    "organisation": r.report.organisation.slug,
                    "overdue": r.overdue,
                    "due_on": r.due_on.isoformat(),
                    "assigned": r.report.assigned_to_id is not None,
                    "reminded": r.reminded,
                }
                for r in found
            ]
            if options["json"]:
                self.stdout.write(json.dumps({"overdue": rows}, indent=2))
            else:
                for row in rows:
                    self.stdout.write(
                        f"{row['report']} {row['organisation']}: {row['overdue']} due "
                        f"{row['due_on']}, {row['reminded']} handler(s) reminded"
                    )
                self.stdout.write(f"{len(rows)} overdue report(s).")
        elif action == "bodies":
            if options["load"] is not None:
                try:
                    entries = json.loads(options["load"].read_text(encoding="utf-8"))
                    count = services.bodies_load(entries=entries)
                except (OSError, ValueError, KeyError, ApplicationError) as exc:
                    raise CommandError(f"Could not load the bodies: {exc}") from exc
                self.stdout.write(f"{count} competent bodies loaded.")
            for body in selectors.bodies_list():
                where = ",".join(body.countries) or "any country"
                self.stdout.write(f"{body.pk} {body.slug} ({body.kind}; {where})")
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


def _iso_day(raw: str) -> date:
    try:
        return datetime.fromisoformat(raw).date() if "T" in raw else date.fromisoformat(raw)
    except ValueError as exc:
        raise ArgumentTypeError(f"not an ISO date or time: {raw!r}") from exc
