"""HXL (Humanitarian Exchange Language) tagged CSV of incidents: MMP columns, a hashtag row.

HXL puts one row of hashtags under the header row so that tools such as HDX and the HXL
Proxy know what each column holds (https://hxlstandard.org). The columns are those of an
MMP export (formats.mmp.EXPORT_COLUMNS), plus the ISO 3166-1 alpha-3 code of the country
and the point as latitude and longitude. Text a spreadsheet would run as a formula is
quoted (formats.cells). Plain Python: no Django.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

from waypost.formats.cells import spreadsheet_safe
from waypost.formats.mmp import EXPORT_COLUMNS, Writable, export_cell

HASHTAGS = {
    "main_id": "#event+id+main",
    "incident_ids": "#event+id",
    "incident_type": "#event+type",
    "region": "#region+name",
    "date": "#date+occurred",
    "year": "#date+year",
    "month": "#date+month",
    "dead": "#affected+killed",
    "missing": "#affected+missing",
    "total": "#affected+killed+missing",
    "survivors": "#affected+survivors",
    "females": "#affected+f",
    "males": "#affected+m",
    "children": "#affected+children",
    "origin_countries": "#country+name+origin",
    "origin_region": "#region+name+origin",
    "causes": "#description+cause",
    "country": "#country+name",
    "route": "#description+route",
    "place": "#loc+name",
    "coordinates": "#geo+coord",
    "subregion": "#region+name+unsd",
    "source": "#meta+source",
    "url": "#meta+url",
    "source_quality": "#meta+quality",
}
EXTRA_COLUMNS = (
    ("Country ISO3", "country_iso3", "#country+code"),
    ("Latitude", "latitude", "#geo+lat"),
    ("Longitude", "longitude", "#geo+lon"),
)


def write_hxl_csv(incidents: Iterable[dict[str, Any]], out: Writable) -> None:
    writer = csv.writer(out)
    writer.writerow([name for name, _ in EXPORT_COLUMNS] + [name for name, _, _ in EXTRA_COLUMNS])
    writer.writerow([HASHTAGS[key] for _, key in EXPORT_COLUMNS] + [t for _, _, t in EXTRA_COLUMNS])
    keys = [key for _, key in EXPORT_COLUMNS] + [key for _, key, _ in EXTRA_COLUMNS]
    for incident in incidents:
        writer.writerow([spreadsheet_safe(export_cell(incident, key)) for key in keys])


def read_hxl_csv(text: str) -> list[dict[str, str]]:
    """Rows of an HXL-tagged CSV keyed by hashtag (the rows above the hashtag row skipped)."""
    rows = list(csv.reader(text.splitlines()))
    tag_row = next(i for i, row in enumerate(rows) if row and row[0].startswith("#"))
    tags = rows[tag_row]
    return [dict(zip(tags, row, strict=False)) for row in rows[tag_row + 1 :] if any(row)]
