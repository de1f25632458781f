// Camera map: the city's basemap with every camera (clustered), address search, and two ways to
// pick cameras: click a point for those within a radius (nearest first, from the registry), or
// draw an area. The cameras found go to the live wall or to the synchronized look-back.

import { Popup } from "../vendor/maplibre-gl.mjs";
import { getJson } from "./api.js";
import { basemapPlaces, cameraPlaces, geocoderPlaces, namedPoints } from "./address_search.js";
import { HEALTH_COLOURS, OWNERSHIP_COLOURS, cameraMap, loadBasemap } from "./camera_map.js";
import { allCameras, cameraLabel } from "./cameras.js";
import { circlePolygon, distanceM, insidePolygon } from "./geo.js";
import { canWatchLive } from "./camera_tree.js";
import { MAX_WALL, liveHash, lookBackHash, wallHash } from "./handoff.js";
import { field, formatDistance, h, messageArea, replace, spinner, table } from "./ui.js";

function legend() {
  const swatch = (colour, ring) => h("span", { class: "swatch", style: `background:${colour};border-color:${ring}` });
  return h(
    "p",
    { class: "legend muted" },
    ...Object.entries(OWNERSHIP_COLOURS).map(([name, colour]) => h("span", {}, swatch(colour, "#fff"), ` ${name} `)),
    " · ring: ",
    ...Object.entries(HEALTH_COLOURS).map(([name, colour]) => h("span", {}, swatch("#20252c", colour), ` ${name} `)),
  );
}

