from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from waypost.core.management.base import WaypostBaseCommand
from waypost.incidents.selectors import BREAKDOWNS
from waypost.releases.models import Channel
from waypost.releases.selectors import DATASETS, sdg_breakdown_published, sdg_published
from waypost.releases.services import release_publish
from waypost.statistics import DEFAULT_K
from waypost.statistics.formats import hxl_csv, sdmx_csv


def _shown(value: int | None) -> str:
    """A count, or x where suppressed (the statistical offices' mark for confidential)."""
    return "x" if value is None else str(value)


class Command(WaypostBaseCommand):
    help = (
        "Statistics: 'stats sdg-10-7-3' counts deaths and disappearances in migration; "
        "'stats release DATASET --by A,B' publishes a table under disclosure control."
    )

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
        table = kinds.add_parser(
            "release", help="A table of counts with small cells suppressed, logged."
        )
        table.add_argument("dataset", choices=list(DATASETS))
        table.add_argument("--by", required=True, help="One or two dimensions: region,year")
        table.add_argument("--k", type=int, default=DEFAULT_K, help="Smallest count published")
        table.add_argument("--dp-epsilon", type=float, help="Differentially private noise")
        table.add_argument("--rounding", type=int, default=1, help="Round to multiples of N")
        table.add_argument("--json", action="store_true")
        table.add_argument(
            "--format",
            choices=("text", "json", "hxl", "sdmx"),
            default="text",
            help="hxl: HXL-tagged CSV; sdmx: SDMX-CSV (--json is --format json)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["indicator"] == "release":
            self._release(options)
            return
        filters = {"year": options["year"], "region": options["region"], "route": options["route"]}
        # The figures as the page and the API publish them: under disclosure control.
        result: Any = (
            sdg_breakdown_published(options["by"], **filters)
            if options["by"]
            else sdg_published(**filters)
        )
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        elif options["by"]:
            for row in result:
                parts = ["dead", "missing", "total"] if "dead" in row else ["total"]
                self.stdout.write("\t".join([str(row["key"]), *(_shown(row[p]) for p in parts)]))
        else:
            self.stdout.write(
                f"dead {_shown(result['dead'])}, missing {_shown(result['missing'])}, "
                f"total {_shown(result['total'])}"
            )

    def _release(self, options: dict[str, Any]) -> None:
        result = release_publish(
            actor=None,
            dataset=options["dataset"],
            by=options["by"],
            channel=Channel.COMMAND,
            k=options["k"],
            dp_epsilon=options["dp_epsilon"],
            rounding=options["rounding"],
        )
        dimensions = (
            [d for d in result["cells"][0] if d not in ("value", "suppressed")]
            if (result["cells"])
            else []
        )
        if options["json"] or options["format"] == "json":
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        if options["format"] == "hxl":
            self.stdout.write(
                hxl_csv(result["cells"], dimensions, dataset=options["dataset"]), ending=""
            )
            return
        if options["format"] == "sdmx":
            self.stdout.write(
                sdmx_csv(result["cells"], dimensions, dataset=options["dataset"]), ending=""
            )
            return
        for cell in result["cells"]:
            keys = [str(v) for name, v in cell.items() if name not in ("value", "suppressed")]
            value = "x" if cell["suppressed"] else str(cell["value"])
            self.stdout.write("\t".join([*keys, value]))
        epsilon = f", epsilon {result['epsilon']}" if "epsilon" in result else ""
        self.stdout.write(f"k {result['k']}, method {result['method']}{epsilon}")
