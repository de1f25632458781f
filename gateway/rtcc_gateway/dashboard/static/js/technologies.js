// The council's decisions on each surveillance technology: its status, the ordinance or hearing
// that decided it, and the use policy adopted with an approval, which everyone may read. An
// administrator records a decision: an approval (again, after a suspension) names its ordinance
// or hearing and carries the use policy text; a suspension says why.

import { getJson, sendJson } from "./api.js";
import { dateTime } from "./clock.js";
import { mayUse } from "./roles.js";
import { busy, field, h, messageArea, replace } from "./ui.js";

function decisionForm(tech, messages, reload) {
  const status = h("select", { name: "status" }, ["approved", "suspended", "proposed"].map((s) => h("option", { value: s, selected: s === (tech.status === "approved" ? "suspended" : "approved") }, s)));
  const ordinance = h("input", { name: "ordinance_ref", size: 24, maxlength: 128, value: tech.ordinance_ref || "", placeholder: "Ordinance 2026-14" });
  const hearing = h("input", { name: "hearing_ref", size: 24, maxlength: 128, value: tech.hearing_ref || "", placeholder: "council hearing of …" });
  const policy = h("textarea", { name: "use_policy", rows: 8, cols: 80, maxlength: 100000, placeholder: "the use policy the council adopted, as adopted" });
  policy.value = tech.use_policy || "";
  const note = h("input", { name: "note", size: 50, maxlength: 10000, placeholder: "why (required for a suspension)" });
  const save = h("button", { type: "submit" }, "Record the decision");
  const form = h(
    "form",
    { class: "decision-form", dataset: { technology: tech.key } },
    h("div", { class: "toolbar" }, field("Decision", status), field("Ordinance", ordinance), field("Hearing", hearing)),
    h("label", { class: "block" }, "Use policy", policy),
    h("div", { class: "toolbar" }, field("Note", note), save),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(save, messages, async () => {
      if (status.value === "approved" && !policy.value.trim()) throw new Error("An approval carries the use policy the council adopted: paste its text.");
      if (status.value === "approved" && !ordinance.value.trim()) throw new Error("An approval names its ordinance or hearing.");
      if (status.value === "suspended" && !note.value.trim()) throw new Error("Say why the technology is suspended.");
      await sendJson("PUT", `/v1/oversight/technologies/${tech.key}`, {
        status: status.value,
        ordinance_ref: ordinance.value.trim(),
        hearing_ref: hearing.value.trim(),
        use_policy: policy.value,
        note: note.value.trim(),
      });
      await reload();
    });
  });
  return form;
}

function technologyCard(tech, reload) {
  const messages = messageArea();
  const decided = tech.decided_by ? `decided by ${tech.decided_by}, ${dateTime(tech.decided_at)}` : "no decision recorded";
  const refs = [tech.ordinance_ref && `ordinance ${tech.ordinance_ref}`, tech.hearing_ref && `hearing ${tech.hearing_ref}`].filter(Boolean).join(" · ");
  const policy = tech.use_policy
    ? h("details", { class: "use-policy" }, h("summary", {}, "Use policy"), h("pre", { class: "use-policy-text" }, tech.use_policy))
    : h("p", { class: "muted" }, "No use policy adopted.");
  const card = h(
    "article",
    { class: "technology", dataset: { technology: tech.key, status: tech.status } },
    h("header", {}, h("strong", {}, tech.name), " ", h("span", { class: `pill status-${tech.status}` }, tech.status)),
    tech.description ? h("p", { class: "muted" }, tech.description) : null,
    h("p", {}, refs || "no ordinance or hearing", " — ", decided, tech.note ? ` — note: ${tech.note}` : ""),
    policy,
  );
  if (mayUse("oversight.technologies.decide")) {
    const open = h("button", { type: "button", name: "decide" }, tech.status === "approved" ? "Record a decision" : "Record approval");
    open.addEventListener("click", () => {
      open.replaceWith(decisionForm(tech, messages, reload));
    });
    card.append(open);
  }
  card.append(messages);
  return card;
}

export function technologiesSection() {
  const messages = messageArea();
  const body = h("div", { class: "technologies" });
  async function load() {
    const techs = await getJson("/v1/oversight/technologies");
    replace(body, techs.map((t) => technologyCard(t, load)));
  }
  load().catch((error) => messages.error(error));
  return h("section", {}, h("h3", {}, "Technology approvals"), h("p", { class: "muted" }, "What the council has not approved cannot be used: the gateway refuses it."), messages, body);
}
