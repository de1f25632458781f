// Camera map: positions drawn on a plain projected canvas (no map tiles: the center's network
// may reach no internet), a grid in metres for scale. Click the map to search near that point;
// click a camera to watch it live.

import { getJson } from "./api.js";
import { allCameras, cameraLabel } from "./cameras.js";
import { field, formatDistance, h, messageArea, replace, spinner, svg, table } from "./ui.js";

const WIDTH = 900;
const HEIGHT = 560;
const METRES_PER_DEGREE = 111320;

// A local equirectangular projection around the cameras' centre: exact enough for a city.
function projection(cameras, zoom) {
  const lats = cameras.map((c) => c.location.lat);
  const lons = cameras.map((c) => c.location.lon);
  const lat0 = cameras.length ? (Math.min(...lats) + Math.max(...lats)) / 2 : 41.8781;
  const lon0 = cameras.length ? (Math.min(...lons) + Math.max(...lons)) / 2 : -87.6298;
  const perLon = METRES_PER_DEGREE * Math.cos((lat0 * Math.PI) / 180);
  const spanX = cameras.length ? (Math.max(...lons) - Math.min(...lons)) * perLon : 0;
  const spanY = cameras.length ? (Math.max(...lats) - Math.min(...lats)) * METRES_PER_DEGREE : 0;
  const fit = Math.min((WIDTH * 0.8) / Math.max(spanX, 400), (HEIGHT * 0.8) / Math.max(spanY, 400));
  const scale = fit * zoom; // pixels per metre
  return {
    scale,
    toXY: (lat, lon) => [WIDTH / 2 + (lon - lon0) * perLon * scale, HEIGHT / 2 - (lat - lat0) * METRES_PER_DEGREE * scale],
    toLatLon: (x, y) => [lat0 - (y - HEIGHT / 2) / scale / METRES_PER_DEGREE, lon0 + (x - WIDTH / 2) / scale / perLon],
  };
}

function niceStep(metres) {
  for (const step of [10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000]) {
    if (step >= metres) return step;
  }
  return 100000;
}

export async function mapView(root, { navigate }) {
  const messages = messageArea();
  const canvas = svg("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: "map", role: "img", "aria-label": "camera map" });
  const lat = h("input", { name: "lat", size: 10, placeholder: "latitude" });
  const lon = h("input", { name: "lon", size: 10, placeholder: "longitude" });
  const radius = h("input", { name: "radius_m", type: "number", min: 10, max: 200000, step: 10, value: "500" });
  const search = h("button", { type: "submit" }, "Search near point");
  const results = h("div", { class: "results" }, h("p", { class: "muted" }, "Click the map (or type a point) to find the cameras near it."));
  const zoomIn = h("button", { type: "button", title: "zoom in" }, "+");
  const zoomOut = h("button", { type: "button", title: "zoom out" }, "−");
  const form = h("form", { class: "toolbar" }, field("Lat", lat), field("Lon", lon), field("Radius (m)", radius), search, zoomIn, zoomOut);
  replace(root, h("h2", {}, "Camera map"), form, messages, h("div", { class: "map-layout" }, canvas, results));

  let cameras = [];
  let zoom = 1;
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

  function draw() {
    const proj = projection(cameras, zoom);
    const step = niceStep(120 / proj.scale);
    const children = [svg("rect", { x: 0, y: 0, width: WIDTH, height: HEIGHT, class: "map-ground" })];
    const [cx, cy] = [WIDTH / 2, HEIGHT / 2];
    const px = step * proj.scale;
    for (let x = cx % px; x < WIDTH; x += px) children.push(svg("line", { x1: x, y1: 0, x2: x, y2: HEIGHT, class: "map-grid" }));
    for (let y = cy % px; y < HEIGHT; y += px) children.push(svg("line", { x1: 0, y1: y, x2: WIDTH, y2: y, class: "map-grid" }));
    const scaleBar = svg("g", { class: "map-scale" });
    scaleBar.append(svg("line", { x1: 20, y1: HEIGHT - 20, x2: 20 + px, y2: HEIGHT - 20 }));
    const label = svg("text", { x: 20, y: HEIGHT - 28 });
    label.textContent = `${formatDistance(step)} grid`;
    scaleBar.append(label);
    children.push(scaleBar);
    if (point) {
      const [x, y] = proj.toXY(point.lat, point.lon);
      children.push(svg("circle", { cx: x, cy: y, r: Math.max(2, point.radius * proj.scale), class: "map-radius" }));
      children.push(svg("circle", { cx: x, cy: y, r: 4, class: "map-point" }));
    }
    const found = new Set(hits.map((c) => c.id));
    for (const camera of cameras) {
      const [x, y] = proj.toXY(camera.location.lat, camera.location.lon);
      const marker = svg("g", { class: `map-camera ${found.has(camera.id) ? "hit" : ""} health-${camera.health.state}`, "data-camera": camera.id, tabindex: 0 });
      marker.append(svg("circle", { cx: x, cy: y, r: 7 }));
      const name = svg("text", { x: x + 10, y: y + 4 });
      name.textContent = cameraLabel(camera);
      const title = svg("title", {});
      title.textContent = `${cameraLabel(camera)} — ${camera.health.state}; click to watch live`;
      marker.append(name, title);
      marker.addEventListener("click", (event) => {
        event.stopPropagation();
        navigate(`#/live/${encodeURIComponent(camera.id)}`);
      });
      children.push(marker);
    }
    canvas.replaceChildren(...children);
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

  canvas.addEventListener("click", (event) => {
    const matrix = canvas.getScreenCTM().inverse();
    const at = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix);
    const [pointLat, pointLon] = projection(cameras, zoom).toLatLon(at.x, at.y);
    lat.value = pointLat.toFixed(6);
    lon.value = pointLon.toFixed(6);
    searchNear();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    searchNear();
  });
  zoomIn.addEventListener("click", () => {
    zoom *= 1.5;
    draw();
  });
  zoomOut.addEventListener("click", () => {
    zoom /= 1.5;
    draw();
  });
  draw();
  if (!cameras.length && messages.hidden) messages.note("No camera is registered yet.");
  return () => {};
}
