// Oversight: the council's technology approvals, the audit trail and its verification, and the
// annual surveillance report. What a role may not see, the gateway refuses, and the page says so.

import { getJson, request, sendJson, session } from "./api.js";
import { busy, field, formatTime, h, messageArea, replace, table } from "./ui.js";

function technologiesSection() {
  const messages = messageArea();
  const body = h("div", {});
  const section = h("section", {}, h("h3", {}, "Technology approvals"), messages, body);
  const mayDecide = (session.load() || {}).role === "admin";

  function decideButton(tech, status, label) {
    const button = h("button", { type: "button" }, label);
    button.addEventListener("click", () =>
      busy(button, messages, async () => {
        const reference = window.prompt(status === "approved" ? "Ordinance or hearing reference:" : "Why is it suspended?");
        if (reference === null) return;
        const decision = status === "approved" ? { status, ordinance_ref: reference } : { status, note: reference };
        await sendJson("PUT", `/v1/oversight/technologies/${tech.key}`, decision);
        await load();
      }),
    );
    return button;
  }

  async function load() {
    try {
      const techs = await getJson("/v1/oversight/technologies");
      const rows = techs.map((t) =>
        h(
          "tr",
          { dataset: { technology: t.key, status: t.status } },
          h("td", {}, t.name),
          h("td", { class: `status-${t.status}` }, t.status),
          h("td", {}, t.ordinance_ref || t.hearing_ref || "—"),
          h("td", {}, t.decided_by ? `${t.decided_by}, ${formatTime(t.decided_at)}` : "—"),
          h("td", {}, mayDecide ? (t.status === "approved" ? decideButton(t, "suspended", "Suspend") : decideButton(t, "approved", "Record approval")) : ""),
        ),
      );
      replace(body, table(["Technology", "Status", "Ordinance / hearing", "Decided", ""], rows));
    } catch (error) {
      messages.error(error);
    }
  }
  load();
  return section;
}

function auditSection() {
  const messages = messageArea();
  const user = h("input", { name: "user", size: 12, placeholder: "user" });
  const action = h("input", { name: "action", size: 16, placeholder: "action or prefix" });
  const search = h("button", { type: "submit" }, "Show");
  const verify = h("button", { type: "button" }, "Verify the chain");
  const verdict = h("p", { class: "verdict", hidden: true });
  const body = h("div", { class: "scroll" });
  const form = h("form", { class: "toolbar" }, field("User", user), field("Action", action), search, verify);
  const section = h("section", {}, h("h3", {}, "Audit trail"), form, verdict, messages, body);

  // The trail pages oldest first; walk the last day's pages to show the newest records.
  async function load() {
    const since = new Date(Date.now() - 24 * 3600 * 1000).toISOString();
    let records = [];
    let after = 0;
    for (let page = 0; page < 20; page += 1) {
      const reply = await getJson("/v1/oversight/audit", { user: user.value.trim(), action: action.value.trim(), since, after_seq: after, limit: 1000 });
      records = records.concat(reply.records).slice(-100);
      if (!reply.next_after_seq) break;
      after = reply.next_after_seq;
    }
    const latest = records.reverse();
    const rows = latest.map((r) =>
      h("tr", { class: "audit-row" }, h("td", {}, r.seq), h("td", {}, formatTime(r.time)), h("td", {}, `${r.subject} (${r.role})`), h("td", {}, r.action), h("td", {}, r.result), h("td", {}, r.reason || ""), h("td", {}, (r.object_ids || []).join(", "))),
    );
    replace(body, rows.length ? table(["#", "When", "Who", "Action", "Result", "Reason", "Objects"], rows) : h("p", { class: "muted" }, "No record matches."));
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(search, messages, load);
  });
  verify.addEventListener("click", () =>
    busy(verify, messages, async () => {
      const result = await getJson("/v1/oversight/audit/verify");
      verdict.hidden = false;
      verdict.className = result.intact ? "verdict intact" : "verdict broken";
      verdict.textContent = result.intact
        ? `Intact: ${result.records_checked} records checked, head ${result.head_hash.slice(0, 16)}…`
        : `BROKEN at record ${result.first_bad_seq}: ${result.problem}`;
    }),
  );
  busy(search, messages, load);
  return section;
}

function reportSection() {
  const messages = messageArea();
  const year = h("input", { type: "number", name: "year", min: 2000, max: 2100, value: String(new Date().getFullYear()) });
  const open = h("button", { type: "submit" }, "Show report");
  const frame = h("iframe", { class: "report", title: "annual surveillance report", sandbox: "", hidden: true });
  const form = h("form", { class: "toolbar" }, field("Year", year), open);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(open, messages, async () => {
      // The printable page, fetched with the token and shown sandboxed (no script runs in it).
      const reply = await request(`/v1/oversight/report?year=${Number(year.value)}&format=html`);
      frame.srcdoc = await reply.text();
      frame.hidden = false;
    });
  });
  return h("section", {}, h("h3", {}, "Annual surveillance report"), form, messages, frame);
}

export async function oversightView(root) {
  replace(root, h("h2", {}, "Oversight"), technologiesSection(), reportSection(), auditSection());
  return () => {};
}
