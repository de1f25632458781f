// Plate search: exact, wildcard (? and *) or OCR-tolerant, narrowed by time, reader or camera,
// an area on the map, state, confidence and vehicle; results as a table with crops and as
// points on the map, exported as CSV, and added to a case as evidence. Policy requires a reason
// for every search (and the audit trail keeps it); the gateway enforces it and what it refuses
// is shown in its own words.

import { getJson, objectUrl, sendJson } from "./api.js";
import { allCameras, cameraLabel } from "./cameras.js";
import { readsMap } from "./plates_map.js";
import { csvText, downloadCsv, fileStamp } from "./csv.js";
import { fromZoneInput, loadDisplaySettings, zoneName, zoneTimeInput } from "./clock.js";
import { busy, field, formatTime, h, messageArea, replace, table } from "./ui.js";

const PAGE = 500;
const MAX_READS = 5000;
const CROPS_SHOWN = 60;

const CSV_HEADER = ["read_id", "plate", "state", "observed_at", "source", "latitude", "longitude", "confidence", "colour", "make", "vehicle_type", "hotlist_hit", "case_number"];

export function readsCsv(reads, sourceName) {
  const rows = reads.map((r) => [r.read_id, r.plate, r.state, r.observed_at, sourceName(r), r.latitude, r.longitude, r.confidence, r.vehicle.colour, r.vehicle.make, r.vehicle.vehicle_type, r.has_hit ? "yes" : "no", r.case_number]);
  return csvText(CSV_HEADER, rows);
}

