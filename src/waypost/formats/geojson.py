"""GeoJSON (RFC 7946) of incidents: a FeatureCollection of points, MMP fields as properties.

Incidents without coordinates are left out (GeoJSON features need a geometry); the
coordinates are [longitude, latitude], as RFC 7946 orders them. GIS tools turn properties
into table cells, so text a spreadsheet would run as a formula is quoted as in the CSV
exports (formats.cells); numbers stay numbers. Plain Python: no Django.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from waypost.formats.cells import spreadsheet_safe
from waypost.formats.mmp import EXPORT_COLUMNS, export_cell

COUNTS = ("dead", "missing", "total", "survivors", "females", "males", "children")


def _property(incident: dict[str, Any], key: str) -> Any:
    if key in COUNTS:
        text = export_cell(incident, key)
        return int(text) if text else None
    if key in ("causes", "incident_ids", "origin_iso3"):
        return [spreadsheet_safe(str(item)) for item in incident.get(key) or []]
    return spreadsheet_safe(export_cell(incident, key)) or None


def to_geojson(incidents: Iterable[dict[str, Any]]) -> dict[str, Any]:
    keys = [key for _, key in EXPORT_COLUMNS if key != "coordinates"] + ["country_iso3"]
    features = [
        {
            "type": "Feature",
            "id": spreadsheet_safe(str(incident.get("mmp_id") or "")) or incident.get("id"),
            "geometry": {
                "type": "Point",
                "coordinates": [incident["longitude"], incident["latitude"]],
            },
            "properties": {key: _property(incident, key) for key in keys},
        }
        for incident in incidents
        if incident.get("latitude") is not None and incident.get("longitude") is not None
    ]
    return {"type": "FeatureCollection", "features": features}


def dumps(incidents: Iterable[dict[str, Any]]) -> str:
    return json.dumps(to_geojson(incidents), ensure_ascii=False)
