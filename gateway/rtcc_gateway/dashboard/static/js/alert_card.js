// One plate alert as the analyst works it: the plate crop large (and the wide picture), where it
// was read by name, what the hotlist says (reason, case number, vehicle), how often the vehicle
// was read again, links to watch the nearest camera live and to look back at the moment of the
// read, and the disposition with a note. Shared by the toasts and the Alerts page.

import { Map as MapLibreMap, Marker } from "../vendor/maplibre-gl.mjs";
import { getJson, objectUrl, sendJson } from "./api.js";
import { loadBasemap } from "./camera_map.js";
import { cameraById, cameraLabel } from "./cameras.js";
import { liveHash, lookBackHash } from "./handoff.js";
import { busy, field, formatDistance, formatTime, h, messageArea, replace } from "./ui.js";

// Look back from a little before the read, so the vehicle is seen arriving.
const LOOK_BACK_LEAD_MS = 10_000;
const DISPOSITIONS = [
  ["confirmed", "Confirmed"],
  ["misread", "Misread"],
  ["not_actionable", "Not the vehicle"],
];

const names = new Map();
async function sourceName(read) {
  if (read.camera_id) {
    if (!names.has(read.camera_id)) names.set(read.camera_id, cameraById(read.camera_id).then(cameraLabel, () => read.camera_id));
    return `camera ${await names.get(read.camera_id)}`;
  }
  return `reader ${read.reader_id || "?"}`;
}

// The camera to watch: the one that read the plate, else the nearest to the reader.
async function cameraFor(read) {
  if (read.camera_id) return { id: read.camera_id, label: await names.get(read.camera_id), distance: 0 };
  if (read.latitude === null || read.longitude === null) return null;
  const reply = await getJson("/v1/cameras", { near: `${read.latitude},${read.longitude}`, radius_m: 500 });
  const nearest = reply.cameras[0];
  return nearest ? { id: nearest.id, label: cameraLabel(nearest), distance: nearest.distance_m || 0 } : null;
}

let basemap = null;
// A small map of where the vehicle was last read, following it as it is read again.
function miniMap(container, read) {
  let at = read;
  let map = null;
  let marker = null;
  const place = () => [at.longitude, at.latitude];
  const placed = () => at.latitude !== null && at.longitude !== null;
  basemap = basemap || loadBasemap();
  basemap
    .then(({ style }) => {
      if (!container.isConnected || !placed()) return;
      map = new MapLibreMap({ container, style, center: place(), zoom: 15.5, interactive: false, attributionControl: false });
      marker = new Marker({ color: "#f85149" }).setLngLat(place()).addTo(map);
      container.rtccMap = map;
    })
    .catch(() => container.append(h("p", { class: "muted" }, "No map.")));
  return {
    move(next) {
      at = next;
      if (map && placed()) {
        map.jumpTo({ center: place() });
        marker.setLngLat(place());
      }
    },
    remove() {
      if (map) map.remove();
    },
  };
}

function caseForm(currentAlert, messages) {
  const number = h("input", { name: "alert_case", size: 12, maxlength: 64, placeholder: "case number" });
  const why = h("input", { name: "alert_case_reason", size: 28, maxlength: 500, placeholder: "why it belongs to the case" });
  const add = h("button", { type: "button", name: "alert-to-case" }, "Add to case");
  add.addEventListener("click", () =>
    busy(add, messages, async () => {
      const wanted = number.value.trim();
      if (!wanted) throw new Error("Give the case number to add the alert to.");
      if (!why.value.trim()) throw new Error("Say why the alert belongs to the case.");
      const target = (await getJson("/v1/cases", { number: wanted })).cases[0];
      if (!target) throw new Error(`There is no case ${wanted}.`);
      const alert = currentAlert();
      const reads = [alert.read, alert.latest_read].filter(Boolean);
      const read = reads[reads.length - 1];
      await sendJson("POST", `/v1/cases/${target.id}/evidence`, {
        kind: "alert",
        ref_id: alert.id,
        description: `Plate alert ${read.plate} (${read.state}) on ${alert.hotlist_name}, last read ${formatTime(read.observed_at)}`,
        reason: why.value.trim(),
      });
      // Its reads are kept with the case past the reads' retention.
      await sendJson("POST", `/v1/lpr/cases/${encodeURIComponent(wanted)}/reads`, { read_ids: [...new Set(reads.map((r) => r.read_id))] });
      messages.note(`Added to case ${wanted}: the alert and its reads are kept as evidence.`);
    }),
  );
  return h("div", { class: "toolbar toast-case" }, field("Case", number), field("Reason", why), add);
}

