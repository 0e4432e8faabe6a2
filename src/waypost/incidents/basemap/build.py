"""Build ``land-110m.svgpath`` from the npm package world-atlas (Natural Earth 110m land).

Run once when updating the basemap:  python build.py /path/to/world-atlas/land-110m.json
The output is SVG path data on the equirectangular 360 x 180 plane the incident map uses
(x = longitude + 180, y = 90 - latitude). Written by hand because it is twenty lines:
TopoJSON arcs are delta-encoded and quantised, and no maintained Python package decodes
them without pulling in a geometry stack.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def build(topojson_path: str) -> str:
    topology = json.loads(Path(topojson_path).read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indexes: list[int]) -> list[tuple[float, float]]:
        points: list[tuple[float, float]] = []
        for index in indexes:
            arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
            points.extend(arc[1:] if points else arc)
        return points

    commands = []
    for geometry in topology["objects"]["land"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for polygon in polygons:
            for indexes in polygon:
                points = ring(indexes)
                commands.append(
                    "M" + "L".join(f"{lon + 180:.1f} {90 - lat:.1f}" for lon, lat in points) + "Z"
                )
    return "".join(commands)


if __name__ == "__main__":
    Path(__file__).with_name("land-110m.svgpath").write_text(build(sys.argv[1]), encoding="utf-8")
