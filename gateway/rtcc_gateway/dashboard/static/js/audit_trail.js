// The audit trail for an auditor: any period, filtered by user, agency, action, case number and
// result, a page of 100 records at a time (on and back), the plate readers' ingest counted in
// one line instead of flooding the list, and the records that match exported as CSV.

import { getJson } from "./api.js";
import { dateTime, fromZoneInput, loadDisplaySettings, toZoneInput, zoneName, zoneTimeInput } from "./clock.js";
import { csvText, downloadCsv, fileStamp } from "./csv.js";
import { busy, field, h, messageArea, replace, table } from "./ui.js";

const PAGE = 100;
const EXPORT_PAGE = 1000;
const EXPORT_MAX = 200_000;
// Each reader's batches are one record each: many a second on a busy network.
const INGEST = "lpr.reads.write";
const CSV_HEADER = ["seq", "time", "subject", "agency", "role", "action", "technology", "result", "reason", "case_number", "object_ids", "query", "source", "request_id", "hash"];

function auditQuery(filters, afterSeq, limit) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value && name !== "rollup") search.set(name, value);
  if (filters.rollup) search.append("rollup", INGEST);
  search.set("after_seq", String(afterSeq));
  search.set("limit", String(limit));
  return `/v1/oversight/audit?${search}`;
}

