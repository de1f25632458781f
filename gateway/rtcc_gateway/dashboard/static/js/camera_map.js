// The camera map drawn by MapLibre GL JS (vendored, BSD-3-Clause: vendor/maplibre-gl-LICENSE.txt)
// over the basemap the city configured: cameras clustered, coloured by ownership and ringed by
// health, with view cones where their heading and field of view are known.

import { LngLatBounds, Map as MapLibreMap, NavigationControl, ScaleControl } from "../vendor/maplibre-gl.mjs";
import { getJson } from "./api.js";
import { cameraLabel } from "./cameras.js";
import { conePolygon } from "./geo.js";

export const OWNERSHIP_COLOURS = { city: "#4ea1ff", business: "#c678dd", resident: "#3fb950" };
export const HEALTH_COLOURS = { online: "#ffffff", offline: "#f85149", unknown: "#9aa3ae" };
const CONE_REACH_M = 45;
const EMPTY = { type: "FeatureCollection", features: [] };

// A style's sources may name their data relative to the style file; MapLibre fetches them from
// its workers, where a relative URL would not resolve against the page.
function absoluteStyle(style, base) {
  const resolve = (url) => (typeof url === "string" ? new URL(url, base).href : url);
  for (const source of Object.values(style.sources || {})) {
    if (typeof source.data === "string") source.data = resolve(source.data);
    if (source.url) source.url = resolve(source.url);
    if (Array.isArray(source.tiles)) source.tiles = source.tiles.map((t) => decodeURI(resolve(t)));
  }
  for (const key of ["sprite", "glyphs"]) if (typeof style[key] === "string") style[key] = decodeURI(resolve(style[key]));
  return style;
}

function plainStyle() {
  return { version: 8, sources: {}, layers: [{ id: "ground", type: "background", paint: { "background-color": "#20252c" } }] };
}

// The basemap the gateway's settings name, or a plain ground with the reason why.
export async function loadBasemap() {
  const config = await getJson("/v1/map/config");
  if (config.style_url) {
    const url = new URL(config.style_url, location.href).href;
    try {
      const reply = await fetch(url);
      if (!reply.ok) throw new Error(`HTTP ${reply.status}`);
      return { config, style: absoluteStyle(await reply.json(), url), note: null };
    } catch (error) {
      return { config, style: plainStyle(), note: `The basemap (${config.style_url}) could not be loaded: ${error.message}.` };
    }
  }
  if (config.raster_tiles_url) {
    const style = {
      version: 8,
      sources: { base: { type: "raster", tiles: [config.raster_tiles_url], tileSize: 256, attribution: config.attribution || "" } },
      layers: [{ id: "base", type: "raster", source: "base" }],
    };
    return { config, style, note: null };
  }
  return { config, style: plainStyle(), note: "No basemap is configured (RTCC_GATEWAY_MAP_STYLE_URL): cameras are drawn on a plain ground." };
}

export function cameraFeatures(cameras) {
  return {
    type: "FeatureCollection",
    features: cameras.map((camera) => ({
      type: "Feature",
      id: undefined,
      properties: {
        id: camera.id,
        name: cameraLabel(camera),
        address: camera.location.address || "",
        ownership: camera.ownership,
        health: camera.health?.state || "unknown",
      },
      geometry: { type: "Point", coordinates: [camera.location.lon, camera.location.lat] },
    })),
  };
}

export function coneFeatures(cameras) {
  const features = [];
  for (const camera of cameras) {
    const { heading_deg: heading, field_of_view_deg: fov, lat, lon } = camera.location;
    if (heading === null || heading === undefined || !fov) continue;
    features.push({
      type: "Feature",
      properties: { id: camera.id, ownership: camera.ownership },
      geometry: conePolygon(lat, lon, heading, Math.min(fov, 359), CONE_REACH_M),
    });
  }
  return { type: "FeatureCollection", features };
}

const byOwnership = ["match", ["get", "ownership"], "city", OWNERSHIP_COLOURS.city, "business", OWNERSHIP_COLOURS.business, OWNERSHIP_COLOURS.resident];
const byHealth = ["match", ["get", "health"], "online", HEALTH_COLOURS.online, "offline", HEALTH_COLOURS.offline, HEALTH_COLOURS.unknown];

