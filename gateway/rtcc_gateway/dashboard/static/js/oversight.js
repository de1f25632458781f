// Oversight: the audit trail with its verification, the council's technology approvals, and the
// annual surveillance report (a printable page and its PDF), each on its own page and shown to
// the roles whose policy rows allow it.

import { request } from "./api.js";
import { auditSection } from "./audit_trail.js";
import { mayUse } from "./roles.js";
import { technologiesSection } from "./technologies.js";
import { busy, field, h, messageArea, replace } from "./ui.js";

function reportSection() {
  const messages = messageArea();
  const year = h("input", { type: "number", name: "year", min: 2000, max: 2100, value: String(new Date().getFullYear()) });
  const open = h("button", { type: "submit" }, "Show report");
  const pdf = h("button", { type: "button", name: "report-pdf" }, "Download PDF");
  const frame = h("iframe", { class: "report", title: "annual surveillance report", sandbox: "", hidden: true });
  const form = h("form", { class: "toolbar" }, field("Year", year), open, pdf);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(open, messages, async () => {
      // The printable page, fetched with the token and shown sandboxed (no script runs in it).
      const reply = await request(`/v1/oversight/report?year=${Number(year.value)}&format=html`);
      frame.srcdoc = await reply.text();
      frame.hidden = false;
    });
  });
  // The same page laid out as a PDF by the gateway, to publish as it is.
  pdf.addEventListener("click", () =>
    busy(pdf, messages, async () => {
      const reply = await request(`/v1/oversight/report?year=${Number(year.value)}&format=pdf`);
      const link = h("a", { href: URL.createObjectURL(await reply.blob()), download: `surveillance-report-${Number(year.value)}.pdf` });
      document.body.append(link);
      link.click();
      link.remove();
    }),
  );
  return h("section", {}, h("h3", {}, "Annual surveillance report"), form, messages, frame);
}

const PARTS = [
  { key: "audit", label: "Audit trail", action: "oversight.audit.query", section: auditSection },
  { key: "technologies", label: "Technology approvals", action: "oversight.technologies.list", section: technologiesSection },
  { key: "report", label: "Annual report", action: "oversight.report", section: reportSection },
];

export async function oversightView(root, { params = [] } = {}) {
  const parts = PARTS.filter((part) => mayUse(part.action));
  if (!parts.length) {
    replace(root, h("h2", {}, "Oversight"), h("p", { class: "muted" }, "Your role has no oversight page."));
    return () => {};
  }
  const current = parts.find((part) => part.key === params[0]) || parts[0];
  const tabs = h(
    "nav",
    { class: "subnav" },
    parts.map((part) => h("a", { href: `#/oversight/${part.key}`, class: part === current ? "active" : "", dataset: { page: part.key } }, part.label)),
  );
  replace(root, h("h2", {}, "Oversight"), tabs, await current.section());
  return () => {};
}
