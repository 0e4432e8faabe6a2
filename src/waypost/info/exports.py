"""Published information points and services as GeoJSON and HXL-tagged CSV.

HXL hashtags: ``#org`` (operator or provider), ``#service`` (its kind), ``#loc`` (the place
and its name), ``#geo`` (coordinates), ``#language`` (spoken there). Cells a spreadsheet
would run as a formula are quoted (formats.cells). No personal data: public listings.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from waypost.formats.cells import spreadsheet_safe
from waypost.info import selectors

HXL_COLUMNS = (
    ("Record", "record", "#meta+type"),
    ("Id", "id", "#meta+id"),
    ("Name", "name", "#loc+name"),
    ("Organisation", "org", "#org+name"),
    ("Service", "service", "#service+type"),
    ("Place", "place", "#loc+place"),
    ("Latitude", "lat", "#geo+lat"),
    ("Longitude", "lon", "#geo+lon"),
    ("Languages", "languages", "#language+spoken"),
    ("Hours", "hours", "#service+hours"),
    ("Contact", "contact", "#contact"),
)


def rows(language: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for point in selectors.points_public():
        output = selectors.point_output(point, language)
        found.append(
            {
                "record": "information_point",
                "id": f"point-{output['id']}",
                "name": output["name"],
                "org": output["operator"],
                "service": output["kind"],
                "place": output["place"],
                "lat": output["latitude"],
                "lon": output["longitude"],
                "languages": output["languages"],
                "hours": output["hours"],
                "contact": output["contact"],
            }
        )
    for service in selectors.services_search(selectors.ServiceQuery(language=language)):
        found.append(
            {
                "record": "service",
                "id": f"service-{service['id']}",
                "name": service["name"],
                "org": service["provider"],
                "service": service["type"],
                "place": service["location"]["place"],
                "lat": service["location"]["lat"],
                "lon": service["location"]["lon"],
                "languages": service["languages"],
                "hours": service["hours"],
                "contact": service["contact"],
            }
        )
    return found


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def hxl_csv(language: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([name for name, _key, _tag in HXL_COLUMNS])
    writer.writerow([tag for _name, _key, tag in HXL_COLUMNS])
    for row in rows(language):
        writer.writerow([spreadsheet_safe(_cell(row[key])) for _name, key, _tag in HXL_COLUMNS])
    return out.getvalue()


def geojson(language: str) -> str:
    features = []
    for row in rows(language):
        geometry = (
            {"type": "Point", "coordinates": [row["lon"], row["lat"]]}
            if row["lat"] is not None and row["lon"] is not None
            else None
        )
        properties = {key: value for key, value in row.items() if key not in ("lat", "lon")}
        features.append({"type": "Feature", "geometry": geometry, "properties": properties})
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
