// Export a range of footage to a case: the recorder stream-copies it into one MP4 and records
// its SHA-256; once done, the export is attached to the case as evidence (which holds the
// source footage). Each step the recorder reports (queued, copying, done or failed, with its own
// words) is shown as it happens.

import { getJson, objectUrl, sendJson } from "./api.js";
import { cameraLabel } from "./cameras.js";
import { dateTime, fromZoneInput, toZoneInput, zoneName, zoneTimeInput } from "./clock.js";
import { busy, field, formatBytes, h, messageArea } from "./ui.js";

const POLL_MS = 1000;
// The steps in order; `pending`, `running` and `done` are the recorder's own export states.
const STAGES = [
  ["requested", "Requested"],
  ["pending", "Queued at the recorder"],
  ["running", "Copying the footage (no re-encoding)"],
  ["done", "File written, SHA-256 recorded"],
  ["attached", "Attached to the case"],
];
const STAGE_INDEX = Object.fromEntries(STAGES.map(([key], index) => [key, index]));

// The progress area: a bar that moves one step per real state, the list of steps, and what the
// current step says. `failed` marks the step where it stopped.
function progressArea() {
  const bar = h("progress", { max: STAGES.length - 1, value: 0 });
  const steps = h("ol", { class: "export-stages" }, STAGES.map(([key, label]) => h("li", { dataset: { stage: key } }, label)));
  const detail = h("p", { class: "export-detail", role: "status" });
  const extra = h("div", { class: "export-result" });
  const node = h("div", { class: "export-progress", hidden: true }, bar, steps, detail, extra);
  node.show = (stage, text, { failed = false, children = [] } = {}) => {
    const at = STAGE_INDEX[stage];
    node.hidden = false;
    node.dataset.state = failed ? "failed" : stage;
    bar.value = at;
    for (const item of steps.children) {
      const index = STAGE_INDEX[item.dataset.stage];
      const reached = index < at || (index === at && stage === "attached" && !failed);
      item.className = reached ? "passed" : index === at ? (failed ? "failed" : "current") : "";
    }
    detail.textContent = text;
    extra.replaceChildren(...children);
  };
  return node;
}

function sha256Line(exported) {
  return h("p", {}, "SHA-256: ", h("code", { class: "sha256" }, exported.sha256));
}

