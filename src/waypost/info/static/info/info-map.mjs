// The map of the information pages: MapLibre GL JS (vendored) over the incidents map's
// offline Natural Earth basemap, one link per service or information point listed on the
// page (the page's own list, in #info-map-places). Without JavaScript or WebGL the list
// stays the way to the places; nothing is fetched from another site. Once seen, the map's
// files are in the service worker's cache like the rest of the pages.
import { Map as MapLibreMap, Marker, NavigationControl } from "../vendor/maplibre-gl/maplibre-gl.mjs";

const root = document.getElementById("info-map");
const places = JSON.parse(document.getElementById("info-map-places")?.textContent || "[]");
const strings = JSON.parse(document.getElementById("info-map-strings")?.textContent || "{}");
const rightToLeft = document.documentElement.dir === "rtl";

function webglWorks() {
  const canvas = document.createElement("canvas");
  return Boolean(canvas.getContext("webgl2") || canvas.getContext("webgl"));
}

async function basemapStyle() {
  const url = new URL(root.dataset.styleUrl, location.href);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
  const style = await response.json();
  for (const source of Object.values(style.sources)) {
    if (typeof source.data === "string") source.data = new URL(source.data, url).href;
  }
  return style;
}

async function start() {
  const located = places.filter((place) => place.lat !== null && place.lon !== null);
  if (!located.length) return;
  root.hidden = false;
  const lons = located.map((place) => place.lon);
  const lats = located.map((place) => place.lat);
  const map = new MapLibreMap({
    container: root.querySelector(".map-canvas"),
    style: await basemapStyle(),
    bounds: [
      [Math.min(...lons) - 1, Math.min(...lats) - 1],
      [Math.max(...lons) + 1, Math.max(...lats) + 1],
    ],
    maxZoom: 14,
    renderWorldCopies: false,
    dragRotate: false,
    pitchWithRotate: false,
    touchPitch: false,
    attributionControl: { compact: true },
    locale: strings,
  });
  map.keyboard.disableRotation();
  map.touchZoomRotate.disableRotation();
  map.addControl(new NavigationControl({ showCompass: false }), rightToLeft ? "top-left" : "top-right");
  root.maplibre = map;
  for (const place of located) {
    const link = document.createElement("a");
    link.className = `map-point info-map-${place.kind}`;
    link.href = place.url;
    link.setAttribute("aria-label", place.name);
    link.title = place.name;
    new Marker({ element: link }).setLngLat([place.lon, place.lat]).addTo(map);
  }
}

if (root && webglWorks()) start().catch(() => { root.hidden = true; });
