"""Demo: invented remittance prices, written in the World Bank's RPW columns and imported.

The firms ("Demo Bank", "Demo Transfer"...) and their prices are made up from a fixed
seed, so that the demo shows the pages without presenting invented figures as a real
firm's prices. Real prices come from the World Bank's file (docs/remittances.md).
"""

from __future__ import annotations

import csv
import random
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from waypost.remittances import services
from waypost.remittances.models import RemittanceService
from waypost.remittances.rpw import COLUMNS

if TYPE_CHECKING:
    from waypost.demo import DemoContext

# (sending, receiving, the corridor's typical cost in % of USD 200)
CORRIDORS = [
    ("ITA", "NGA", 6.4),
    ("ITA", "SEN", 5.6),
    ("ITA", "MAR", 3.9),
    ("ITA", "TUN", 4.6),
    ("ESP", "MAR", 4.2),
    ("ESP", "SEN", 5.2),
    ("FRA", "TUN", 5.0),
    ("FRA", "MLI", 6.8),
    ("SAU", "SDN", 4.8),
    ("DEU", "SYR", 7.5),
]
QUARTERS = ["2024_3Q", "2024_4Q", "2025_1Q", "2025_3Q"]
FIRMS = [
    ("Demo Bank", "Bank", "Bank account", "Bank account", "3-5 days", 1.6),
    ("Demo Post", "Post office", "Cash", "Cash", "Next day", 1.3),
    ("Demo Transfer", "Money Transfer Operator", "Cash", "Cash", "Less than one hour", 1.0),
    (
        "Demo Online",
        "Money Transfer Operator",
        "Debit card,Bank account",
        "Bank account,Mobile money",
        "Same day",
        0.55,
    ),
    ("Demo Mobile", "Mobile operator", "Mobile money", "Mobile money", "Less than one hour", 0.7),
]
NAMES = {
    "ITA": "Italy", "ESP": "Spain", "FRA": "France", "SAU": "Saudi Arabia", "DEU": "Germany",
    "NGA": "Nigeria", "SEN": "Senegal", "MAR": "Morocco", "TUN": "Tunisia", "MLI": "Mali",
    "SDN": "Sudan", "SYR": "Syrian Arab Republic",
}  # fmt: skip


def write_demo_file(path: Path, rng: random.Random) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for number, quarter in enumerate(QUARTERS):
            for source, destination, typical in CORRIDORS:
                # Costs drift down over the year, as RPW's have, except in one corridor.
                drift = (0.25 if destination == "SEN" else -0.15) * number
                for firm, firm_type, instrument, pickup, speed, factor in FIRMS:
                    total = max(0.5, typical * factor + drift + rng.uniform(-0.4, 0.4))
                    margin = round(min(total * 0.4, 3.0), 2)
                    row = dict.fromkeys(COLUMNS, "")
                    row.update(
                        {
                            "id": f"{source}{destination}{quarter}{firm}",
                            "period": quarter,
                            "source_code": source,
                            "source_name": NAMES[source],
                            "destination_code": destination,
                            "destination_name": NAMES[destination],
                            "firm": firm,
                            "firm_type": firm_type,
                            "payment instrument": instrument,
                            "speed actual": speed,
                            "cc1 denomination amount": "200",
                            "cc1 fx margin": f"{margin:.2f}",
                            "cc1 lcu fee": f"{2 * (total - margin):.2f}",
                            "cc1 total cost %": f"{total:.2f}",
                            "cc2 denomination amount": "500",
                            "cc2 fx margin": f"{margin:.2f}",
                            "cc2 total cost %": f"{total * 0.7:.2f}",
                            "transparent": "yes",
                            "pickup method": pickup,
                            "corridor": source + destination,
                        }
                    )
                    writer.writerow([row[column] for column in COLUMNS])


def load(context: DemoContext) -> None:
    if RemittanceService.objects.exists():
        return
    context.progress("Importing invented remittance prices in the World Bank's columns…")
    organisation = context.organisations["international"]
    services.corridor_watch_set(actor=None, organisation=organisation, rise_points=0.5)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rpw-demo.csv"
        write_demo_file(path, context.rng)
        services.remittances_import(path=path)
