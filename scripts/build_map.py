"""Build registry/data/world_paths.json, the outlines the membership map draws.

Run once when the outlines should change, not at runtime (the site needs neither npm nor the
network). The source is Natural Earth 1:110m (public domain) as TopoJSON in the npm package
`world-atlas`; ISO numeric ids become ISO 3166-1 alpha-2 codes through `pycountry` (a dev
dependency). Each country is projected with the Equal Earth projection, cropped to the
inhabited latitudes, and written as one SVG path in a 1000-unit-wide view box.

    npm install --prefix /tmp/wa world-atlas@2.0.2
    .venv/bin/python scripts/build_map.py /tmp/wa/node_modules/world-atlas/countries-110m.json
"""

import argparse
import itertools
import json
import math
from pathlib import Path

import pycountry

OUTPUT = Path(__file__).resolve().parent.parent / "registry" / "data" / "world_paths.json"
WIDTH = 1000
MIN_STEP = 8  # tenths of a unit: steps shorter than this are dropped
NORTH, SOUTH = 84.0, -56.0  # Antarctica and the empty far south are left out
LEFT_OUT = {"010"}  # Antarctica
# Equal Earth (Šavrič, Patterson and Jenny, 2018)
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2
X_MAX = math.pi / (M * A1)  # the projected x of longitude 180 on the equator


def equal_earth(lon: float, lat: float) -> tuple[float, float]:
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(M * math.sin(phi))
    t2, t6 = theta**2, theta**6
    x = lam * math.cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, y


def decode_arcs(topology) -> list[list[tuple[float, float]]]:
    """TopoJSON's quantized, delta-encoded arcs as lists of (longitude, latitude)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(ring: list[int], arcs) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def unwrapped(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """A ring that crosses the antimeridian (Russia's Chukotka, Fiji) kept on one side of it,
    its far points held at longitude ±180, so it is not drawn right across the map."""
    if all(abs(a[0] - b[0]) <= 180 for a, b in itertools.pairwise(ring)):
        return ring
    east = sum(lon for lon, _ in ring) >= 0
    moved = [
        (lon + 360 if east and lon < 0 else lon - 360 if not east and lon > 0 else lon, lat)
        for lon, lat in ring
    ]
    return [(max(-180.0, min(180.0, lon)), lat) for lon, lat in moved]


def polygons(geometry) -> list[list[list[int]]]:
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def number(tenths: int) -> str:
    """A length in tenths of a unit, written short: 12 -> '1.2', -3 -> '-.3', 40 -> '4'."""
    text = f"{tenths / 10:g}"
    return text.replace("0.", ".", 1) if text.startswith(("0.", "-0.")) else text


def close_to(a, b) -> bool:
    """Within the smallest step worth drawing (a simplification of the 1:110m outlines)."""
    return abs(a[0] - b[0]) + abs(a[1] - b[1]) < MIN_STEP


def svg_path(rings, to_view) -> str:
    """Rings as one SVG path in relative moves of a tenth of a unit, tiny steps dropped."""
    parts = []
    for ring in rings:
        points = []
        for lon, lat in ring:
            point = to_view(lon, lat)
            if not points or not close_to(point, points[-1]):
                points.append(point)
        if len(points) < 3:
            continue
        (x0, y0), moves = points[0], []
        for (xa, ya), (xb, yb) in itertools.pairwise(points):
            moves.append(number(xb - xa) + ("," if yb >= ya else "") + number(yb - ya))
        parts.append(f"M{number(x0)},{number(y0)}l" + " ".join(moves) + "z")
    return "".join(parts)


def build(topology) -> dict:
    arcs = decode_arcs(topology)
    _, top = equal_earth(0, NORTH)
    _, bottom = equal_earth(0, SOUTH)
    scale = WIDTH / (2 * X_MAX)
    height = round((top - bottom) * scale)

    def to_view(lon, lat):
        x, y = equal_earth(lon, max(min(lat, NORTH), SOUTH))
        return round((x + X_MAX) * scale * 10), round((top - y) * scale * 10)

    shapes: dict[str, str] = {}
    unassigned = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        number = geometry.get("id")
        if number in LEFT_OUT:
            continue
        rings = [
            unwrapped(ring_points(ring, arcs)) for polygon in polygons(geometry) for ring in polygon
        ]
        path = svg_path(rings, to_view)
        country = pycountry.countries.get(numeric=number) if number else None
        if country:
            shapes[country.alpha_2] = shapes.get(country.alpha_2, "") + path
        else:  # areas without an ISO code of their own (Kosovo, N. Cyprus, Somaliland)
            unassigned.append(path)
    return {
        "source": "Natural Earth 1:110m (public domain) via world-atlas 2.0.2, Equal Earth",
        "viewBox": f"0 0 {WIDTH} {height}",
        "shapes": dict(sorted(shapes.items())),
        "unassigned": "".join(unassigned),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topojson", type=Path, help="countries-110m.json from world-atlas")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    data = build(json.loads(args.topojson.read_text()))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(data, separators=(",", ":")) + "\n")
    print(f"{len(data['shapes'])} countries written to {args.output}")


if __name__ == "__main__":
    main()
