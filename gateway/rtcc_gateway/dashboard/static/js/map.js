// Camera map: positions drawn on a plain projected canvas (no map tiles: the center's network
// may reach no internet), a grid in metres for scale. Drag to pan, scroll to zoom; click the map
// to search near that point; click a camera to watch it live.

import { getJson } from "./api.js";
import { allCameras, cameraLabel } from "./cameras.js";
import { HEIGHT, WIDTH, niceStep, viewport } from "./map_viewport.js";
import { field, formatDistance, h, messageArea, replace, spinner, svg, table } from "./ui.js";

// A press that moves less than this (in map units) is a click, not a drag.
const DRAG_THRESHOLD = 4;
// Above this many cameras on the screen, names would cover each other: the markers' tooltips say them.
const MAX_LABELS = 60;
const ZOOM_STEP = 1.5;

export async function mapView(root, { navigate }) {
  const messages = messageArea();
  const canvas = svg("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: "map", role: "img", "aria-label": "camera map" });
  const layer = svg("g", { class: "map-layer" });
  canvas.append(layer);
  const lat = h("input", { name: "lat", size: 10, placeholder: "latitude" });
  const lon = h("input", { name: "lon", size: 10, placeholder: "longitude" });
  const radius = h("input", { name: "radius_m", type: "number", min: 10, max: 200000, step: 10, value: "500" });
  const search = h("button", { type: "submit" }, "Search near point");
  const results = h("div", { class: "results" }, h("p", { class: "muted" }, "Click the map (or type a point) to find the cameras near it."));
  const zoomIn = h("button", { type: "button", title: "zoom in", name: "zoom-in" }, "+");
  const zoomOut = h("button", { type: "button", title: "zoom out", name: "zoom-out" }, "−");
  const fit = h("button", { type: "button", title: "show every camera", name: "zoom-fit" }, "Fit");
  const form = h("form", { class: "toolbar" }, field("Lat", lat), field("Lon", lon), field("Radius (m)", radius), search, zoomIn, zoomOut, fit);
  const hint = h("p", { class: "muted map-hint" }, "Drag to pan, scroll to zoom, click to search near a point, click a camera to watch it live.");
  replace(root, h("h2", {}, "Camera map"), form, messages, h("div", { class: "map-layout" }, h("div", {}, canvas, hint), results));

  let cameras = [];
  let point = null;
  let hits = [];
  const loading = spinner("Loading cameras…");
  results.prepend(loading);
  try {
    cameras = await allCameras();
  } catch (error) {
    messages.error(error);
  }
  loading.remove();
  const view = viewport(cameras);

  function gridLines() {
    const step = niceStep(120 / view.scale);
    const px = step * view.scale;
    const [ox, oy] = view.originXY();
    const lines = [];
    for (let x = ((ox % px) + px) % px; x < WIDTH; x += px) lines.push(svg("line", { x1: x, y1: 0, x2: x, y2: HEIGHT, class: "map-grid" }));
    for (let y = ((oy % px) + px) % px; y < HEIGHT; y += px) lines.push(svg("line", { x1: 0, y1: y, x2: WIDTH, y2: y, class: "map-grid" }));
    const scaleBar = svg("g", { class: "map-scale" });
    scaleBar.append(svg("line", { x1: 20, y1: HEIGHT - 20, x2: 20 + px, y2: HEIGHT - 20 }));
    const label = svg("text", { x: 20, y: HEIGHT - 28 });
    label.textContent = `${formatDistance(step)} grid`;
    scaleBar.append(label);
    return [lines, scaleBar];
  }

  function marker(camera, x, y, found, labelled) {
    const node = svg("g", { class: `map-camera ${found ? "hit" : ""} health-${camera.health.state}`, "data-camera": camera.id, tabindex: 0 });
    node.append(svg("circle", { cx: x, cy: y, r: 7 }));
    if (labelled) {
      const name = svg("text", { x: x + 10, y: y + 4 });
      name.textContent = cameraLabel(camera);
      node.append(name);
    }
    const title = svg("title", {});
    title.textContent = `${cameraLabel(camera)} — ${camera.health.state}; click to watch live`;
    node.append(title);
    node.addEventListener("keydown", (event) => {
      if (event.key === "Enter") navigate(`#/live/${encodeURIComponent(camera.id)}`);
    });
    return node;
  }

  function draw() {
    const [lines, scaleBar] = gridLines();
    const children = [svg("rect", { x: 0, y: 0, width: WIDTH, height: HEIGHT, class: "map-ground" }), ...lines];
    if (point) {
      const [x, y] = view.toXY(point.lat, point.lon);
      children.push(svg("circle", { cx: x, cy: y, r: Math.max(2, point.radius * view.scale), class: "map-radius" }));
      children.push(svg("circle", { cx: x, cy: y, r: 4, class: "map-point" }));
    }
    const found = new Set(hits.map((c) => c.id));
    const onScreen = [];
    for (const camera of cameras) {
      const [x, y] = view.toXY(camera.location.lat, camera.location.lon);
      if (x > -20 && x < WIDTH + 20 && y > -20 && y < HEIGHT + 20) onScreen.push([camera, x, y]);
    }
    const labelled = onScreen.length <= MAX_LABELS;
    for (const [camera, x, y] of onScreen) children.push(marker(camera, x, y, found.has(camera.id), labelled));
    layer.removeAttribute("transform");
    layer.replaceChildren(...children);
    // The scale bar stays put while the map moves under it.
    canvas.replaceChildren(layer, scaleBar);
  }

  let drawPending = false;
  function drawSoon() {
    if (drawPending) return;
    drawPending = true;
    requestAnimationFrame(() => {
      drawPending = false;
      draw();
    });
  }

  async function searchNear() {
    messages.clear();
    const centre = { lat: Number.parseFloat(lat.value), lon: Number.parseFloat(lon.value), radius: Number.parseFloat(radius.value) };
    if (!Number.isFinite(centre.lat) || !Number.isFinite(centre.lon)) {
      messages.error("Give a point: click the map or type a latitude and a longitude.");
      return;
    }
    if (!Number.isFinite(centre.radius) || centre.radius <= 0) {
      messages.error("The radius must be a positive number of metres.");
      return;
    }
    point = centre;
    // A typed point off the screen: bring it into view.
    if (!view.contains(...view.toXY(centre.lat, centre.lon))) view.centreOn(centre.lat, centre.lon);
    replace(results, spinner("Searching…"));
    try {
      const reply = await getJson("/v1/cameras", { near: `${centre.lat},${centre.lon}`, radius_m: centre.radius });
      hits = reply.cameras;
    } catch (error) {
      hits = [];
      messages.error(error);
    }
    draw();
    showHits(centre);
  }

  function showHits(centre) {
    if (!hits.length) {
      replace(results, h("p", { class: "muted" }, `No camera within ${formatDistance(centre.radius)} of that point.`));
      return;
    }
    const rows = hits.map((camera) =>
      h(
        "tr",
        { class: "hit-row", dataset: { camera: camera.id } },
        h("td", {}, h("a", { href: `#/live/${encodeURIComponent(camera.id)}` }, cameraLabel(camera))),
        h("td", { class: "distance" }, formatDistance(camera.distance_m ?? 0)),
        h("td", {}, camera.health.state),
        h("td", {}, h("a", { href: `#/timeline/${encodeURIComponent(camera.id)}` }, "look back")),
      ),
    );
    replace(results, h("p", {}, `${hits.length} camera(s) within ${formatDistance(centre.radius)}, nearest first:`), table(["Camera", "Distance", "Health", ""], rows));
  }

  function mapPoint(event) {
    return new DOMPoint(event.clientX, event.clientY).matrixTransform(canvas.getScreenCTM().inverse());
  }

  function searchAt(at) {
    const [pointLat, pointLon] = view.toLatLon(at.x, at.y);
    lat.value = pointLat.toFixed(6);
    lon.value = pointLon.toFixed(6);
    searchNear();
  }

  // One press: a drag pans (the drawn layer follows the pointer, redrawn once at the end); a press
  // that does not move is a click on a camera (watch it) or on the map (search near there).
  let press = null;
  canvas.addEventListener("pointerdown", (event) => {
    if (event.button !== 0) return;
    const camera = event.target.closest(".map-camera");
    press = { from: mapPoint(event), moved: false, camera: camera ? camera.dataset.camera : null };
    canvas.setPointerCapture(event.pointerId);
  });
  canvas.addEventListener("pointermove", (event) => {
    if (!press) return;
    const at = mapPoint(event);
    const [dx, dy] = [at.x - press.from.x, at.y - press.from.y];
    if (!press.moved && Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
    press.moved = true;
    canvas.classList.add("panning");
    layer.setAttribute("transform", `translate(${dx} ${dy})`);
  });
  canvas.addEventListener("pointerup", (event) => {
    if (!press) return;
    const at = mapPoint(event);
    const { from, moved, camera } = press;
    press = null;
    canvas.classList.remove("panning");
    if (moved) {
      view.panBy(at.x - from.x, at.y - from.y);
      draw();
    } else if (camera) navigate(`#/live/${encodeURIComponent(camera)}`);
    else searchAt(at);
  });
  canvas.addEventListener("pointercancel", () => {
    press = null;
    canvas.classList.remove("panning");
    draw();
  });
  canvas.addEventListener(
    "wheel",
    (event) => {
      event.preventDefault();
      const lines = event.deltaMode === WheelEvent.DOM_DELTA_LINE ? 33 : 1;
      const at = mapPoint(event);
      view.zoomAt(Math.exp(-event.deltaY * lines * 0.002), at.x, at.y);
      drawSoon();
    },
    { passive: false },
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    searchNear();
  });
  zoomIn.addEventListener("click", () => {
    view.zoomAt(ZOOM_STEP);
    draw();
  });
  zoomOut.addEventListener("click", () => {
    view.zoomAt(1 / ZOOM_STEP);
    draw();
  });
  fit.addEventListener("click", () => {
    view.fit();
    draw();
  });
  draw();
  if (!cameras.length && messages.hidden) messages.note("No camera is registered yet.");
  return () => {};
}
