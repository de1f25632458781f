// The dashboard shell: sign-in, navigation between views (#/view/param), the alert feed that
// runs for the whole session, and a clear way back to sign-in when the session ends.

import { getJson, keepSessionAlive, login, logout, session } from "./api.js";
import { startAlertToasts } from "./alert_toast.js";
import { adminView } from "./admin.js";
import { alertsView } from "./alerts.js";
import { casesView } from "./cases.js";
import { feed } from "./feed.js";
import { bookmarksView } from "./bookmarks.js";
import { liveView } from "./live.js";
import { mapView } from "./map.js";
import { oversightView } from "./oversight.js";
import { platesView } from "./plates.js";
import { mayUseAny } from "./roles.js";
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
  admin: adminView,
};
// The screens under another tab's link (a camera live is the wall's).
const TAB_OF = { live: "grid" };

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
  // A screen the role may not use is not offered; the first one it may use stands in.
  const allowed = (candidate) => {
    if (!Object.hasOwn(VIEWS, candidate)) return false;
    const link = document.querySelector(`#nav a[data-view="${TAB_OF[candidate] || candidate}"]`);
    return Boolean(link && !link.hidden);
  };
  const fallback = [...document.querySelectorAll("#nav a")].find((link) => !link.hidden);
  const viewName = allowed(name) ? name : fallback ? fallback.dataset.view : "map";
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
  let saved = session.load();
  if (!Array.isArray(saved.may)) {
    // Signed in before the gateway said what the role may do: ask it now.
    const me = await getJson("/v1/me");
    saved = { ...saved, may: me.may };
    session.save(saved);
  }
  loginSection.hidden = true;
  loginError.hidden = true;
  top.hidden = false;
  view.hidden = false;
  document.getElementById("who").textContent = `${saved.subject} (${saved.role})`;
  for (const link of document.querySelectorAll("#nav a[data-needs]")) {
    link.hidden = !mayUseAny(link.dataset.needs);
  }
  // Alerts only for a role that may read them (an auditor's session has no feed).
  const alertsOn = mayUseAny("lpr.alerts.read");
  feedState.hidden = !alertsOn;
  document.getElementById("alert-sound").hidden = !alertsOn;
  if (!alertsOn) {
    await route();
    return;
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
    session.save({ ...session.load(), subject: me.subject, role: me.role, agency: me.agency, may: me.may });
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
