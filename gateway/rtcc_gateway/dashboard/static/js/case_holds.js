// A case's footage holds and its closing, as the API has them: an export attached to a case holds
// its footage past retention; closing the case (or asking by hand) asks for the holds' release,
// and a supervisor other than the one who asked confirms it, after which retention may delete
// the footage. Each step states its reason; the gateway refuses what the role may not do.

import { sendJson } from "./api.js";
import { mayUse } from "./roles.js";
import { busy, field, formatTime, h, messageArea, replace, table } from "./ui.js";

const STATUS_WORDS = { active: "held", release_requested: "release asked", released: "released" };

function reasonInput(name, placeholder) {
  return h("input", { name, size: 36, maxlength: 500, placeholder });
}

// The holds table and, under it, what the signed-in person may do with them.
export function holdsPanel(record, names, onChange) {
  const messages = messageArea();
  const list = h("div", { class: "holds" });
  const actions = h("div", { class: "hold-actions" });
  const panel = h("div", {}, list, actions, messages);

  function draw(holds) {
    replace(
      list,
      holds.length
        ? table(
            ["Camera", "Footage", "Status", "Placed", "Release asked"],
            holds.map((hold) =>
              h(
                "tr",
                { class: "hold", dataset: { hold: hold.id, status: hold.status } },
                h("td", {}, names.get(hold.camera_id) || hold.camera_id),
                h("td", {}, `${formatTime(hold.start)} – ${formatTime(hold.end)}`),
                h("td", { class: `hold-${hold.status}` }, STATUS_WORDS[hold.status] || hold.status),
                h("td", {}, `${hold.placed_by}, ${formatTime(hold.placed_at)}`),
                h("td", {}, hold.release_requested_by ? `${hold.release_requested_by}, ${formatTime(hold.release_requested_at)}: ${hold.release_reason || ""}` : "—"),
              ),
            ),
          )
        : h("p", { class: "muted" }, "No footage is held for this case."),
    );
    const active = holds.filter((hold) => hold.status === "active");
    const asked = holds.filter((hold) => hold.status === "release_requested");
    const forms = [];
    if (active.length && mayUse("cases.holds.request_release")) forms.push(releaseForm("request", active));
    if (asked.length && mayUse("cases.holds.confirm_release")) forms.push(releaseForm("confirm", asked));
    replace(actions, ...forms);
  }

  function releaseForm(step, holds) {
    const reason = reasonInput(step === "request" ? "release_reason" : "confirm_reason", step === "request" ? "why the footage need no longer be kept" : "why you confirm the release");
    const submit = h("button", { type: "submit", name: `${step}-release` }, step === "request" ? `Ask to release ${holds.length === 1 ? "the hold" : `${holds.length} holds`}` : `Confirm the release of ${holds.length === 1 ? "1 hold" : `${holds.length} holds`}`);
    const form = h("form", { class: `toolbar hold-${step}-form` }, field("Reason", reason), submit);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      busy(submit, messages, async () => {
        const path = `/v1/cases/${record.id}/holds/release${step === "confirm" ? "/confirm" : ""}`;
        await sendJson("POST", path, { hold_ids: holds.map((hold) => hold.id), reason: reason.value.trim() });
        messages.note(step === "request" ? "Release asked: a supervisor confirms it." : "Released: the footage now follows retention.");
        await onChange();
      });
    });
    return form;
  }

  // The case page reads the holds with the evidence (`onChange` reads them again).
  return { panel, show: draw };
}

// Closing (or disposing of) an open case, with its reason; its holds' release is asked with it.
export function closeCaseForm(record, onClosed) {
  if (record.status !== "open" || !mayUse("cases.update")) return "";
  const messages = messageArea();
  const status = h("select", { name: "close_status" }, h("option", { value: "closed" }, "closed"), h("option", { value: "disposed" }, "disposed"));
  const reason = reasonInput("close_reason", "e.g. suspect convicted, no further need");
  const submit = h("button", { type: "submit", name: "close-case" }, "Close case");
  const form = h("form", { class: "toolbar close-case-form" }, field("Close as", status), field("Reason", reason), submit, messages);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(submit, messages, async () => {
      const reply = await sendJson("PATCH", `/v1/cases/${record.id}`, { status: status.value, reason: reason.value.trim() });
      const pending = reply.holds_pending_release.length;
      onClosed(pending ? `Case ${status.value}; the release of ${pending === 1 ? "its hold" : `its ${pending} holds`} is asked: a supervisor confirms it.` : `Case ${status.value}.`);
    });
  });
  return form;
}
