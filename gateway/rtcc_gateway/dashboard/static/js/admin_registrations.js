// The registration queue: a resident's or business's camera, what its owner lets the center do
// and the terms they accepted, approved (the camera joins the registry and the map) or rejected
// with a reason; withdrawals of consent are listed with who recorded them and why.

import { getJson, sendJson } from "./api.js";
import { dateTime } from "./clock.js";
import { busy, field, h, messageArea, replace } from "./ui.js";

const STATUSES = ["pending", "approved", "rejected", "withdrawn", ""];
const GRANTS = {
  live: "may be watched live",
  record: "may be recorded by the center",
  recordings_on_request_only: "footage only on request to the owner",
  registry_only: "listed only: ask the owner for footage",
};

function granted(registration) {
  const items = Object.entries(GRANTS).filter(([key]) => registration.granted[key]).map(([, text]) => h("li", {}, text));
  return items.length ? h("ul", { class: "grants" }, items) : h("p", { class: "muted" }, "nothing granted");
}

function facts(registration) {
  const r = registration;
  const rows = [
    ["Owner", `${r.owner_name} (${r.ownership})`],
    ["Contact", [r.owner_email, r.owner_phone].filter(Boolean).join(" · ")],
    ["Camera", `${r.camera_name} — ${r.technology}`],
    ["Where", `${r.location.address || "no address"} (${r.location.lat.toFixed(5)}, ${r.location.lon.toFixed(5)})`],
    ["Stream", r.stream_url || "none (the center cannot reach it)"],
    ["Consent", `terms ${r.terms_version}, accepted ${dateTime(r.consented_at)}`],
  ];
  if (r.reviewed_at) rows.push(["Reviewed", `${r.status} by ${r.reviewed_by || "—"}, ${dateTime(r.reviewed_at)}${r.review_reason ? `: ${r.review_reason}` : ""}`]);
  if (r.withdrawn_at) rows.push(["Withdrawn", `${dateTime(r.withdrawn_at)} by ${!r.withdrawn_by || r.withdrawn_by === "owner" ? "the owner" : r.withdrawn_by}${r.withdrawal_reason ? `: ${r.withdrawal_reason}` : ""}`]);
  return h("dl", { class: "facts" }, rows.flatMap(([name, value]) => [h("dt", {}, name), h("dd", {}, value)]));
}

function card(registration, reload) {
  const messages = messageArea();
  const reason = h("input", { name: "review_reason", size: 36, maxlength: 500, placeholder: "reason (required to reject)" });
  const approve = h("button", { type: "button", name: "approve" }, "Approve");
  const reject = h("button", { type: "button", name: "reject", class: "danger" }, "Reject");
  const withdraw = h("button", { type: "button", name: "withdraw", class: "danger" }, "Record withdrawal");
  const id = registration.id;
  approve.addEventListener("click", () =>
    busy(approve, messages, async () => {
      await sendJson("POST", `/v1/registrations/${id}/approve`, { reason: reason.value.trim() });
      await reload();
    }),
  );
  reject.addEventListener("click", () =>
    busy(reject, messages, async () => {
      if (!reason.value.trim()) throw new Error("Say why the registration is rejected: the owner is told.");
      await sendJson("POST", `/v1/registrations/${id}/reject`, { reason: reason.value.trim() });
      await reload();
    }),
  );
  withdraw.addEventListener("click", () =>
    busy(withdraw, messages, async () => {
      if (!reason.value.trim()) throw new Error("Say how the owner withdrew consent (e.g. by phone).");
      if (!window.confirm(`Withdraw consent for ${registration.camera_name}? Every use of the camera ends at once.`)) return;
      await sendJson("POST", `/v1/registrations/${id}/withdraw`, { reason: reason.value.trim() });
      await reload();
    }),
  );
  const actions = [];
  if (registration.status === "pending") actions.push(field("Reason", reason), approve, reject);
  if (registration.status === "approved") {
    actions.push(h("a", { href: `#/map/${encodeURIComponent(registration.camera_id)}`, class: "show-on-map" }, "Show on the map"));
    actions.push(field("Reason", reason), withdraw);
  }
  return h(
    "article",
    { class: `registration status-${registration.status}`, dataset: { registration: id, status: registration.status } },
    h("header", {}, h("strong", {}, registration.camera_name), " ", h("span", { class: `pill status-${registration.status}` }, registration.status)),
    h("div", { class: "registration-body" }, facts(registration), h("div", {}, h("h4", {}, "The owner allows"), granted(registration))),
    actions.length ? h("div", { class: "toolbar" }, actions) : null,
    messages,
  );
}

export function registrationsSection() {
  const messages = messageArea();
  const status = h("select", { name: "registration_status" }, STATUSES.map((s) => h("option", { value: s }, s || "all")));
  const list = h("div", { class: "registrations" });
  const more = h("button", { type: "button", name: "more", hidden: true }, "More");
  let next = null;

  async function load(append = false) {
    const reply = await getJson("/v1/registrations", { status: status.value, page_size: 50, page_token: append ? next : "" });
    next = reply.next_page_token;
    more.hidden = !next;
    const cards = reply.registrations.map((r) => card(r, () => load()));
    if (append) list.append(...cards);
    else replace(list, cards.length ? cards : h("p", { class: "muted" }, `No ${status.value || ""} registration.`));
  }
  status.addEventListener("change", () => busy(status, messages, () => load()));
  more.addEventListener("click", () => busy(more, messages, () => load(true)));
  busy(status, messages, () => load());
  return h(
    "section",
    { class: "admin-registrations" },
    h("h3", {}, "Camera registrations"),
    h("p", { class: "muted" }, "Residents and businesses link their cameras through the public form; each camera is used only as its owner allows, and a withdrawal ends every use at once."),
    h("div", { class: "toolbar" }, field("Show", status)),
    messages,
    list,
    more,
  );
}
