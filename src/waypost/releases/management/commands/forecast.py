from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from waypost.accounts.selectors import organisation_get
from waypost.core.management.base import WaypostBaseCommand
from waypost.releases.services import incidents_forecast, screenings_forecast


class Command(WaypostBaseCommand):
    help = (
        "Forecasts: 'forecast incidents --route R --horizon H' forecasts dead and missing per "
        "month, 'forecast screenings --organisation O --place P' an organisation's screenings "
        "per month at a border post, each with its backtest against the seasonal naive forecast."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        kinds = parser.add_subparsers(dest="series", required=True)
        incidents = kinds.add_parser("incidents", help="Dead and missing per month on a route.")
        incidents.add_argument("--route", default="", help="A migration route (all if blank)")
        incidents.add_argument("--horizon", type=int, default=6, choices=range(1, 7))
        incidents.add_argument("--origins", type=int, default=24, help="Backtest origins")
        incidents.add_argument("--json", action="store_true")
        screenings = kinds.add_parser(
            "screenings", help="Screenings per month at one of an organisation's places."
        )
        screenings.add_argument("--organisation", required=True, help="The organisation's slug")
        screenings.add_argument("--place", default="", help="A border post (all if blank)")
        screenings.add_argument("--horizon", type=int, default=6, choices=range(1, 7))
        screenings.add_argument("--origins", type=int, default=24, help="Backtest origins")
        screenings.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["series"] == "screenings":
            organisation = organisation_get(slug=options["organisation"])
            result = screenings_forecast(
                actor=None,
                organisation=organisation,
                place=options["place"],
                horizon=options["horizon"],
                origins=options["origins"],
            )
        else:
            result = incidents_forecast(
                actor=None,
                route=options["route"],
                horizon=options["horizon"],
                origins=options["origins"],
            )
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        backtest = result["backtest"]
        self.stdout.write(
            f"backtest: {backtest['origins']} origins, MASE {backtest['mase']}, "
            f"seasonal naive MASE {backtest['baseline_mase']}, skill {backtest['skill']}"
        )
        if not result["shown"]:
            self.stdout.write("not shown: the model does not beat the seasonal naive by 20%")
        for row in result["forecast"]:
            self.stdout.write(f"{row['month']}\t{row['value']}\t{row['lower']}\t{row['upper']}")