function addCameraLayers(map, cameras) {
  map.addSource("cones", { type: "geojson", data: coneFeatures(cameras) });
  map.addLayer({ id: "camera-cones", type: "fill", source: "cones", minzoom: 15, paint: { "fill-color": byOwnership, "fill-opacity": 0.22 } });
  map.addSource("selection", { type: "geojson", data: EMPTY });
  map.addLayer({ id: "selection-fill", type: "fill", source: "selection", filter: ["==", ["geometry-type"], "Polygon"], paint: { "fill-color": "#d29922", "fill-opacity": 0.12 } });
  map.addLayer({ id: "selection-line", type: "line", source: "selection", paint: { "line-color": "#d29922", "line-width": 2, "line-dasharray": [2, 1] } });
  map.addLayer({ id: "selection-points", type: "circle", source: "selection", filter: ["==", ["geometry-type"], "Point"], paint: { "circle-radius": 5, "circle-color": "#d29922", "circle-stroke-color": "#000", "circle-stroke-width": 1 } });
  map.addSource("cameras", {
    type: "geojson",
    data: cameraFeatures(cameras),
    cluster: true,
    clusterRadius: 44,
    clusterMaxZoom: 15,
    clusterProperties: { offline: ["+", ["case", ["==", ["get", "health"], "offline"], 1, 0]] },
  });
  map.addLayer({
    id: "camera-clusters",
    type: "circle",
    source: "cameras",
    filter: ["has", "point_count"],
    paint: {
      "circle-color": ["step", ["get", "point_count"], "#2f6fb5", 25, "#3d5fa8", 100, "#5b4a9e"],
      "circle-radius": ["step", ["get", "point_count"], 15, 25, 20, 100, 26, 500, 32],
      "circle-stroke-color": ["case", [">", ["get", "offline"], 0], HEALTH_COLOURS.offline, "#d7e3f4"],
      "circle-stroke-width": 2.5,
      "circle-opacity": 0.9,
    },
  });
  map.addLayer({
    id: "camera-cluster-count",
    type: "symbol",
    source: "cameras",
    filter: ["has", "point_count"],
    layout: { "text-field": ["get", "point_count_abbreviated"], "text-font": ["sans-serif"], "text-size": 13, "text-allow-overlap": true },
    paint: { "text-color": "#ffffff" },
  });
  map.addLayer({
    id: "camera-points",
    type: "circle",
    source: "cameras",
    filter: ["!", ["has", "point_count"]],
    paint: {
      "circle-color": byOwnership,
      "circle-radius": ["interpolate", ["linear"], ["zoom"], 12, 5, 17, 9],
      "circle-stroke-color": byHealth,
      "circle-stroke-width": ["match", ["get", "health"], "offline", 3.5, 2],
    },
  });
  map.addSource("hits", { type: "geojson", data: EMPTY });
  map.addLayer({ id: "camera-hits", type: "circle", source: "hits", paint: { "circle-radius": 13, "circle-color": "rgba(0,0,0,0)", "circle-stroke-color": "#ffd33d", "circle-stroke-width": 3 } });
  map.addLayer({
    id: "camera-labels",
    type: "symbol",
    source: "cameras",
    filter: ["!", ["has", "point_count"]],
    minzoom: 15.5,
    layout: { "text-field": ["get", "name"], "text-font": ["sans-serif"], "text-size": 12, "text-offset": [0, 1.3], "text-anchor": "top", "text-optional": true },
    paint: { "text-color": "#ffffff", "text-halo-color": "#000000", "text-halo-width": 1.5 },
  });
}

export function boundsOf(cameras) {
  const bounds = new LngLatBounds();
  for (const camera of cameras) bounds.extend([camera.location.lon, camera.location.lat]);
  return bounds;
}

// The map in `container`; resolves once the basemap and the cameras are drawn. `renderMs` is the
// time from creating the map to its first complete frame with every camera.
export async function cameraMap(container, cameras, basemap, { onCamera, onCluster, onGround }) {
  const started = performance.now();
  const map = new MapLibreMap({
    container,
    style: basemap.style,
    center: basemap.style.center || [-87.63, 41.878],
    zoom: basemap.style.zoom || 14,
    attributionControl: { compact: true },
    dragRotate: false,
    pitchWithRotate: false,
  });
  map.touchZoomRotate.disableRotation();
  map.addControl(new NavigationControl({ showCompass: false }), "top-right");
  map.addControl(new ScaleControl({ unit: "metric" }), "bottom-left");
  await new Promise((resolve, reject) => {
    map.once("load", resolve);
    map.once("error", (event) => reject(event.error || new Error("the map could not start")));
  });
  const loadedMs = Math.round(performance.now() - started);
  addCameraLayers(map, cameras);
  if (cameras.length) map.fitBounds(boundsOf(cameras), { padding: 60, maxZoom: 16.2, duration: 0 });
  await new Promise((resolve) => map.once("idle", resolve));
  const renderMs = Math.round(performance.now() - started);

  map.on("click", "camera-clusters", async (event) => {
    const feature = event.features[0];
    const zoom = await map.getSource("cameras").getClusterExpansionZoom(feature.properties.cluster_id);
    map.easeTo({ center: feature.geometry.coordinates, zoom: Math.min(zoom, 18) });
    if (onCluster) onCluster(feature);
  });
  map.on("click", "camera-points", (event) => {
    onCamera(event.features[0].properties.id, event.lngLat);
  });
  map.on("click", (event) => {
    const onCameras = map.queryRenderedFeatures(event.point, { layers: ["camera-clusters", "camera-points"] });
    if (!onCameras.length) onGround(event.lngLat);
  });
  for (const layer of ["camera-clusters", "camera-points"]) {
    map.on("mouseenter", layer, () => (map.getCanvas().style.cursor = "pointer"));
    map.on("mouseleave", layer, () => (map.getCanvas().style.cursor = ""));
  }
  return {
    map,
    renderMs,
    loadedMs,
    setSelection(features) {
      map.getSource("selection").setData({ type: "FeatureCollection", features });
    },
    setHits(found) {
      map.getSource("hits").setData(cameraFeatures(found));
    },
    setCameras(list) {
      map.getSource("cameras").setData(cameraFeatures(list));
      map.getSource("cones").setData(coneFeatures(list));
    },
  };
}