function describeQuery(record) {
  return Object.entries(record.query || {})
    .filter(([, v]) => v !== "" && v !== null && !(Array.isArray(v) && !v.length))
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join("|") : typeof v === "object" ? JSON.stringify(v) : v}`)
    .join(" ");
}

function recordRow(r) {
  const refused = r.result === "denied" || String(r.result).startsWith("failed");
  return h(
    "tr",
    { class: refused ? "audit-row refused" : "audit-row", dataset: { seq: r.seq } },
    h("td", { class: "n" }, r.seq),
    h("td", {}, dateTime(r.time, { withZone: false })),
    h("td", {}, r.subject, h("span", { class: "muted" }, ` (${r.role}${r.agency ? `, ${r.agency}` : ""})`)),
    h("td", {}, r.action),
    h("td", {}, r.result),
    h("td", {}, r.reason || "", r.case_number ? h("span", { class: "muted" }, ` case ${r.case_number}`) : ""),
    h("td", { class: "audit-what" }, [(r.object_ids || []).join(", "), describeQuery(r)].filter(Boolean).join(" · ")),
  );
}

function rollupLine(rollups, onShow) {
  if (!rollups.length) return null;
  return h(
    "p",
    { class: "rollup" },
    rollups.map((r) =>
      h(
        "span",
        { class: "rollup-item", dataset: { action: r.action, count: r.count } },
        `Plate-read ingest (${r.action}): ${r.count.toLocaleString()} records from ${dateTime(r.first, { withZone: false })} to ${dateTime(r.last)}, `,
        `${r.refused.toLocaleString()} refused or failed — counted here, not listed. `,
      ),
    ),
    h("button", { type: "button", name: "show-ingest", onclick: onShow }, "List them too"),
  );
}

export async function auditSection() {
  await loadDisplaySettings();
  const messages = messageArea();
  const input = (name, size, placeholder) => h("input", { name, size, placeholder });
  const since = zoneTimeInput({ name: "since", value: toZoneInput(new Date(Date.now() - 7 * 86400_000)) });
  const until = zoneTimeInput({ name: "until" });
  const user = input("user", 12, "user");
  const agency = input("agency", 8, "agency");
  const action = input("action", 16, "action or prefix");
  const caseNumber = input("case_number", 10, "case number");
  const result = input("result", 8, "ok, denied…");
  const rollup = h("input", { type: "checkbox", name: "rollup", checked: true });
  const show = h("button", { type: "submit" }, "Show");
  const exportCsv = h("button", { type: "button", name: "export-audit" }, "Export CSV");
  const verify = h("button", { type: "button", name: "verify" }, "Verify the chain");
  const verdict = h("p", { class: "verdict", hidden: true });
  const summary = h("p", { class: "audit-summary", role: "status" });
  const rolled = h("div", {});
  const body = h("div", { class: "scroll" });
  const previous = h("button", { type: "button", name: "previous-page", disabled: true }, "‹ Previous 100");
  const next = h("button", { type: "button", name: "next-page", disabled: true }, "Next 100 ›");
  const pager = h("div", { class: "toolbar pager" }, previous, next, summary);
  const form = h(
    "form",
    { class: "toolbar audit-filters" },
    field(`From (${zoneName()})`, since),
    field("To", until),
    field("User", user),
    field("Agency", agency),
    field("Action", action),
    field("Case", caseNumber),
    field("Result", result),
    h("label", { title: `count ${INGEST} records in one line instead of listing them` }, rollup, " roll up plate-read ingest"),
    show,
    exportCsv,
    verify,
  );
  // after_seq of each page shown so far: page n starts after starts[n].
  let starts = [0];
  let nextAfter = null;
  let filters = {};
  let pageIndex = 0;

  function readFilters() {
    const from = since.value.trim() ? fromZoneInput(since.value) : null;
    const to = until.value.trim() ? fromZoneInput(until.value) : null;
    if ((since.value.trim() && !from) || (until.value.trim() && !to)) throw new Error("Write the times as YYYY-MM-DD HH:MM:SS (24-hour).");
    return {
      since: from ? from.toISOString() : "",
      until: to ? to.toISOString() : "",
      user: user.value.trim(),
      agency: agency.value.trim(),
      action: action.value.trim(),
      case_number: caseNumber.value.trim(),
      result: result.value.trim(),
      rollup: rollup.checked,
    };
  }

  async function showPage(index) {
    // No on or back while a page loads: the pages known may be about to change.
    previous.disabled = true;
    next.disabled = true;
    if (starts[index] === undefined) return;
    const reply = await getJson(auditQuery(filters, starts[index], PAGE));
    starts = starts.slice(0, index + 1);
    nextAfter = reply.next_after_seq;
    if (nextAfter) starts.push(nextAfter);
    body.dataset.page = String(index + 1);
    const first = index * PAGE + 1;
    summary.textContent = reply.records.length
      ? `Page ${index + 1}: records ${first.toLocaleString()} to ${(first + reply.records.length - 1).toLocaleString()} of those that match${nextAfter ? ", more after" : ", the last page"}.`
      : "No record matches.";
    replace(rolled, rollupLine(reply.rolled_up || [], listIngest));
    replace(body, reply.records.length ? table(["#", `When (${zoneName()})`, "Who", "Action", "Result", "Why", "What"], reply.records.map(recordRow)) : null);
    pageIndex = index;
  }
  // After busy() gives the buttons back: on and back only where there is a page.
  function updatePager() {
    previous.disabled = pageIndex === 0;
    next.disabled = !nextAfter;
  }
  function listIngest() {
    rollup.checked = false;
    form.requestSubmit();
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(show, messages, async () => {
      filters = readFilters();
      starts = [0];
      await showPage(0);
    }).then(updatePager);
  });
  next.addEventListener("click", () => busy(next, messages, () => showPage(pageIndex + 1)).then(updatePager));
  previous.addEventListener("click", () => busy(previous, messages, () => showPage(pageIndex - 1)).then(updatePager));
  exportCsv.addEventListener("click", () =>
    busy(exportCsv, messages, async () => {
      const wanted = readFilters();
      const rows = [];
      let after = 0;
      do {
        const reply = await getJson(auditQuery(wanted, after, EXPORT_PAGE));
        for (const r of reply.records) rows.push([r.seq, r.time, r.subject, r.agency, r.role, r.action, r.technology, r.result, r.reason, r.case_number, (r.object_ids || []).join(" "), JSON.stringify(r.query || {}), r.source, r.request_id, r.hash]);
        after = reply.next_after_seq || 0;
        exportCsv.textContent = `Exporting… ${rows.length.toLocaleString()}`;
      } while (after && rows.length < EXPORT_MAX);
      exportCsv.textContent = "Export CSV";
      downloadCsv(`audit-${fileStamp()}.csv`, csvText(CSV_HEADER, rows));
      messages.note(`Exported ${rows.length.toLocaleString()} records${after ? ` (the first ${EXPORT_MAX.toLocaleString()}: narrow the period for the rest)` : ""}.`);
    }).finally(() => {
      exportCsv.textContent = "Export CSV";
    }),
  );
  verify.addEventListener("click", () =>
    busy(verify, messages, async () => {
      const outcome = await getJson("/v1/oversight/audit/verify");
      verdict.hidden = false;
      verdict.className = outcome.intact ? "verdict intact" : "verdict broken";
      verdict.textContent = outcome.intact
        ? `Intact: ${outcome.records_checked.toLocaleString()} records checked, head ${outcome.head_hash.slice(0, 16)}…`
        : `BROKEN at record ${outcome.first_bad_seq}: ${outcome.problem}`;
    }),
  );
  busy(show, messages, async () => {
    filters = readFilters();
    await showPage(0);
  }).then(updatePager);
  return h("section", { class: "audit-trail" }, h("h3", {}, "Audit trail"), form, verdict, messages, rolled, pager, body);
}
