"""Exchange formats of a release: HXL-tagged CSV (HDX) and SDMX-CSV (statistical offices).

A suppressed cell is published empty, flagged: HXL ``#meta+suppressed`` is ``1``, SDMX's
``CONF_STATUS`` is ``C`` (confidential, from SDMX's code list CL_CONF_STATUS) where a value
is free (``F``). Numbers are written as plain digits, never localised.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

# HXL hashtags of the dimensions a release can have (HXL core schema: #region, #date, #loc,
# #affected with the +killed and +missing attributes).
HXL_TAGS = {
    "region": "#region+name",
    "un_region": "#region+un",
    "year": "#date+year",
    "route": "#loc+route",
    "sex": "#meta+sex",
    "age_group": "#meta+age",
    "nationality": "#country+code+nationality",
}
# What a release's value counts, per dataset: (column, hashtag).
HXL_VALUES = {
    "incidents": ("dead_and_missing", "#affected+killed+missing+num"),
    "missing-persons": ("missing_persons", "#affected+missing+num"),
}
HXL_SUPPRESSED = "#meta+suppressed"

SDMX_DIMENSIONS = {"region": "REF_AREA", "un_region": "UN_REGION", "year": "TIME_PERIOD"}
SDMX_DATAFLOW = "WAYPOST:{dataset}(1.0)"


def hxl_csv(cells: Iterable[Mapping[str, Any]], dimensions: Sequence[str], *, dataset: str) -> str:
    """The cells as CSV with a header row and an HXL hashtag row under it."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    name, tag = HXL_VALUES.get(dataset, ("value", "#indicator+num"))
    writer.writerow([*dimensions, name, "suppressed"])
    writer.writerow([*(HXL_TAGS.get(d, "#meta") for d in dimensions), tag, HXL_SUPPRESSED])
    for cell in cells:
        value = "" if cell["value"] is None else str(int(cell["value"]))
        writer.writerow([*(cell[d] for d in dimensions), value, "1" if cell["suppressed"] else "0"])
    return out.getvalue()


def sdmx_csv(cells: Iterable[Mapping[str, Any]], dimensions: Sequence[str], *, dataset: str) -> str:
    """The cells as SDMX-CSV 1.0: DATAFLOW, one column per dimension, OBS_VALUE and the
    observation's confidentiality."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    columns = [SDMX_DIMENSIONS.get(d, d.upper()) for d in dimensions]
    writer.writerow(["DATAFLOW", *columns, "OBS_VALUE", "CONF_STATUS"])
    flow = SDMX_DATAFLOW.format(dataset=dataset.upper())
    for cell in cells:
        value = "" if cell["value"] is None else str(int(cell["value"]))
        writer.writerow(
            [flow, *(cell[d] for d in dimensions), value, "C" if cell["suppressed"] else "F"]
        )
    return out.getvalue()
