"""``waypost referrals``: the referrals not answered in time, for the operator and cron."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from datetime import datetime
from typing import Any

from django.core.management.base import CommandError
from django.utils import timezone

from waypost.accounts import selectors as account_selectors
from waypost.core.management.base import WaypostBaseCommand
from waypost.screening import selectors, services


def parse_now(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise CommandError(f"--now: not an ISO 8601 date and time: {value!r}.") from exc
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return moment


class Command(WaypostBaseCommand):
    help = "Referrals: overdue [--now ISO] [--org SLUG] [--json] lists those not answered in time."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        overdue = actions.add_parser(
            "overdue",
            help="Referrals still waiting for an answer past their due time (ids and clocks).",
        )
        overdue.add_argument("--now", default="", help="The moment to judge by (ISO 8601).")
        overdue.add_argument("--org", default="", help="Only those sent or received by SLUG.")
        overdue.add_argument("--json", action="store_true", help="Print a JSON array.")
        overdue.add_argument(
            "--remind",
            action="store_true",
            help="Email the receiving organisations' caseworkers how many referrals wait.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = parse_now(options["now"]) if options["now"] else timezone.now()
        organisation = (
            account_selectors.organisation_get(slug=options["org"]) if options["org"] else None
        )
        overdue = selectors.referrals_overdue(now=now, organisation=organisation)
        rows = [
            {
                "id": referral.pk,
                "priority": referral.priority,
                "status": referral.status,
                "due_at": referral.due_at.isoformat(),
                "hours_overdue": round((now - referral.due_at).total_seconds() / 3600, 1),
                "from": referral.organisation.slug,
                "to": referral.recipient.slug,
                "service": referral.service_id,
            }
            for referral in overdue
        ]
        reminded = services.overdue_reminders_send(referrals=overdue) if options["remind"] else 0
        if options["json"]:
            self.stdout.write(json.dumps(rows))
            return
        for row in rows:
            self.stdout.write(
                f"{row['id']}\t{row['priority']}\t{row['from']} -> {row['to']}\t"
                f"due {row['due_at']} ({row['hours_overdue']} h overdue)"
            )
        self.stdout.write(f"{len(rows)} overdue referral(s).")
        if options["remind"]:
            self.stdout.write(f"{reminded} reminder(s) sent.")
