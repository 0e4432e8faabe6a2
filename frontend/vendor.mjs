// Copies the front-end packages Waypost ships into its Python package, with their licences,
// so that `pip install` needs no npm and nothing is fetched at run time.
// Run with `make vendor` (npm ci, then this script); commit what it writes (docs/contributing.md).
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { feature, mesh } from "topojson-client";

const here = dirname(fileURLToPath(import.meta.url));
const src = join(here, "..", "src", "waypost");
const modules = join(here, "node_modules");
const require = createRequire(import.meta.url);

function packageOf(name) {
  return JSON.parse(readFileSync(join(modules, name, "package.json"), "utf8"));
}

function fresh(folder) {
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  return folder;
}

function copy(name, files, folder) {
  for (const [from, to] of files) copyFileSync(join(modules, name, from), join(folder, to ?? from.split("/").pop()));
}

function licenceText(name) {
  for (const file of ["LICENSE", "LICENSE.txt", "LICENSE.md", "license", "LICENCE"]) {
    try {
      return readFileSync(join(modules, name, file), "utf8");
    } catch {
      // try the next usual name
    }
  }
  return null;
}

// MapLibre GL JS bundles its npm dependencies into its dist files: their licences go beside it.
function bundledLicences(name) {
  const seen = new Set();
  const queue = Object.keys(packageOf(name).dependencies ?? {});
  while (queue.length) {
    const dependency = queue.shift();
    if (seen.has(dependency)) continue;
    seen.add(dependency);
    queue.push(...Object.keys(packageOf(dependency).dependencies ?? {}));
  }
  return [...seen]
    .sort()
    .map((dependency) => {
      const { version, license, author, repository } = packageOf(dependency);
      const text =
        licenceText(dependency) ??
        `The package has no licence file; its package.json says ${license}` +
          ` (author: ${typeof author === "object" ? author.name : author}; ${repository?.url ?? repository}).`;
      return `${dependency} ${version} (${license})\n\n${text.trim()}\n`;
    })
    .join("\n" + "-".repeat(78) + "\n\n");
}

