// Plate search: exact, wildcard (? and *) or OCR-tolerant, over a time range. Policy requires a
// reason for every search (and the audit trail keeps it), so the form asks for it. The gateway
// is the one that enforces the policy: what it refuses is shown in its own words.

import { getJson, objectUrl } from "./api.js";
import { busy, field, formatTime, fromLocalInput, h, messageArea, replace, table } from "./ui.js";

export async function platesView(root) {
  const messages = messageArea();
  const plate = h("input", { name: "plate", size: 12, maxlength: 32, placeholder: "8DMO777 or 8D?O*" });
  const match = h("select", { name: "match" }, ["exact", "wildcard", "fuzzy"].map((m) => h("option", { value: m }, m)));
  const state = h("input", { name: "state", size: 3, maxlength: 3, placeholder: "CA" });
  const start = h("input", { type: "datetime-local", step: 1, name: "start" });
  const end = h("input", { type: "datetime-local", step: 1, name: "end" });
  const reason = h("input", { name: "reason", size: 40, maxlength: 500, placeholder: "required by policy: why you search", "aria-required": "true" });
  const caseNumber = h("input", { name: "case_number", size: 12, maxlength: 64, placeholder: "optional" });
  const submit = h("button", { type: "submit" }, "Search");
  const results = h("div", { class: "results" });
  const form = h(
    "form",
    { class: "plate-form" },
    h("div", { class: "toolbar" }, field("Plate", plate), field("Match", match), field("State", state), field("From", start), field("To", end)),
    h("div", { class: "toolbar" }, field("Reason (required)", reason), field("Case number", caseNumber), submit),
  );
  replace(root, h("h2", {}, "Plate search"), form, messages, results);

  async function showImage(cell, url) {
    try {
      cell.replaceChildren(h("img", { src: await objectUrl(url), alt: "plate image", class: "plate-image" }));
    } catch (error) {
      cell.textContent = error.message;
    }
  }

  function row(read) {
    const imageCell = h("td", {});
    if (read.plate_image_url) {
      const show = h("button", { type: "button" }, "image");
      show.addEventListener("click", () => showImage(imageCell, read.plate_image_url));
      imageCell.append(show);
    }
    return h(
      "tr",
      { class: read.has_hit ? "read hit" : "read" },
      h("td", { class: "plate" }, read.plate),
      h("td", {}, read.state),
      h("td", {}, formatTime(read.observed_at)),
      h("td", {}, read.reader_id || read.camera_id || "—"),
      h("td", {}, `${Math.round(read.confidence * 100)}%`),
      h("td", {}, read.has_hit ? "hotlist hit" : ""),
      imageCell,
    );
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(submit, messages, async () => {
      const from = start.value ? fromLocalInput(start.value) : null;
      const to = end.value ? fromLocalInput(end.value) : null;
      let reply;
      try {
        reply = await getJson("/v1/lpr/reads", {
          plate: plate.value.trim(),
          match: match.value,
          state: state.value.trim().toUpperCase(),
          start: from ? from.toISOString() : "",
          end: to ? to.toISOString() : "",
          reason: reason.value.trim(),
          case_number: caseNumber.value.trim(),
          page_size: 200,
        });
      } catch (error) {
        // Earlier results must not pass for the answer to the refused search.
        replace(results);
        if (!reason.value.trim()) reason.focus();
        throw error;
      }
      if (!reply.reads.length) {
        replace(results, h("p", { class: "muted" }, "No read matches."));
        return;
      }
      const more = reply.next_page_token ? " (first 200; narrow the search for the rest)" : "";
      replace(
        results,
        h("p", {}, `${reply.reads.length} reads, newest first${more}:`),
        table(["Plate", "State", "Seen", "Reader", "Confidence", "", "Image"], reply.reads.map(row)),
      );
    });
  });
  return () => {};
}
