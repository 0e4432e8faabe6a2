from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from waypost.accounts import selectors as accounts_selectors
from waypost.core.exceptions import ApplicationError
from waypost.core.management.base import WaypostBaseCommand
from waypost.remittances import selectors, services
from waypost.remittances.rpw import parse_period


def _period(value: str) -> str:
    period = parse_period(value)
    if period is None:
        raise ApplicationError(
            _("%(value)s is not a quarter: write it as 2025Q2.") % {"value": value}
        )
    return period


class Command(WaypostBaseCommand):
    help = (
        "Remittance costs (World Bank Remittance Prices Worldwide): import FILE, "
        "sdg-10-c-1, corridors, watch, alerts."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        imp = actions.add_parser(
            "import", help="Import an RPW file (CSV or XLSX) as the World Bank publishes it."
        )
        imp.add_argument("path", type=Path)
        imp.add_argument(
            "--json", action="store_true", help='Print {"rows", "imported", "rejected", "periods"}.'
        )
        sdg = actions.add_parser(
            "sdg-10-c-1", help="Global average cost of sending USD 200 (SDG indicator 10.c.1)."
        )
        sdg.add_argument("--period", help="A quarter such as 2025Q2 (default: the latest).")
        sdg.add_argument("--json", action="store_true")
        corridors = actions.add_parser("corridors", help="Average cost per corridor.")
        corridors.add_argument("--from", dest="source", default="")
        corridors.add_argument("--to", dest="destination", default="")
        corridors.add_argument("--period")
        corridors.add_argument("--json", action="store_true")
        watch = actions.add_parser(
            "watch",
            help="Alert an organisation when a corridor's average is above 5%% or rises by "
            "more than --rise points since the last quarter.",
        )
        watch.add_argument("organisation", help="The organisation's short name (slug).")
        watch.add_argument("--from", dest="source", default="", help="ISO3; blank: any.")
        watch.add_argument("--to", dest="destination", default="", help="ISO3; blank: any.")
        watch.add_argument("--rise", type=float, default=1.0, help="Percentage points.")
        alerts = actions.add_parser(
            "alerts", help="Raise and send the alerts of a quarter (default: the latest) again."
        )
        alerts.add_argument("--period")
        alerts.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "import":
            self._import(options)
        elif action == "sdg-10-c-1":
            period = _period(options["period"]) if options["period"] else None
            result = selectors.sdg_10_c_1(period)
            if options["json"]:
                self.stdout.write(json.dumps(result))
            elif result["period"] is None:
                self.stdout.write(_("No remittance prices imported for that quarter."))
            else:
                self.stdout.write(
                    _(
                        "%(period)s: sending USD 200 costs %(global_average_200).2f%% on "
                        "average; %(corridors_above_5)s corridors cost more than 5%%."
                    )
                    % result
                )
        elif action == "corridors":
            period = _period(options["period"]) if options["period"] else None
            rows = selectors.corridors(
                source=options["source"], destination=options["destination"], period=period
            )
            if options["json"]:
                self.stdout.write(json.dumps(rows))
            else:
                for row in rows:
                    self.stdout.write(
                        f"{row['period']}\t{row['from']}-{row['to']}\t{row['average_200']:.2f}"
                        f"\t{row['services']}"
                    )
        elif action == "watch":
            organisation = accounts_selectors.organisation_get(slug=options["organisation"])
            watch = services.corridor_watch_set(
                actor=None,
                organisation=organisation,
                source_code=options["source"],
                destination_code=options["destination"],
                rise_points=options["rise"],
            )
            self.stdout.write(
                _(
                    "%(organisation)s watches %(source)s to %(destination)s (rise over %(rise)s points)."
                )
                % {
                    "organisation": organisation.slug,
                    "source": watch.source_code or "*",
                    "destination": watch.destination_code or "*",
                    "rise": watch.rise_points,
                }
            )
        elif action == "alerts":
            period = _period(options["period"]) if options["period"] else selectors.latest_period()
            raised = services.alerts_raise(period=period) if period else []
            rows = [
                {
                    "organisation": alert.watch.organisation.slug,
                    "period": alert.period,
                    "from": alert.source_code,
                    "to": alert.destination_code,
                    "kind": alert.kind,
                    "average_200": alert.average,
                    "previous_average_200": alert.previous_average,
                }
                for alert in raised
            ]
            if options["json"]:
                self.stdout.write(json.dumps(rows))
            else:
                self.stdout.write(_("%(count)s new alerts.") % {"count": len(rows)})

    def _import(self, options: dict[str, Any]) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise ApplicationError(_("No file at %(path)s.") % {"path": path})
        report = services.remittances_import(path=path)
        if options["json"]:
            self.stdout.write(json.dumps(report.as_json()))
            return
        self.stdout.write(
            _(
                "%(rows)s rows: %(imported)s services imported, %(rejected)s rejected; "
                "quarters in the file: %(periods)s."
            )
            % {**report.as_json(), "periods": ", ".join(report.periods) or "-"}
        )
        for rejected in report.rejected[:100]:
            self.stdout.write(f"  row {rejected.row}: {rejected.reason}")