// `onAttached(exported, chosenCase)` runs once an export is evidence of the case (a bookmark
// records where its range went).
export function exportPanel(camera, { onAttached = async () => {} } = {}) {
  const messages = messageArea();
  const start = zoneTimeInput({ name: "export_start", required: true });
  const end = zoneTimeInput({ name: "export_end", required: true });
  const caseSelect = h("select", { name: "case" }, h("option", { value: "" }, "loading cases…"));
  const reason = h("input", { name: "export_reason", size: 40, maxlength: 500, placeholder: "why this footage is exported" });
  const submit = h("button", { type: "submit" }, "Export to case");
  const progress = progressArea();
  const form = h(
    "form",
    // data-keep-clear: alert toasts move aside rather than cover the export being made.
    { class: "export-form", dataset: { keepClear: "" } },
    h("h3", {}, "Export a range to a case"),
    h("p", { class: "muted" }, "Shift-drag across the timeline to choose the range, or type it."),
    h("div", { class: "toolbar" }, field("From", start), field("To", end), h("span", { class: "muted zone" }, zoneName())),
    h("div", { class: "toolbar" }, field("Case", caseSelect), h("a", { href: "#/cases" }, "open a new case")),
    h("div", { class: "toolbar" }, field("Reason", reason), submit),
    messages,
    progress,
  );
  let cases = [];
  let stopped = false;

  async function loadCases() {
    try {
      cases = (await getJson("/v1/cases", { status: "open", limit: 200 })).cases;
      caseSelect.replaceChildren(
        h("option", { value: "" }, cases.length ? "— choose a case —" : "no open case: open one first"),
        ...cases.map((c) => h("option", { value: c.id }, `${c.number} — ${c.offense}`)),
      );
    } catch (error) {
      messages.error(error);
    }
  }

  function setRange(from, to) {
    start.value = toZoneInput(from);
    end.value = toZoneInput(to);
  }

  function showState(exported, began) {
    const seconds = Math.round((Date.now() - began) / 1000);
    const name = `Export ${exported.id.slice(0, 8)}`;
    if (exported.status === "pending") progress.show("pending", `${name} is queued: waiting for the recorder (${seconds} s).`);
    else progress.show("running", `${name}: the recorder is copying the footage (${seconds} s).`);
  }

  // Polls GET /v1/exports/{id} until the recorder says done or failed; null if the view closed.
  async function untilFinished(exported) {
    const began = Date.now();
    let current = exported;
    while (current.status !== "done" && current.status !== "failed") {
      showState(current, began);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      if (stopped) return null;
      current = await getJson(`/v1/exports/${exported.id}`);
    }
    return current;
  }

  function downloadButton(exported) {
    const download = h("button", { type: "button" }, "Download MP4");
    download.addEventListener("click", () =>
      busy(download, messages, async () => {
        const url = await objectUrl(exported.file_url);
        h("a", { href: url, download: `export-${exported.id}.mp4` }).click();
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
      }),
    );
    return download;
  }

  async function attach(exported, chosen, from, to, why) {
    progress.show("done", `Export done: ${formatBytes(exported.bytes)}. Attaching it to case ${chosen.number}…`, { children: [sha256Line(exported)] });
    try {
      const attached = await sendJson("POST", `/v1/cases/${chosen.id}/evidence`, {
        kind: "export",
        ref_id: exported.id,
        camera_id: camera.id,
        start: exported.start,
        end: exported.end,
        sha256: exported.sha256,
        description: `Footage of ${cameraLabel(camera)}, ${dateTime(from)} – ${dateTime(to)}`,
        reason: why,
      });
      const held = attached.hold ? " The source footage is on legal hold." : "";
      await onAttached(exported, chosen).catch((error) => messages.error(error));
      progress.show("attached", `Export done: ${formatBytes(exported.bytes)}, attached to case ${chosen.number} as evidence.${held}`, {
        children: [sha256Line(exported), downloadButton(exported), " ", h("a", { href: `#/cases/${chosen.id}` }, `Open case ${chosen.number}`)],
      });
    } catch (error) {
      // The file exists and keeps its hash; only the attachment is missing, and may be retried.
      const retry = h("button", { type: "button" }, "Attach again");
      retry.addEventListener("click", () => busy(retry, messages, () => attach(exported, chosen, from, to, why)));
      progress.show("attached", `Export done, but not attached to case ${chosen.number}: ${error.message}`, {
        failed: true,
        children: [sha256Line(exported), retry, " ", downloadButton(exported)],
      });
    }
  }

  async function run() {
    const from = fromZoneInput(start.value);
    const to = fromZoneInput(end.value);
    const chosen = cases.find((c) => c.id === caseSelect.value);
    const why = reason.value.trim();
    if (!from || !to) throw new Error("Choose the range: drag across the timeline or type both times.");
    if (to <= from) throw new Error("The end of the range must be after its start.");
    if (!chosen) throw new Error("Choose the case this footage is evidence for.");
    if (!why) throw new Error("A reason is required for every export.");
    progress.show("requested", "Asking the recorder for the export…");
    let finished;
    try {
      const created = await sendJson("POST", "/v1/exports", {
        camera_id: camera.id,
        start: from.toISOString(),
        end: to.toISOString(),
        reason: why,
        case_number: chosen.number,
      });
      finished = await untilFinished(created);
    } catch (error) {
      progress.show("requested", `The export was refused: ${error.message}`, { failed: true });
      return;
    }
    if (!finished) return;
    if (finished.status === "failed") {
      progress.show("running", `The recorder could not make the export: ${finished.error || "it gave no reason"}`, { failed: true });
      return;
    }
    await attach(finished, chosen, from, to, why);
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(submit, messages, run);
  });
  loadCases();
  return {
    setRange,
    setReason(text) {
      if (!reason.value) reason.value = text;
    },
    element: form,
    close() {
      stopped = true;
    },
  };
}
