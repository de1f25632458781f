// The case board: open cases, and for each its evidence (with holds), chain of custody and the
// outcomes (arrests, recovered vehicles) credited to the center.

import { getJson, objectUrl, sendJson } from "./api.js";
import { footageRequestsPanel } from "./case_footage_requests.js";
import { closeCaseForm, holdsPanel } from "./case_holds.js";
import { allCameras, cameraLabel } from "./cameras.js";
import { busy, field, formatTime, h, messageArea, replace, table } from "./ui.js";

const TECHNOLOGIES = [
  ["live_view", "live view"],
  ["lookback_footage", "look-back footage"],
  ["plate_hit", "plate hit"],
  ["camera_canvass", "camera canvass"],
];
const TECHNOLOGY_LABELS = new Map(TECHNOLOGIES);

function newCaseForm(onCreated) {
  const messages = messageArea();
  const number = h("input", { name: "number", size: 12, maxlength: 64, placeholder: "24-001234", required: true });
  const offense = h("input", { name: "offense", size: 16, maxlength: 64, placeholder: "robbery", required: true });
  const place = h("input", { name: "incident_place", size: 24, maxlength: 500 });
  const summary = h("input", { name: "summary", size: 40, maxlength: 2000 });
  const submit = h("button", { type: "submit" }, "Open case");
  const form = h("form", { class: "toolbar new-case" }, field("Number", number), field("Offense", offense), field("Place", place), field("Summary", summary), submit, messages);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(submit, messages, async () => {
      const created = await sendJson("POST", "/v1/cases", {
        number: number.value.trim(),
        offense: offense.value.trim(),
        incident_place: place.value.trim(),
        summary: summary.value.trim(),
      });
      form.reset();
      onCreated(created);
    });
  });
  return form;
}

export async function casesView(root, { params, navigate }) {
  if (params[0]) return caseDetail(root, params[0]);
  const messages = messageArea();
  const list = h("div", {});
  const status = h("select", { name: "status" }, ["open", "closed", "disposed", ""].map((s) => h("option", { value: s }, s || "any status")));
  replace(root, h("h2", {}, "Cases"), newCaseForm((c) => navigate(`#/cases/${c.id}`)), h("div", { class: "toolbar" }, field("Show", status)), messages, list);

  async function load() {
    messages.clear();
    try {
      const reply = await getJson("/v1/cases", { status: status.value, limit: 200 });
      const rows = reply.cases.map((c) =>
        h("tr", { dataset: { case: c.id } }, h("td", {}, h("a", { href: `#/cases/${c.id}` }, c.number)), h("td", {}, c.offense), h("td", {}, c.status), h("td", {}, c.lead_investigator || "—"), h("td", {}, formatTime(c.created_at))),
      );
      replace(list, reply.cases.length ? table(["Number", "Offense", "Status", "Lead", "Opened"], rows) : h("p", { class: "muted" }, "No case."));
    } catch (error) {
      messages.error(error);
    }
  }
  status.addEventListener("change", load);
  await load();
  return () => {};
}