export async function platesView(root) {
  await loadDisplaySettings();
  const messages = messageArea();
  const input = (name, attrs = {}) => h("input", { name, ...attrs });
  const plate = input("plate", { size: 12, maxlength: 32, placeholder: "8DMO777 or 8D?O*" });
  const match = h("select", { name: "match" }, ["exact", "wildcard", "fuzzy"].map((m) => h("option", { value: m }, m)));
  const state = input("state", { size: 3, maxlength: 3, placeholder: "CA" });
  const start = zoneTimeInput({ name: "start" });
  const end = zoneTimeInput({ name: "end" });
  const readers = input("reader_id", { size: 22, placeholder: "reader ids, comma-separated" });
  const camera = h("select", { name: "camera_id" }, h("option", { value: "" }, "any camera"));
  const minConfidence = input("min_confidence", { type: "number", min: 0, max: 100, step: 1, value: "0", class: "narrow" });
  const colour = input("colour", { size: 8, maxlength: 32, placeholder: "red" });
  const make = input("make", { size: 8, maxlength: 64, placeholder: "Honda" });
  const vehicleType = input("vehicle_type", { size: 8, maxlength: 32, placeholder: "sedan" });
  const radius = input("area_radius_m", { type: "number", min: 10, max: 100000, step: 10, value: "300", class: "narrow" });
  const drawArea = h("button", { type: "button", name: "draw-area" }, "Draw area");
  const finishArea = h("button", { type: "button", name: "finish-area", hidden: true }, "Finish area");
  const clearArea = h("button", { type: "button", name: "clear-area" }, "No area");
  const areaText = h("span", { class: "muted area-text" }, "Area: anywhere (click the map for a circle, or draw an area).");
  const reason = input("reason", { size: 40, maxlength: 500, placeholder: "required by policy: why you search", "aria-required": "true" });
  const caseNumber = input("case_number", { size: 12, maxlength: 64, placeholder: "optional" });
  // Enabled once the search is wired up (after the cameras and the map load): a click before
  // that would submit the form as a plain page load and lose what was typed.
  const submit = h("button", { type: "submit", disabled: "" }, "Search");
  const results = h("div", { class: "results plate-results" });
  const canvas = h("div", { class: "reads-map", id: "reads-map" });
  const form = h(
    "form",
    { class: "plate-form" },
    h("div", { class: "toolbar" }, field("Plate", plate), field("Match", match), field("State", state), field(`From (${zoneName()})`, start), field("To", end)),
    h("div", { class: "toolbar" }, field("Readers", readers), field("Camera", camera), field("Min. confidence %", minConfidence), field("Colour", colour), field("Make", make), field("Type", vehicleType)),
    h("div", { class: "toolbar" }, field("Area radius (m)", radius), drawArea, finishArea, clearArea, areaText),
    h("div", { class: "toolbar" }, field("Reason (required)", reason), field("Case number", caseNumber), submit),
  );
  replace(root, h("h2", {}, "Plate search"), form, messages, h("div", { class: "plates-layout" }, results, canvas));

  let cameras = [];
  const names = new Map();
  try {
    cameras = (await allCameras()).filter((c) => c.permissions && c.permissions.plate_reading);
  } catch (error) {
    messages.error(error);
  }
  for (const c of cameras) {
    names.set(c.id, cameraLabel(c));
    camera.append(h("option", { value: c.id }, cameraLabel(c)));
  }
  const sourceName = (read) => (read.camera_id ? names.get(read.camera_id) || read.camera_id : read.reader_id || "");

  let area = null;
  let view = null;
  try {
    view = await readsMap(canvas, {
      onArea(chosen) {
        area = chosen;
        areaText.textContent = chosen ? `Area: ${chosen.label}.` : "Area: anywhere (click the map for a circle, or draw an area).";
      },
    });
  } catch (error) {
    messages.error(`The map cannot be drawn here: ${error.message}`);
  }
  radius.addEventListener("change", () => view && view.setRadius(Number(radius.value) || 300));
  drawArea.addEventListener("click", () => {
    if (!view) return;
    view.startPolygon();
    drawArea.hidden = true;
    finishArea.hidden = false;
    areaText.textContent = "Click the corners of the area on the map, then Finish area.";
  });
  finishArea.addEventListener("click", () => {
    if (!view.finishPolygon()) return messages.error("An area needs at least three corners.");
    drawArea.hidden = false;
    finishArea.hidden = true;
  });
  clearArea.addEventListener("click", () => {
    if (view) view.clearArea();
    drawArea.hidden = false;
    finishArea.hidden = true;
  });

  function row(read, index) {
    const crop = h("td", { class: "crop" });
    if (read.plate_image_url) {
      const show = () => objectUrl(read.plate_image_url).then((src) => replace(crop, h("img", { src, alt: "plate as read", class: "plate-image" })), (error) => replace(crop, error.message));
      if (index < CROPS_SHOWN) show();
      else crop.append(h("button", { type: "button", onclick: show }, "image"));
    }
    const pick = h("input", { type: "checkbox", dataset: { read: read.read_id } });
    return h(
      "tr",
      { class: read.has_hit ? "read hit" : "read", dataset: { read: read.read_id } },
      h("td", {}, pick),
      crop,
      h("td", { class: "plate" }, read.plate),
      h("td", {}, read.state),
      h("td", {}, formatTime(read.observed_at)),
      h("td", {}, sourceName(read) || "—"),
      h("td", {}, `${Math.round(read.confidence * 100)}%`),
      h("td", {}, [read.vehicle.colour, read.vehicle.make, read.vehicle.vehicle_type].filter(Boolean).join(" ") || ""),
      h("td", {}, read.has_hit ? "hotlist hit" : "", read.case_number ? ` case ${read.case_number}` : ""),
    );
  }

  function showResults(reads, truncated, params) {
    if (view) view.setReads(reads);
    if (!reads.length) {
      replace(results, h("p", { class: "muted" }, "No read matches."));
      return;
    }
    const csv = h("button", { type: "button", name: "export-csv" }, "Export CSV");
    csv.addEventListener("click", () => downloadCsv(`plate-reads-${fileStamp()}.csv`, readsCsv(reads, sourceName)));
    const attachCase = h("input", { name: "attach_case", size: 12, maxlength: 64, placeholder: "case number", value: params.case_number || "" });
    const attach = h("button", { type: "button", name: "attach-reads" }, "Add selected to case");
    const attachMessages = messageArea();
    attach.addEventListener("click", () =>
      busy(attach, attachMessages, async () => {
        const ids = [...results.querySelectorAll("tr.read input:checked")].map((box) => box.dataset.read);
        if (!ids.length) throw new Error("Tick the reads to add.");
        if (!attachCase.value.trim()) throw new Error("Give the case number.");
        const reply = await sendJson("POST", `/v1/lpr/cases/${encodeURIComponent(attachCase.value.trim())}/reads`, { read_ids: ids });
        attachMessages.note(`${reply.attached} read(s) added to case ${attachCase.value.trim()}: kept as evidence past retention.`);
      }),
    );
    const more = truncated ? ` (the first ${reads.length}; narrow the search for the rest)` : "";
    replace(
      results,
      h("p", { class: "found-summary" }, `${reads.length} reads, newest first${more}; ${reads.filter((r) => r.latitude !== null).length} on the map.`),
      h("div", { class: "toolbar" }, csv, field("Case", attachCase), attach),
      attachMessages,
      h("div", { class: "scroll" }, table(["", "Crop", "Plate", "State", "Seen", "Reader / camera", "Confidence", "Vehicle", ""], reads.map(row))),
    );
  }

  submit.disabled = false;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(submit, messages, async () => {
      const from = start.value ? fromZoneInput(start.value) : null;
      const to = end.value ? fromZoneInput(end.value) : null;
      if ((start.value && !from) || (end.value && !to)) throw new Error("Write the times as YYYY-MM-DD HH:MM:SS (24-hour).");
      const params = {
        plate: plate.value.trim(),
        match: match.value,
        state: state.value.trim().toUpperCase(),
        start: from ? from.toISOString() : "",
        end: to ? to.toISOString() : "",
        camera_id: camera.value,
        min_confidence: Number(minConfidence.value) > 0 ? String(Number(minConfidence.value) / 100) : "",
        colour: colour.value.trim(),
        make: make.value.trim(),
        vehicle_type: vehicleType.value.trim(),
        near: area && area.near,
        radius_m: area && area.radius_m,
        polygon: area && area.polygon,
        reason: reason.value.trim(),
        case_number: caseNumber.value.trim(),
        page_size: PAGE,
      };
      const readerIds = readers.value.split(",").map((r) => r.trim()).filter(Boolean);
      let reads = [];
      let token = "";
      try {
        do {
          const search = new URLSearchParams();
          for (const [name, value] of Object.entries({ ...params, page_token: token })) if (value !== "" && value !== null && value !== undefined) search.set(name, value);
          for (const id of readerIds) search.append("reader_id", id);
          const reply = await getJson(`/v1/lpr/reads?${search}`);
          reads = reads.concat(reply.reads);
          token = reply.next_page_token || "";
        } while (token && reads.length < MAX_READS);
      } catch (error) {
        // Earlier results must not pass for the answer to the refused search.
        replace(results);
        if (view) view.setReads([]);
        if (!reason.value.trim()) reason.focus();
        throw error;
      }
      showResults(reads, Boolean(token), params);
    });
  });
  return () => {
    if (view) view.remove();
  };
}
