// Export a range of footage to a case: the recorder stream-copies it into one MP4 and records
// its SHA-256; once done, the export is attached to the case as evidence (which holds the
// source footage). Progress is shown while the recorder works.

import { getJson, objectUrl, sendJson } from "./api.js";
import { busy, field, formatBytes, fromLocalInput, h, messageArea, toLocalInput } from "./ui.js";

const POLL_MS = 1000;

export function exportPanel(cameraId) {
  const messages = messageArea();
  const start = h("input", { type: "datetime-local", step: 1, name: "export_start", required: true });
  const end = h("input", { type: "datetime-local", step: 1, name: "export_end", required: true });
  const caseSelect = h("select", { name: "case" }, h("option", { value: "" }, "loading cases…"));
  const reason = h("input", { name: "export_reason", size: 40, maxlength: 500, placeholder: "why this footage is exported" });
  const submit = h("button", { type: "submit" }, "Export to case");
  const progress = h("div", { class: "export-progress", hidden: true });
  const form = h(
    "form",
    { class: "export-form" },
    h("h3", {}, "Export a range to a case"),
    h("p", { class: "muted" }, "Drag across the timeline to choose the range, or type it."),
    h("div", { class: "toolbar" }, field("From", start), field("To", end)),
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
    start.value = toLocalInput(from);
    end.value = toLocalInput(to);
  }

  function stage(text, kind = "running") {
    progress.hidden = false;
    progress.dataset.state = kind;
    const bar = kind === "running" ? h("progress", {}) : null;
    progress.replaceChildren(h("p", {}, text), bar || "");
  }

  async function waitUntilDone(exportId) {
    const began = Date.now();
    for (;;) {
      if (stopped) return null;
      const current = await getJson(`/v1/exports/${exportId}`);
      if (current.status === "done" || current.status === "failed") return current;
      const seconds = Math.round((Date.now() - began) / 1000);
      stage(`Export ${current.status}… ${seconds} s (the recorder copies the footage without re-encoding)`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  async function run() {
    const from = fromLocalInput(start.value);
    const to = fromLocalInput(end.value);
    const chosen = cases.find((c) => c.id === caseSelect.value);
    if (!from || !to) throw new Error("Choose the range: drag across the timeline or type both times.");
    if (to <= from) throw new Error("The end of the range must be after its start.");
    if (!chosen) throw new Error("Choose the case this footage is evidence for.");
    if (!reason.value.trim()) throw new Error("A reason is required for every export.");
    stage("Asking the recorder for the export…");
    const created = await sendJson("POST", "/v1/exports", {
      camera_id: cameraId,
      start: from.toISOString(),
      end: to.toISOString(),
      reason: reason.value.trim(),
      case_number: chosen.number,
    });
    const finished = await waitUntilDone(created.id);
    if (!finished) return;
    if (finished.status === "failed") {
      stage(`The export failed: ${finished.error || "no reason given"}`, "failed");
      return;
    }
    stage("Export done; attaching it to the case…");
    const attached = await sendJson("POST", `/v1/cases/${chosen.id}/evidence`, {
      kind: "export",
      ref_id: finished.id,
      camera_id: cameraId,
      start: finished.start,
      end: finished.end,
      sha256: finished.sha256,
      description: `Footage of ${cameraId}, ${from.toLocaleString()} – ${to.toLocaleString()}`,
      reason: reason.value.trim(),
    });
    const download = h("button", { type: "button" }, "Download MP4");
    download.addEventListener("click", () =>
      busy(download, messages, async () => {
        const url = await objectUrl(finished.file_url);
        const link = h("a", { href: url, download: `export-${finished.id}.mp4` });
        link.click();
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
      }),
    );
    progress.dataset.state = "done";
    progress.replaceChildren(
      h("p", {}, `Export done: ${formatBytes(finished.bytes)}, attached to case ${chosen.number} as evidence`, attached.hold ? " (footage on legal hold)." : "."),
      h("p", {}, "SHA-256: ", h("code", { class: "sha256" }, finished.sha256)),
      download,
    );
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(submit, messages, async () => {
      try {
        await run();
      } catch (error) {
        progress.hidden = true;
        throw error;
      }
    });
  });
  loadCases();
  return {
    element: form,
    setRange,
    setReason(text) {
      if (!reason.value) reason.value = text;
    },
    close() {
      stopped = true;
    },
  };
}