// One alert as the analyst works it: on a toast (with a small map and a close button) or as a
// card on the Alerts page. `onDisposed` hears the alert once a person has disposed of it.
export function alertPanel(alert, { onClose = null, withMap = false, onDisposed = () => {} } = {}) {
  const messages = messageArea();
  const crop = h("div", { class: "toast-crop" });
  const place = h("div", { class: "toast-minimap" });
  const seen = h("p", { class: "toast-seen" });
  const count = h("span", { class: "toast-count" });
  const links = h("div", { class: "toast-links" });
  const actions = h("div", { class: "toast-actions" });
  const note = h("input", { name: "disposition_note", placeholder: "note (optional)", maxlength: 1000 });
  const close = onClose ? h("button", { type: "button", class: "toast-close", title: "dismiss", "aria-label": "dismiss" }, "×") : "";
  // On the Alerts page (not on a toast): the alert and its reads added to a case as evidence.
  const toCase = onClose ? "" : caseForm(() => current, messages);
  const { entry } = alert;
  const node = h(
    "section",
    { class: onClose ? "alert-toast" : "alert-card", role: onClose ? "alert" : null, dataset: { alert: alert.id, plate: alert.read.plate_normalized, source: alert.live ? "stream" : "list" } },
    h("header", {}, h("strong", { class: "toast-plate" }, `${alert.read.plate} (${alert.read.state})`), h("span", { class: "toast-list" }, ` ${alert.hotlist_name}`), count, close),
    h("div", { class: "toast-body" }, crop, withMap ? place : ""),
    h("p", { class: "toast-why" }, `${entry.reason || "on the hotlist"}${entry.case_number ? ` · case ${entry.case_number}` : ""}${entry.vehicle_description ? ` · ${entry.vehicle_description}` : ""}${alert.exact ? "" : " · near match: check the plate"}`),
    seen,
    links,
    actions,
    toCase,
    messages,
  );
  if (onClose) close.addEventListener("click", onClose);
  const mini = withMap ? miniMap(place, alert.read) : null;
  let current = alert;

  async function showImages(read) {
    const urls = [read.plate_image_url, read.wide_image_url].filter(Boolean);
    if (!urls.length) {
      replace(crop, h("div", { class: "toast-no-image" }, read.plate));
      return;
    }
    const images = await Promise.all(urls.map((url) => objectUrl(url).catch(() => null)));
    replace(crop, ...images.filter(Boolean).map((src, i) => h("img", { src, alt: i === 0 ? "plate as read" : "the vehicle", class: i === 0 ? "toast-plate-image" : "toast-wide-image" })));
  }

  async function showWhere(read) {
    const where = await sourceName(read);
    const repeats = current.repeats || 0;
    seen.textContent = repeats
      ? `Read ${repeats + 1} times; latest by ${where} at ${formatTime(read.observed_at)} (first ${formatTime(current.read.observed_at)}).`
      : `Read by ${where} at ${formatTime(read.observed_at)}, confidence ${Math.round(read.confidence * 100)}%.`;
    node.dataset.repeats = String(repeats);
    count.textContent = repeats ? `read ${repeats + 1}×` : "";
    const camera = await cameraFor(read).catch(() => null);
    if (!camera) {
      replace(links, h("span", { class: "muted" }, "No camera near the read."));
      return;
    }
    const at = new Date(Date.parse(read.observed_at) - LOOK_BACK_LEAD_MS);
    const away = camera.distance > 0 ? ` (${formatDistance(camera.distance)} away)` : "";
    replace(
      links,
      h("a", { href: liveHash(camera.id), class: "toast-live" }, `Watch ${camera.label} live${away}`),
      h("a", { href: lookBackHash([camera.id], at), class: "toast-lookback" }, `Footage at ${formatTime(read.observed_at)}`),
    );
  }

  function showActions() {
    if (current.disposition) {
      node.dataset.disposition = current.disposition;
      replace(actions, h("span", { class: "disposition" }, `${current.disposition.replace("_", " ")} by ${current.disposed_by}`));
      return;
    }
    const buttons = DISPOSITIONS.map(([value, label]) => {
      const button = h("button", { type: "button", dataset: { disposition: value } }, label);
      button.addEventListener("click", () =>
        busy(button, messages, async () => {
          const updated = await sendJson("POST", `/v1/lpr/alerts/${encodeURIComponent(current.id)}/disposition`, { disposition: value, note: note.value.trim() });
          current = { ...current, ...updated };
          showActions();
          onDisposed(current);
        }),
      );
      return button;
    });
    replace(actions, note, ...buttons);
  }

  function update(next) {
    current = { ...current, ...next };
    const latest = current.latest_read || current.read;
    showImages(latest);
    showWhere(latest);
    if (mini) mini.move(latest);
    showActions();
  }
  update(alert);
  return {
    node,
    update,
    remove() {
      if (mini) mini.remove();
      node.remove();
    },
  };
}

