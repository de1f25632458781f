// People who sign in: create an account (its authenticator secret is shown once), change a
// role, disable, reset a lost authenticator, and lift a lockout after too many failed sign-ins.

import { getJson, sendJson } from "./api.js";
import { dateTime } from "./clock.js";
import { busy, field, h, messageArea, replace, table } from "./ui.js";

// rtcc_common.roles: the roles the gateway's policy table knows.
const ROLES = ["analyst", "detective", "supervisor", "admin", "auditor", "partner", "resident", "reader", "integrator"];

function roleSelect(name, value) {
  return h("select", { name }, ROLES.map((role) => h("option", { value: role, selected: role === value }, role)));
}

// The secret and its otpauth:// link, shown once, for the person's authenticator app.
function secretShown(whom, reply) {
  return h(
    "div",
    { class: "secret-once", role: "status", dataset: { user: whom } },
    h("strong", {}, `Authenticator for ${whom} — shown once, give it to the person in private:`),
    h("p", {}, "Secret ", h("code", { class: "totp-secret" }, reply.totp_secret)),
    h("p", {}, h("a", { href: reply.totp_uri, class: "totp-uri" }, "Open in an authenticator app")),
  );
}

function lockState(user) {
  if (user.disabled) return h("span", { class: "pill status-suspended" }, "disabled");
  if (user.locked_until && new Date(user.locked_until) > new Date()) return h("span", { class: "pill status-suspended locked" }, `locked until ${dateTime(user.locked_until)}`);
  return h("span", { class: "pill status-approved" }, "active");
}

export function usersSection() {
  const messages = messageArea();
  const shown = h("div", {});
  const list = h("div", { class: "scroll" });
  const username = h("input", { name: "new_username", size: 14, maxlength: 64, required: true, autocomplete: "off" });
  const displayName = h("input", { name: "new_display_name", size: 18, maxlength: 128 });
  const password = h("input", { name: "new_password", type: "password", size: 16, minlength: 12, maxlength: 256, required: true, autocomplete: "new-password" });
  const role = roleSelect("new_role", "analyst");
  const agency = h("input", { name: "new_agency", size: 10, maxlength: 64, placeholder: "partners: required" });
  const create = h("button", { type: "submit" }, "Create account");
  const form = h("form", { class: "toolbar create-user" }, field("Username", username), field("Name", displayName), field("Password", password), field("Role", role), field("Agency", agency), create);

  function row(user) {
    const rowMessages = messageArea();
    const newRole = roleSelect("role", user.role);
    const save = h("button", { type: "button", name: "save-role" }, "Change role");
    const toggle = h("button", { type: "button", name: user.disabled ? "enable" : "disable", class: user.disabled ? "" : "danger" }, user.disabled ? "Enable" : "Disable");
    const unlock = h("button", { type: "button", name: "unlock" }, "Unlock");
    const reset = h("button", { type: "button", name: "reset-authenticator" }, "Reset authenticator");
    save.addEventListener("click", () =>
      busy(save, rowMessages, async () => {
        await sendJson("PATCH", `/v1/users/${user.id}`, { role: newRole.value });
        await load();
      }),
    );
    toggle.addEventListener("click", () =>
      busy(toggle, rowMessages, async () => {
        await sendJson("PATCH", `/v1/users/${user.id}`, { disabled: !user.disabled });
        await load();
      }),
    );
    unlock.addEventListener("click", () =>
      busy(unlock, rowMessages, async () => {
        const reply = await sendJson("POST", `/v1/users/${encodeURIComponent(user.username)}/unlock`);
        await load();
        messages.note(`${user.username}: ${reply.locks_lifted} lockout${reply.locks_lifted === 1 ? "" : "s"} lifted; the account may sign in again.`);
      }),
    );
    reset.addEventListener("click", () =>
      busy(reset, rowMessages, async () => {
        if (!window.confirm(`Give ${user.username} a new authenticator? The old one stops working and their sessions end.`)) return;
        const reply = await sendJson("POST", `/v1/users/${encodeURIComponent(user.username)}/authenticator`);
        replace(shown, secretShown(user.username, reply));
        await load();
      }),
    );
    const locked = user.locked_until && new Date(user.locked_until) > new Date();
    return h(
      "tr",
      { class: "user", dataset: { user: user.username, locked: locked ? "yes" : "no" } },
      h("td", {}, user.username),
      h("td", {}, user.display_name || ""),
      h("td", {}, newRole, " ", save),
      h("td", {}, user.agency || "—"),
      h("td", { class: "user-state" }, lockState(user)),
      h("td", {}, user.last_login_at ? dateTime(user.last_login_at) : "never"),
      h("td", {}, locked ? unlock : null, " ", reset, " ", toggle, rowMessages),
    );
  }
  async function load() {
    const users = await getJson("/v1/users");
    replace(list, table(["User", "Name", "Role", "Agency", "State", "Last sign-in", ""], users.map(row)));
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(create, messages, async () => {
      const reply = await sendJson("POST", "/v1/users", { username: username.value.trim(), display_name: displayName.value.trim(), password: password.value, role: role.value, agency: agency.value.trim() });
      password.value = "";
      replace(shown, secretShown(reply.user.username, reply));
      username.value = "";
      displayName.value = "";
      await load();
    });
  });
  busy(create, messages, load);
  return h("section", { class: "admin-users" }, h("h3", {}, "Users"), form, messages, shown, list);
}
