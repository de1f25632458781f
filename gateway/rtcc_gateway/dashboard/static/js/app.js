// The dashboard shell: sign-in, navigation between views (#/view/param), the alert feed that
// runs for the whole session, and a clear way back to sign-in when the session ends.

import { getJson, keepSessionAlive, login, logout, session } from "./api.js";
import { startAlertToasts } from "./alert_toast.js";
import { alertsView } from "./alerts.js";
import { casesView } from "./cases.js";
import { feed } from "./feed.js";
import { bookmarksView } from "./bookmarks.js";
import { liveView } from "./live.js";
import { mapView } from "./map.js";
import { oversightView } from "./oversight.js";
import { platesView } from "./plates.js";
import { sessionWarning } from "./session_warning.js";
import { syncView } from "./sync_playback.js";
import { timelineView } from "./timeline.js";
import { h, replace } from "./ui.js";
import { wallView } from "./wall.js";

const VIEWS = {
  map: mapView,
  live: liveView,
  grid: wallView,
  timeline: timelineView,
  sync: syncView,
  bookmarks: bookmarksView,
  plates: platesView,
  alerts: alertsView,
  cases: casesView,
  oversight: oversightView,
};
// Roles that may read oversight records (rtcc_gateway.auth.permissions); others never see the tab.
const OVERSIGHT_ROLES = new Set(["admin", "supervisor", "auditor"]);

const top = document.getElementById("top");
const view = document.getElementById("view");
const loginSection = document.getElementById("login");
const loginForm = document.getElementById("login-form");
const loginError = document.getElementById("login-error");
const badge = document.getElementById("alert-badge");
const feedState = document.getElementById("feed-state");
let closeView = () => {};
let stopToasts = () => {};
let generation = 0;

function refreshBadge() {
  const count = feed.openCount();
  badge.textContent = String(count);
  badge.hidden = count === 0;
}

function navigate(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

async function route() {
  if (!session.token()) {
    showLogin();
    return;
  }
  const [name, ...params] = location.hash.replace(/^#\/?/, "").split("/").map(decodeURIComponent);
  const viewName = VIEWS[name] ? name : "map";
  closeView();
  closeView = () => {};
  const mine = ++generation;
  for (const link of document.querySelectorAll("#nav a")) {
    link.classList.toggle("active", link.dataset.view === viewName || (viewName === "live" && link.dataset.view === "grid"));
  }
  view.dataset.view = viewName;
  replace(view, h("p", { class: "muted" }, "Loading…"));
  const close = await VIEWS[viewName](view, { params: params.filter(Boolean), navigate, refreshBadge });
  // A view the analyst already left while it loaded is closed at once.
  if (mine === generation) closeView = close || (() => {});
  else if (close) close();
}

function showLogin(message) {
  closeView();
  closeView = () => {};
  feed.stop();
  stopToasts();
  stopToasts = () => {};
  top.hidden = true;
  view.hidden = true;
  replace(view);
  loginSection.hidden = false;
  if (message) {
    loginError.textContent = message;
    loginError.hidden = false;
  }
  loginForm.elements.username.focus();
}

async function enter() {
  const saved = session.load();
  loginSection.hidden = true;
  loginError.hidden = true;
  top.hidden = false;
  view.hidden = false;
  document.getElementById("who").textContent = `${saved.subject} (${saved.role})`;
  for (const link of document.querySelectorAll("#nav a[data-needs=oversight]")) {
    link.hidden = !OVERSIGHT_ROLES.has(saved.role);
  }
  feed.start();
  // Alerts reach the analyst on every screen, not only on the Alerts tab.
  stopToasts();
  stopToasts = startAlertToasts(document.getElementById("toasts"), document.getElementById("alert-sound"), refreshBadge);
  await route();
}

loginForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const button = loginForm.querySelector("button");
  button.disabled = true;
  loginError.hidden = true;
  const { username, password, totp } = loginForm.elements;
  try {
    await login(username.value, password.value, totp.value.trim());
    // The gateway's own view of the caller, so that what is shown is what it will enforce.
    const me = await getJson("/v1/me");
    session.save({ ...session.load(), subject: me.subject, role: me.role, agency: me.agency });
    password.value = "";
    totp.value = "";
    await enter();
  } catch (error) {
    loginError.textContent = error.message;
    loginError.hidden = false;
  } finally {
    button.disabled = false;
  }
});

document.getElementById("logout").addEventListener("click", async () => {
  await logout().catch(() => {});
  showLogin("Signed out.");
});

window.addEventListener("rtcc:signed-out", (event) => showLogin(event.detail));
window.addEventListener("hashchange", () => route());
feed.subscribe(() => refreshBadge());
feed.onState((state) => {
  feedState.textContent = `feed: ${state}`;
  feedState.dataset.state = state;
});
// Renewed while the analyst works; an unattended screen is warned, then signed out, and told so.
keepSessionAlive(sessionWarning());

if (session.token()) enter();
else showLogin();