function outcomeForm(caseId, onAdded) {
  const messages = messageArea();
  const kind = h("select", { name: "kind" }, h("option", { value: "arrest" }, "arrest"), h("option", { value: "vehicle_recovery" }, "vehicle recovered"));
  const occurred = h("input", { type: "date", name: "occurred_on", value: new Date().toISOString().slice(0, 10) });
  const count = h("input", { type: "number", name: "arrest_count", min: 1, value: "1", class: "narrow" });
  const charge = h("input", { name: "charge", size: 16, maxlength: 200, placeholder: "e.g. robbery" });
  const plate = h("input", { name: "plate", size: 10, maxlength: 16 });
  const plateState = h("input", { name: "plate_state", size: 3, maxlength: 3 });
  const vin = h("input", { name: "vin", size: 17, maxlength: 17 });
  const assisted = h("input", { type: "checkbox", name: "center_assisted", checked: true });
  const how = TECHNOLOGIES.map(([value, label]) => [value, h("input", { type: "checkbox", name: "assisted_by", value }), label]);
  const submit = h("button", { type: "submit" }, "Record outcome");
  // Only the fields of the chosen kind are shown: an arrest has a charge, a recovery a vehicle.
  const arrestFields = h("span", { class: "toolbar" }, field("Arrests", count), field("Charge", charge));
  const vehicleFields = h("span", { class: "toolbar", hidden: true }, field("Plate", plate), field("State", plateState), field("VIN", vin));
  kind.addEventListener("change", () => {
    arrestFields.hidden = kind.value !== "arrest";
    vehicleFields.hidden = kind.value === "arrest";
  });
  const form = h(
    "form",
    { class: "outcome-form" },
    h("div", { class: "toolbar" }, field("Outcome", kind), field("On", occurred), arrestFields, vehicleFields),
    h("div", { class: "toolbar" }, h("label", {}, assisted, " the center assisted, by"), ...how.map(([, box, label]) => h("label", {}, box, ` ${label}`)), submit),
    messages,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(submit, messages, async () => {
      const arrest = kind.value === "arrest";
      await sendJson("POST", `/v1/cases/${caseId}/outcomes`, {
        kind: kind.value,
        occurred_on: occurred.value,
        center_assisted: assisted.checked,
        assisted_by: assisted.checked ? how.filter(([, box]) => box.checked).map(([value]) => value) : [],
        arrest_count: arrest ? Number(count.value) : null,
        charge: arrest ? charge.value.trim() : "",
        plate: arrest ? "" : plate.value.trim(),
        plate_state: arrest ? "" : plateState.value.trim(),
        vin: arrest ? "" : vin.value.trim(),
      });
      await onAdded();
    });
  });
  return form;
}

// An export's file from the recorder, or a clip an owner uploaded (kept by the cases service).
// The gateway writes each download into the item's chain of custody: `onDone` shows it.
function downloadButton(item, messages, onDone) {
  const button = h("button", { type: "button" }, "Download");
  const [path, name] =
    item.kind === "upload"
      ? [`/v1/cases/${encodeURIComponent(item.case_id)}/evidence/${encodeURIComponent(item.id)}/clip`, `clip-${item.id}`]
      : [`/v1/exports/${encodeURIComponent(item.ref_id)}/file`, `export-${item.ref_id}.mp4`];
  button.addEventListener("click", () =>
    busy(button, messages, async () => {
      const url = await objectUrl(path);
      h("a", { href: url, download: name }).click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      onDone();
    }),
  );
  return button;
}

const HOLD_WORDS = { active: "on legal hold", release_requested: "on hold, release asked", released: "hold released" };

function evidenceTable(items, cameraNames, messages, holds = [], onDownloaded = () => {}) {
  const holdOf = new Map(holds.map((hold) => [hold.id, hold.status]));
  if (!items.length) return h("p", { class: "muted" }, "No evidence yet: export footage from Look back, or attach plate reads.");
  const rows = items.map((e) =>
    h(
      "tr",
      { class: "evidence-row", dataset: { kind: e.kind, evidence: e.id } },
      h("td", {}, e.kind),
      h("td", {}, e.description || "—"),
      h("td", {}, cameraNames.get(e.camera_id) || e.camera_id || e.ref_id || "—"),
      h("td", {}, e.start ? `${formatTime(e.start)} – ${formatTime(e.end)}` : "—"),
      h("td", {}, h("code", { class: "sha256" }, e.sha256 || "—")),
      h("td", { class: "hold" }, e.hold_id ? HOLD_WORDS[holdOf.get(e.hold_id)] || "on legal hold" : "—"),
      h("td", {}, `${e.attached_by}, ${formatTime(e.attached_at)}`),
      h("td", {}, e.kind === "export" || e.kind === "upload" ? downloadButton(e, messages, onDownloaded) : ""),
    ),
  );
  return table(["Kind", "Description", "Camera / ref", "Covers", "SHA-256", "Hold", "Attached", ""], rows);
}

