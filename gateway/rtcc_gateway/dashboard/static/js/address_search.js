// Address search for the map: the registry's own camera addresses and names always, the named
// places of the basemap itself (an offline city's corners), and the city's geocoder when the
// gateway has one (asked through the gateway, which bounds the wait).

import { getJson } from "./api.js";
import { cameraLabel } from "./cameras.js";

const MAX_LOCAL = 8;

function words(text) {
  return text
    .toLowerCase()
    .replace(/&|\band\b/g, " ")
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

function matches(query, text) {
  const have = new Set(words(text));
  const haveList = [...have];
  // Every word asked is in the text (the last one may be a prefix: the analyst is typing).
  return query.every((word, i) => have.has(word) || (i === query.length - 1 && haveList.some((w) => w.startsWith(word))));
}

export function cameraPlaces(text, cameras) {
  const query = words(text);
  if (!query.length) return [];
  return cameras
    .filter((camera) => matches(query, `${cameraLabel(camera)} ${camera.location.address || ""} ${camera.external_id || ""}`))
    .slice(0, MAX_LOCAL)
    .map((camera) => ({
      label: camera.location.address ? `${camera.location.address} — ${cameraLabel(camera)}` : cameraLabel(camera),
      lat: camera.location.lat,
      lon: camera.location.lon,
      source: "camera",
      cameraId: camera.id,
    }));
}

export function basemapPlaces(text, named) {
  const query = words(text);
  if (!query.length) return [];
  return named
    .filter((place) => matches(query, place.label))
    .slice(0, MAX_LOCAL)
    .map((place) => ({ ...place, source: "map" }));
}

// Named points of the basemap's GeoJSON sources (an intersection, a plaza), as loaded.
export function namedPoints(map) {
  const seen = new Map();
  for (const [id, source] of Object.entries(map.getStyle().sources || {})) {
    if (source.type !== "geojson" || ["cameras", "cones", "selection", "hits"].includes(id)) continue;
    for (const feature of map.querySourceFeatures(id)) {
      const name = feature.properties && feature.properties.name;
      if (!name || feature.geometry.type !== "Point" || seen.has(name)) continue;
      const [lon, lat] = feature.geometry.coordinates;
      seen.set(name, { label: name, lat, lon });
    }
  }
  return [...seen.values()];
}

export async function geocoderPlaces(text, bounds) {
  const viewbox = bounds ? [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()].map((v) => v.toFixed(5)).join(",") : "";
  const reply = await getJson("/v1/map/geocode", { q: text, viewbox });
  return reply.places.map((place) => ({ ...place, source: "geocoder" }));
}