export async function mapView(root, { navigate, params = [] }) {
  const opened = performance.now();
  const messages = messageArea();
  const address = h("input", { name: "address", size: 30, placeholder: "address, corner or camera", autocomplete: "off" });
  const radius = h("input", { name: "radius_m", type: "number", min: 10, max: 20000, step: 10, value: "300", class: "narrow" });
  const draw = h("button", { type: "button", name: "draw-area" }, "Draw area");
  const finish = h("button", { type: "button", name: "finish-area", hidden: true }, "Finish area");
  const clear = h("button", { type: "button", name: "clear" }, "Clear");
  const form = h("form", { class: "toolbar", role: "search" }, field("Find", address), h("button", { type: "submit" }, "Search"), field("Radius (m)", radius), draw, finish, clear);
  const places = h("ul", { class: "places", hidden: true });
  const canvas = h("div", { id: "camera-map", class: "camera-map" });
  const results = h("div", { class: "results" }, h("p", { class: "muted" }, "Search an address, click the map, or draw an area to find cameras."));
  const hint = h("p", { class: "muted map-hint" }, "Click a point for the cameras within the radius; a cluster zooms in; a camera shows its links.");
  replace(root, h("h2", {}, "Camera map"), form, places, messages, h("div", { class: "map-layout" }, h("div", {}, canvas, hint, legend()), results));

  const loading = spinner("Loading cameras and the basemap…");
  results.prepend(loading);
  let cameras = [];
  let basemap;
  try {
    [cameras, basemap] = await Promise.all([allCameras(), loadBasemap()]);
  } catch (error) {
    loading.remove();
    messages.error(error);
    return () => {};
  }
  if (basemap.note) messages.note(basemap.note);
  const byId = new Map(cameras.map((c) => [c.id, c]));
  let view;
  try {
    view = await cameraMap(canvas, cameras, basemap, { onCamera: showCamera, onGround: (at) => (drawing ? addVertex(at) : searchNear(at.lat, at.lng, null)) });
  } catch (error) {
    loading.remove();
    messages.error(`The map cannot be drawn in this browser: ${error.message}`);
    return () => {};
  }
  loading.remove();
  canvas.rtccMap = view.map;
  // For the analyst's browser tests: how long the map took, and that it is ready.
  canvas.dataset.cameras = String(cameras.length);
  canvas.dataset.renderMs = String(view.renderMs);
  canvas.dataset.basemapMs = String(view.loadedMs);
  canvas.dataset.totalMs = String(Math.round(performance.now() - opened));
  canvas.dataset.ready = "true";
  if (!cameras.length && messages.hidden) messages.note("No camera is registered yet.");
  const popup = new Popup({ closeButton: true, maxWidth: "320px" });
  // #/map/<camera id> (e.g. a registration just approved): that camera, centred, with its links.
  const focus = params[0] && byId.get(params[0]);
  if (focus) {
    view.map.jumpTo({ center: [focus.location.lon, focus.location.lat], zoom: Math.max(view.map.getZoom(), 17) });
    showCamera(focus.id);
    canvas.dataset.focus = focus.id;
  } else if (params[0]) {
    messages.note("That camera is not on the map: it is not in the registry, or not shown to your role.");
  }

  function showCamera(id, at) {
    const camera = byId.get(id);
    if (!camera) return;
    const body = h(
      "div",
      { class: "camera-popup", dataset: { camera: id } },
      h("strong", {}, cameraLabel(camera)),
      h("div", { class: "muted" }, camera.location.address || "", ` · ${camera.ownership} · ${camera.health.state}`),
      h("div", { class: "toolbar" }, canWatchLive(camera) ? h("a", { href: liveHash(id) }, "Watch live") : h("span", { class: "muted no-live" }, "no live view (owner's choice)"), h("a", { href: lookBackHash([id]) }, "Look back"), h("a", { href: "#", onclick: (e) => (e.preventDefault(), searchNear(camera.location.lat, camera.location.lon, cameraLabel(camera))) }, "Cameras near")),
    );
    popup.setLngLat(at || [camera.location.lon, camera.location.lat]).setDOMContent(body).addTo(view.map);
  }

  function showFound(found, summary) {
    view.setHits(found);
    canvas.dataset.found = String(found.length);
    if (!found.length) {
      replace(results, h("p", { class: "muted" }, `No camera ${summary}.`));
      return;
    }
    const boxes = new Map();
    const rows = found.map((camera) => {
      const box = h("input", { type: "checkbox", checked: true, dataset: { camera: camera.id } });
      boxes.set(camera.id, box);
      return h(
        "tr",
        { class: "hit-row", dataset: { camera: camera.id } },
        h("td", {}, box),
        h("td", {}, h("a", { href: canWatchLive(camera) ? liveHash(camera.id) : lookBackHash([camera.id]) }, cameraLabel(camera)), h("div", { class: "muted" }, camera.location.address || "")),
        h("td", { class: "distance" }, camera.distance_m === undefined ? "" : formatDistance(camera.distance_m)),
        h("td", { class: `health-${camera.health.state}` }, camera.health.state),
        h("td", {}, h("a", { href: lookBackHash([camera.id]) }, "look back")),
      );
    });
    const picked = () => found.filter((c) => boxes.get(c.id).checked).map((c) => c.id);
    const toWall = h("button", { type: "button", name: "send-to-wall" }, "Send to live wall");
    const toLookBack = h("button", { type: "button", name: "send-to-lookback" }, "Look back together");
    toWall.addEventListener("click", () => {
      const ids = picked();
      if (!ids.length) return messages.error("Tick at least one camera.");
      if (ids.length > MAX_WALL) messages.note(`The wall takes the first ${MAX_WALL} cameras ticked.`);
      navigate(wallHash(ids));
    });
    toLookBack.addEventListener("click", () => {
      const ids = picked();
      if (!ids.length) return messages.error("Tick at least one camera.");
      navigate(lookBackHash(ids));
    });
    replace(results, h("p", { class: "found-summary" }, `${found.length} camera(s) ${summary}:`), h("div", { class: "toolbar" }, toWall, toLookBack), table(["", "Camera", "Distance", "Health", ""], rows));
  }

  async function searchNear(lat, lon, label) {
    messages.clear();
    popup.remove();
    const metres = Number.parseFloat(radius.value);
    if (!Number.isFinite(metres) || metres <= 0) {
      messages.error("The radius must be a positive number of metres.");
      return;
    }
    view.setSelection([{ type: "Feature", properties: {}, geometry: circlePolygon(lat, lon, metres) }, { type: "Feature", properties: {}, geometry: { type: "Point", coordinates: [lon, lat] } }]);
    replace(results, spinner("Searching…"));
    try {
      const reply = await getJson("/v1/cameras", { near: `${lat.toFixed(6)},${lon.toFixed(6)}`, radius_m: metres });
      const where = label ? `of ${label}` : "of that point";
      showFound(reply.cameras, `within ${formatDistance(metres)} ${where}, nearest first`);
    } catch (error) {
      replace(results);
      messages.error(error);
    }
  }

  // Drawing an area: each click a corner; "Finish area" (or a click on the first corner) closes it.
  let drawing = null;
  function showDrawing() {
    const ring = drawing.map((p) => [p.lng, p.lat]);
    const features = ring.map((coordinates) => ({ type: "Feature", properties: {}, geometry: { type: "Point", coordinates } }));
    if (ring.length > 1) features.push({ type: "Feature", properties: {}, geometry: { type: "LineString", coordinates: ring } });
    view.setSelection(features);
  }
  function addVertex(at) {
    if (drawing.length >= 3) {
      const first = view.map.project(drawing[0]);
      const here = view.map.project(at);
      if (Math.hypot(first.x - here.x, first.y - here.y) < 12) return finishArea();
    }
    drawing.push(at);
    showDrawing();
  }
  function finishArea() {
    if (!drawing || drawing.length < 3) {
      messages.error("An area needs at least three corners: click them on the map.");
      return;
    }
    const ring = drawing.map((p) => [p.lng, p.lat]);
    drawing = null;
    draw.hidden = false;
    finish.hidden = true;
    view.map.doubleClickZoom.enable();
    view.setSelection([{ type: "Feature", properties: {}, geometry: { type: "Polygon", coordinates: [[...ring, ring[0]]] } }]);
    const [cx, cy] = ring.reduce(([x, y], [lon, lat]) => [x + lon / ring.length, y + lat / ring.length], [0, 0]);
    const found = cameras
      .filter((c) => insidePolygon(c.location.lon, c.location.lat, ring))
      .map((c) => ({ ...c, distance_m: distanceM(cy, cx, c.location.lat, c.location.lon) }))
      .sort((a, b) => a.distance_m - b.distance_m);
    showFound(found, "inside the area drawn, from its centre outwards");
  }
  draw.addEventListener("click", () => {
    messages.note("Click the corners of the area on the map, then Finish area.");
    popup.remove();
    drawing = [];
    draw.hidden = true;
    finish.hidden = false;
    view.map.doubleClickZoom.disable();
    view.setSelection([]);
  });
  finish.addEventListener("click", finishArea);
  clear.addEventListener("click", () => {
    drawing = null;
    draw.hidden = false;
    finish.hidden = true;
    view.setSelection([]);
    view.setHits([]);
    messages.clear();
    places.hidden = true;
    replace(results, h("p", { class: "muted" }, "Search an address, click the map, or draw an area to find cameras."));
  });

  function choosePlace(place) {
    places.hidden = true;
    view.map.jumpTo({ center: [place.lon, place.lat], zoom: Math.max(view.map.getZoom(), 16) });
    searchNear(place.lat, place.lon, place.label.split(" — ")[0]);
  }
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    messages.clear();
    const text = address.value.trim();
    if (text.length < 2) return messages.error("Type at least two letters of an address or a camera's name.");
    const atCameras = cameraPlaces(text, cameras);
    // A corner of the basemap where a camera found stands is the same place, said once.
    const onMap = basemapPlaces(text, namedPoints(view.map)).filter((p) => !atCameras.some((c) => distanceM(c.lat, c.lon, p.lat, p.lon) < 30));
    const found = [...atCameras, ...onMap];
    replace(places, h("li", { class: "muted" }, spinner("Asking the geocoder…")));
    places.hidden = false;
    if (basemap.config.geocoder) {
      try {
        found.push(...(await geocoderPlaces(text, view.map.getBounds())));
      } catch (error) {
        messages.error(`Geocoder: ${error.message}`);
      }
    }
    if (!found.length) {
      replace(places, h("li", { class: "muted" }, `No camera address${basemap.config.geocoder ? ", map place or geocoder result" : " or map place"} matches “${text}”.`));
      return;
    }
    if (found.length === 1) return choosePlace(found[0]);
    replace(
      places,
      ...found.map((place) => {
        const button = h("button", { type: "button", class: "place", dataset: { source: place.source } }, place.label, h("span", { class: "muted" }, ` (${place.source})`));
        button.addEventListener("click", () => choosePlace(place));
        return h("li", {}, button);
      }),
    );
  });
  return () => {
    popup.remove();
    view.map.remove();
  };
}
