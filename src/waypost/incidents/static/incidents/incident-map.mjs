// The interactive incident map of the statistics page: MapLibre GL JS (vendored, see
// docs/contributing.md) over an offline Natural Earth basemap, incidents clustered, filters
// by year, route and cause. The static SVG map stays for browsers without JavaScript or WebGL.
import { Map as MapLibreMap, Marker, NavigationControl } from "../vendor/maplibre-gl/maplibre-gl.mjs";

const root = document.getElementById("incident-map");
const staticMap = document.querySelector(".incident-map-static");
const strings = JSON.parse(document.getElementById("incident-map-strings")?.textContent || "{}");
const language = document.documentElement.lang || "en";
const rightToLeft = document.documentElement.dir === "rtl";
// Western digits, as the server writes them in every language.
const numbers = new Intl.NumberFormat(`${language}-u-nu-latn`);

function webglWorks() {
  const canvas = document.createElement("canvas");
  return Boolean(canvas.getContext("webgl2") || canvas.getContext("webgl"));
}

function fill(template, values) {
  return template.replace(/%\((\w+)\)s/g, (whole, name) => values[name] ?? whole);
}

function when(text) {
  if (!text) return strings.unknown_date;
  const [year, month, day] = text.split("-").map(Number);
  if (!month) return text;
  const options = day ? { dateStyle: "long" } : { year: "numeric", month: "long" };
  return new Intl.DateTimeFormat(`${language}-u-nu-latn`, { ...options, timeZone: "UTC" }).format(
    new Date(Date.UTC(year, (month || 1) - 1, day || 1)),
  );
}

function clusterSize(count) {
  return count < 10 ? "size-s" : count < 100 ? "size-m" : count < 1000 ? "size-l" : "size-xl";
}

function asFeatures(payload) {
  const column = Object.fromEntries(payload.columns.map((name, index) => [name, index]));
  return {
    type: "FeatureCollection",
    features: payload.points.map((row, index) => ({
      type: "Feature",
      id: index,
      geometry: { type: "Point", coordinates: [row[column.longitude], row[column.latitude]] },
      properties: {
        people: row[column.dead_and_missing],
        date: row[column.date],
        ...(column.incident === undefined ? {} : { incident: row[column.incident] }),
      },
    })),
  };
}

// The style names its basemap files relative to itself; MapLibre wants them absolute.
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
  const form = root.querySelector(".map-filters");
  const status = root.querySelector(".map-status");
  const incidentUrl = (id) => root.dataset.incidentUrl.replace(/0\/$/, `${id}/`);
  const markers = new Map();
  let shown = { incidents: 0, people: 0 };

  root.hidden = false;
  const map = new MapLibreMap({
    container: root.querySelector(".map-canvas"),
    style: await basemapStyle(),
    // From the Pacific coast of the Americas to Australia, where the routes are, at any width.
    bounds: [
      [-125, -45],
      [155, 62],
    ],
    minZoom: 0,
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
  // For the browser tests and whoever debugs the page: the map behind the element.
  root.maplibre = map;

  function clusterElement(feature) {
    const { point_count: count, people, cluster_id: clusterId } = feature.properties;
    const button = document.createElement("button");
    button.type = "button";
    button.className = `map-cluster ${clusterSize(count)}`;
    button.textContent = numbers.format(count);
    button.setAttribute(
      "aria-label",
      fill(strings.cluster, { incidents: numbers.format(count), people: numbers.format(people) }),
    );
    button.addEventListener("click", async (event) => {
      event.stopPropagation();
      const zoom = await map.getSource("incidents").getClusterExpansionZoom(clusterId);
      map.easeTo({ center: feature.geometry.coordinates, zoom });
      map.getCanvas().focus();
    });
    return button;
  }

  function pointElement(feature) {
    const { people, date, incident } = feature.properties;
    const values = { when: when(date), people: numbers.format(people) };
    // Tiles drop properties that are null: a point without an incident has none.
    const linked = incident !== undefined && incident !== null;
    const element = document.createElement(linked ? "a" : "span");
    element.className = "map-point";
    if (!linked) {
      element.setAttribute("role", "img");
      element.setAttribute("aria-label", fill(strings.point, values));
    } else {
      element.href = incidentUrl(incident);
      element.setAttribute("aria-label", fill(strings.point_linked, values));
    }
    element.title = fill(strings.point, values);
    return element;
  }

  // Groups and single incidents on screen are HTML elements (focusable, read out); MapLibre's
  // invisible circle layer keeps the clustered source's tiles loaded for them.
  function refreshMarkers() {
    if (!map.getSource("incidents") || !map.isSourceLoaded("incidents")) return;
    const visible = new Set();
    for (const feature of map.querySourceFeatures("incidents")) {
      const { cluster, cluster_id: clusterId } = feature.properties;
      const key = cluster ? `c${clusterId}` : `p${feature.id}`;
      if (visible.has(key)) continue;
      visible.add(key);
      if (!markers.has(key)) {
        const element = cluster ? clusterElement(feature) : pointElement(feature);
        element.dataset.kind = cluster ? "cluster" : "point";
        markers.set(key, new Marker({ element }).setLngLat(feature.geometry.coordinates).addTo(map));
      }
    }
    for (const [key, marker] of markers) {
      if (!visible.has(key)) {
        marker.remove();
        markers.delete(key);
      }
    }
    root.dataset.markers = String(markers.size);
  }

  function clearMarkers() {
    for (const marker of markers.values()) marker.remove();
    markers.clear();
  }

  async function load() {
    const query = new URLSearchParams(new URL(root.dataset.pointsUrl, location.href).search);
    for (const [name, value] of new FormData(form)) {
      if (value) query.set(name, value);
      else query.delete(name);
    }
    status.textContent = strings.loading;
    root.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(`${root.dataset.pointsUrl.split("?")[0]}?${query}`, {
        headers: { Accept: "application/json" },
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const data = asFeatures(await response.json());
      shown = {
        incidents: data.features.length,
        people: data.features.reduce((sum, feature) => sum + feature.properties.people, 0),
      };
      clearMarkers();
      map.getSource("incidents").setData(data);
      status.textContent = fill(strings.status, {
        incidents: numbers.format(shown.incidents),
        people: numbers.format(shown.people),
      });
      root.dataset.points = String(shown.incidents);
    } catch (error) {
      status.textContent = strings.failed;
      if (staticMap) staticMap.hidden = false;
      throw error;
    } finally {
      root.removeAttribute("aria-busy");
    }
  }

  map.on("load", () => {
    map.addSource("incidents", {
      type: "geojson",
      data: { type: "FeatureCollection", features: [] },
      cluster: true,
      clusterRadius: 48,
      clusterMaxZoom: 12,
      clusterProperties: { people: ["+", ["get", "people"]] },
    });
    map.addLayer({
      id: "incidents",
      type: "circle",
      source: "incidents",
      paint: { "circle-radius": 1, "circle-opacity": 0, "circle-stroke-opacity": 0 },
    });
    map.on("idle", refreshMarkers);
    map.on("moveend", refreshMarkers);
    form.addEventListener("change", () => load());
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      load();
    });
    load().then(() => {
      if (staticMap) staticMap.hidden = true;
    });
  });
}

if (root && webglWorks()) start();