// 1. MapLibre GL JS: the ES module build; the page's script loads its worker from the same
// folder (a same-origin module worker, which the strict CSP's script-src 'self' allows).
const maplibre = packageOf("maplibre-gl");
const maplibreDir = fresh(join(src, "core", "static", "vendor", "maplibre-gl"));
copy(
  "maplibre-gl",
  [["dist/maplibre-gl.mjs"], ["dist/maplibre-gl-worker.mjs"], ["dist/maplibre-gl.css"], ["LICENSE.txt"]],
  maplibreDir,
);
// The source maps are not shipped: drop the comments that name them.
for (const file of ["maplibre-gl.mjs", "maplibre-gl-worker.mjs", "maplibre-gl.css"]) {
  const path = join(maplibreDir, file);
  writeFileSync(path, readFileSync(path, "utf8").replace(/\n\/[/*]# sourceMappingURL=\S+( \*\/)?\s*$/, "\n"));
}
writeFileSync(join(maplibreDir, "THIRD-PARTY-LICENSES.txt"), bundledLicences("maplibre-gl"));
writeFileSync(join(maplibreDir, "VERSION.txt"), `maplibre-gl ${maplibre.version} (${maplibre.license})\n`);

// 2. The offline basemap: Natural Earth 1:50m land and borders between countries (public
// domain), from world-atlas's TopoJSON, as GeoJSON with coordinates to 0.001 degree
// (about 100 m, finer than the 1:50m data).
const atlas = packageOf("world-atlas");
const round = (value) => Math.round(value * 1000) / 1000;
const rounded = (key, value) =>
  Array.isArray(value) && typeof value[0] === "number" ? value.map(round) : value;
// world-atlas winds rings as d3-geo does (exterior clockwise), the opposite of GeoJSON's
// RFC 7946 (exterior counterclockwise).
const signedArea = (ring) =>
  ring.reduce((sum, [x, y], i) => {
    const [nx, ny] = ring[(i + 1) % ring.length];
    return sum + x * ny - nx * y;
  }, 0);
const rewound = (polygon) =>
  polygon.map((ring, i) => ((signedArea(ring) > 0) === (i === 0) ? ring : [...ring].reverse()));
// world-atlas rings are spherical: Russia, Wrangel Island and Fiji jump from 180 to -180
// degrees, and Antarctica's coast goes round the pole. On the plane MapLibre tiles, such a
// jump draws a band of land across the world. A ring that crosses and comes back is made
// continuous (longitudes beyond 180, which MapLibre wraps); one that goes round a pole is
// closed along the pole's edge of the map, and the ring of the pole itself dropped.
const jumps = (ring) => ring.slice(1).filter((point, i) => Math.abs(point[0] - ring[i][0]) > 180).length;
function continuous(ring) {
  let offset = 0;
  const line = ring.map((point, i) => {
    if (i > 0) {
      const step = point[0] - ring[i - 1][0];
      if (step < -180) offset += 360;
      if (step > 180) offset -= 360;
    }
    return [point[0] + offset, point[1]];
  });
  // Most of the ring stays within -180 to 180 degrees; only the part past the line leaves it.
  const outside = line.filter(([x]) => x > 180).length - line.filter(([x]) => x < -180).length;
  const shift = Math.abs(outside) > line.length / 2 ? -360 * Math.sign(outside) : 0;
  return line.map(([x, y]) => [x + shift, y]);
}
function aroundThePole(ring) {
  const open = ring.slice(0, -1);
  const after = open.findIndex((point, i) => i > 0 && Math.abs(point[0] - open[i - 1][0]) > 180);
  const line = [...open.slice(after), ...open.slice(0, after)];
  const pole = line.reduce((sum, point) => sum + point[1], 0) < 0 ? -90 : 90;
  const [first, last] = [line[0], line[line.length - 1]];
  return [...line, [last[0], pole], [first[0], pole], first];
}
function planar(polygon) {
  const crossing = polygon.filter((ring) => jumps(ring) % 2 === 1);
  if (crossing.length) {
    const coast = crossing.reduce((a, b) => (b.length > a.length ? b : a));
    return [aroundThePole(coast), ...polygon.filter((ring) => jumps(ring) === 0)];
  }
  return polygon.map(continuous);
}
function rewind(geometry) {
  if (geometry.type === "Polygon") return { ...geometry, coordinates: rewound(planar(geometry.coordinates)) };
  if (geometry.type === "MultiPolygon")
    return { ...geometry, coordinates: geometry.coordinates.map((polygon) => rewound(planar(polygon))) };
  if (geometry.type === "MultiLineString") return { ...geometry, coordinates: geometry.coordinates.map(continuous) };
  return geometry;
}
const basemapDir = fresh(join(src, "incidents", "static", "incidents", "basemap"));
const land = JSON.parse(readFileSync(require.resolve("world-atlas/land-50m.json"), "utf8"));
const landFeatures = feature(land, land.objects.land);
landFeatures.features = landFeatures.features.map((item) => ({ ...item, geometry: rewind(item.geometry) }));
writeFileSync(join(basemapDir, "land-50m.geojson"), JSON.stringify(landFeatures, rounded));
const countries = JSON.parse(readFileSync(require.resolve("world-atlas/countries-50m.json"), "utf8"));
const borders = mesh(countries, countries.objects.countries, (a, b) => a !== b);
writeFileSync(
  join(basemapDir, "borders-50m.geojson"),
  JSON.stringify({ type: "Feature", properties: {}, geometry: rewind(borders) }, rounded),
);
writeFileSync(join(basemapDir, "LICENSE-world-atlas.txt"), licenceText("world-atlas"));
writeFileSync(
  join(basemapDir, "ATTRIBUTION.md"),
  `# Basemap of the interactive incident map

\`land-50m.geojson\` (land) and \`borders-50m.geojson\` (borders between countries): Natural
Earth 1:50m (public domain, https://www.naturalearthdata.com), as packaged in TopoJSON by the
npm package \`world-atlas\` ${atlas.version} (${atlas.license} licence, \`LICENSE-world-atlas.txt\`),
converted to GeoJSON by \`frontend/vendor.mjs\` with \`topojson-client\`
${packageOf("topojson-client").version} (ISC). Written by \`make vendor\`: do not edit.
`,
);

// 3. axe-core, for the accessibility tests only: a test folder, never a static one.
const axe = packageOf("axe-core");
const axeDir = fresh(join(src, "core", "tests", "vendor", "axe-core"));
copy("axe-core", [["axe.min.js"], ["LICENSE"], ["LICENSE-3RD-PARTY.txt"]], axeDir);
writeFileSync(join(axeDir, "VERSION.txt"), `axe-core ${axe.version} (${axe.license})\n`);

console.log(
  `vendored maplibre-gl ${maplibre.version}, world-atlas ${atlas.version}, axe-core ${axe.version}`,
);
