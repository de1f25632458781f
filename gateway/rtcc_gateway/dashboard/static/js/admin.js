// Administration: the registration queue, hotlists and users, each shown to the roles whose
// policy rows allow it (a supervisor reviews registrations and keeps hotlists; only an
// administrator manages accounts). Technology decisions are on the Oversight page.

import { registrationsSection } from "./admin_registrations.js";
import { hotlistsSection } from "./admin_hotlists.js";
import { usersSection } from "./admin_users.js";
import { loadDisplaySettings } from "./clock.js";
import { mayUse } from "./roles.js";
import { h, replace } from "./ui.js";

export const ADMIN_PAGES = [
  { key: "registrations", label: "Registrations", action: "registrations.list", section: registrationsSection },
  { key: "hotlists", label: "Hotlists", action: "lpr.hotlists.create", section: hotlistsSection },
  { key: "users", label: "Users", action: "users.list", section: usersSection },
];

export async function adminView(root, { params }) {
  await loadDisplaySettings();
  const pages = ADMIN_PAGES.filter((page) => mayUse(page.action));
  if (!pages.length) {
    replace(root, h("h2", {}, "Administration"), h("p", { class: "muted" }, "Your role has no administration page."));
    return () => {};
  }
  const current = pages.find((page) => page.key === params[0]) || pages[0];
  const tabs = h(
    "nav",
    { class: "subnav" },
    pages.map((page) => h("a", { href: `#/admin/${page.key}`, class: page === current ? "active" : "", dataset: { page: page.key } }, page.label)),
  );
  replace(root, h("h2", {}, "Administration"), tabs, current.section());
  return () => {};
}
