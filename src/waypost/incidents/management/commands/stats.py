from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from waypost.core.management.base import WaypostBaseCommand
from waypost.incidents.selectors import BREAKDOWNS, sdg_10_7_3, sdg_breakdown


class Command(WaypostBaseCommand):
    help = "Statistics: 'stats sdg-10-7-3' counts deaths and disappearances in migration."

    def add_arguments(self, parser: ArgumentParser) -> None:
        kinds = parser.add_subparsers(dest="indicator", required=True)
        sdg = kinds.add_parser("sdg-10-7-3", help="Dead and missing (SDG indicator 10.7.3).")
        sdg.add_argument("--year", type=int)
        sdg.add_argument("--region", default="")
        sdg.add_argument("--route", default="")
        sdg.add_argument(
            "--by",
            choices=BREAKDOWNS,
            help="Break down by year, region, UN region, route, cause, sex or age (children).",
        )
        sdg.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        filters = {"year": options["year"], "region": options["region"], "route": options["route"]}
        result: Any = (
            sdg_breakdown(options["by"], **filters) if options["by"] else sdg_10_7_3(**filters)
        )
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        elif options["by"]:
            for row in result:
                if "dead" in row:
                    line = f"{row['key']}\t{row['dead']}\t{row['missing']}\t{row['total']}"
                else:
                    line = f"{row['key']}\t{row['total']}"
                self.stdout.write(line)
        else:
            self.stdout.write(
                f"dead {result['dead']}, missing {result['missing']}, total {result['total']}"
            )