function custodyTable(chain, items) {
  if (!chain.length) return h("p", { class: "muted" }, "No custody entry yet.");
  const described = new Map(items.map((e) => [e.id, `${e.kind}: ${e.description || e.ref_id}`]));
  const rows = chain.map((c) =>
    h(
      "tr",
      { class: "custody-row", dataset: { action: c.action } },
      h("td", {}, formatTime(c.at)),
      h("td", {}, `${c.actor_subject} (${c.actor_role}${c.actor_agency ? `, ${c.actor_agency}` : ""})`),
      h("td", { class: "action" }, c.action),
      h("td", {}, described.get(c.evidence_id) || c.evidence_id || "the case"),
      h("td", {}, c.reason),
      h("td", {}, c.detail || ""),
    ),
  );
  return table(["When", "Who", "Action", "Item", "Reason", "Detail"], rows);
}

function outcomesTable(results) {
  if (!results.length) return h("p", { class: "muted" }, "No outcome recorded.");
  const detail = (o) => (o.kind === "arrest" ? `${o.arrest_count} × ${o.charge}` : [o.plate, o.plate_state, o.vin].filter(Boolean).join(" "));
  const rows = results.map((o) =>
    h(
      "tr",
      { class: "outcome-row", dataset: { kind: o.kind } },
      h("td", {}, o.kind.replace("_", " ")),
      h("td", {}, o.occurred_on),
      h("td", {}, detail(o)),
      h("td", {}, o.center_assisted ? o.assisted_by.map((t) => TECHNOLOGY_LABELS.get(t) || t).join(", ") || "yes" : "no"),
      h("td", {}, o.recorded_by),
    ),
  );
  return table(["Outcome", "On", "Detail", "Center assisted", "Recorded by"], rows);
}

async function cameraNames() {
  try {
    return new Map((await allCameras()).map((c) => [c.id, cameraLabel(c)]));
  } catch {
    return new Map(); // the ids are shown instead
  }
}

async function caseDetail(root, caseId, note = "") {
  const messages = messageArea();
  replace(root, h("h2", {}, "Case"), messages);
  let record;
  try {
    record = await getJson(`/v1/cases/${caseId}`);
  } catch (error) {
    messages.error(error);
    return () => {};
  }
  const names = await cameraNames();
  const evidence = h("div", { class: "evidence" });
  const custody = h("div", { class: "custody" });
  const outcomes = h("div", { class: "outcomes" });
  // An owner's clip arrives as evidence: the evidence and custody tables follow it.
  const footage = footageRequestsPanel(record, () => load());
  const holds = holdsPanel(record, names, () => load());

  async function load() {
    try {
      const [items, chain, results, held] = await Promise.all([
        getJson(`/v1/cases/${caseId}/evidence`),
        getJson(`/v1/cases/${caseId}/custody`),
        getJson(`/v1/cases/${caseId}/outcomes`),
        getJson(`/v1/cases/${caseId}/holds`),
      ]);
      replace(evidence, evidenceTable(items, names, messages, held, load));
      holds.show(held);
      replace(custody, custodyTable(chain, items));
      replace(outcomes, outcomesTable(results));
    } catch (error) {
      messages.error(error);
    }
  }
  replace(
    root,
    h("h2", {}, `Case ${record.number}`),
    h("p", {}, `${record.offense} · ${record.status} · opened by ${record.created_by} ${formatTime(record.created_at)}`, record.incident_place ? ` · ${record.incident_place}` : ""),
    record.summary ? h("p", {}, record.summary) : "",
    messages,
    h("h3", {}, "Evidence"),
    evidence,
    h("h3", {}, "Footage held"),
    holds.panel,
    h("h3", {}, "Footage requests to camera owners"),
    footage.panel,
    h("h3", {}, "Chain of custody"),
    custody,
    h("h3", {}, "Outcomes"),
    outcomes,
    record.status === "open" ? outcomeForm(caseId, load) : "",
    closeCaseForm(record, (text) => caseDetail(root, caseId, text)),
    h("p", {}, h("a", { href: "#/cases" }, "All cases")),
  );
  if (note) messages.note(note);
  await Promise.all([load(), footage.reload()]);
  return () => {};
}
