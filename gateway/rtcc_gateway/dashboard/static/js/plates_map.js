// The plate search's map: where the reads found were made (points, hits in red), and the area
// the search is limited to: a circle around a clicked point, or a polygon drawn corner by corner.

import { LngLatBounds, Map as MapLibreMap, NavigationControl } from "../vendor/maplibre-gl.mjs";
import { loadBasemap } from "./camera_map.js";
import { circlePolygon } from "./geo.js";

const EMPTY = { type: "FeatureCollection", features: [] };

function readFeatures(reads) {
  return {
    type: "FeatureCollection",
    features: reads
      .filter((r) => r.latitude !== null && r.longitude !== null)
      .map((r) => ({
        type: "Feature",
        properties: { read_id: r.read_id, plate: r.plate, hit: r.has_hit },
        geometry: { type: "Point", coordinates: [r.longitude, r.latitude] },
      })),
  };
}

export async function readsMap(container, { onArea }) {
  const basemap = await loadBasemap();
  const map = new MapLibreMap({ container, style: basemap.style, center: basemap.style.center || [-87.63, 41.878], zoom: (basemap.style.zoom || 15) - 0.6, dragRotate: false, attributionControl: { compact: true } });
  map.addControl(new NavigationControl({ showCompass: false }), "top-right");
  await new Promise((resolve) => map.once("load", resolve));
  map.addSource("area", { type: "geojson", data: EMPTY });
  map.addLayer({ id: "area-fill", type: "fill", source: "area", filter: ["==", ["geometry-type"], "Polygon"], paint: { "fill-color": "#d29922", "fill-opacity": 0.12 } });
  map.addLayer({ id: "area-line", type: "line", source: "area", paint: { "line-color": "#d29922", "line-width": 2, "line-dasharray": [2, 1] } });
  map.addLayer({ id: "area-corners", type: "circle", source: "area", filter: ["==", ["geometry-type"], "Point"], paint: { "circle-radius": 4, "circle-color": "#d29922" } });
  map.addSource("reads", { type: "geojson", data: EMPTY });
  map.addLayer({ id: "reads", type: "circle", source: "reads", paint: { "circle-radius": 6, "circle-color": ["case", ["get", "hit"], "#f85149", "#ffd33d"], "circle-stroke-color": "#000", "circle-stroke-width": 1 } });
  container.rtccMap = map;
  container.dataset.ready = "true";

  // The area: {near: "LAT,LON", radius_m} or {polygon: GeoJSON}, as GET /v1/lpr/reads takes it.
  let drawing = null;
  let radius = 300;
  const show = (features) => map.getSource("area").setData({ type: "FeatureCollection", features });
  map.on("click", (event) => {
    const { lng, lat } = event.lngLat;
    if (drawing) {
      drawing.push([lng, lat]);
      const corners = drawing.map((c) => ({ type: "Feature", properties: {}, geometry: { type: "Point", coordinates: c } }));
      show(drawing.length > 1 ? [...corners, { type: "Feature", properties: {}, geometry: { type: "LineString", coordinates: drawing } }] : corners);
      return;
    }
    show([{ type: "Feature", properties: {}, geometry: circlePolygon(lat, lng, radius) }]);
    onArea({ near: `${lat.toFixed(6)},${lng.toFixed(6)}`, radius_m: radius, label: `within ${radius} m of the point clicked` });
  });
  return {
    map,
    setRadius(metres) {
      radius = metres;
    },
    startPolygon() {
      drawing = [];
      map.doubleClickZoom.disable();
      show([]);
    },
    finishPolygon() {
      if (!drawing || drawing.length < 3) return false;
      const ring = [...drawing, drawing[0]];
      drawing = null;
      map.doubleClickZoom.enable();
      const polygon = { type: "Polygon", coordinates: [ring] };
      show([{ type: "Feature", properties: {}, geometry: polygon }]);
      onArea({ polygon: JSON.stringify(polygon), label: "inside the area drawn" });
      return true;
    },
    clearArea() {
      drawing = null;
      show([]);
      onArea(null);
    },
    setReads(reads) {
      const data = readFeatures(reads);
      map.getSource("reads").setData(data);
      if (data.features.length) {
        const bounds = new LngLatBounds();
        for (const f of data.features) bounds.extend(f.geometry.coordinates);
        map.fitBounds(bounds, { padding: 40, maxZoom: 16.5, duration: 0 });
      }
      container.dataset.points = String(data.features.length);
    },
    remove() {
      map.remove();
    },
  };
}
