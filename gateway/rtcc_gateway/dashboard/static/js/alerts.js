// Plate alerts: the live feed and the latest alerts, each with the plate as read beside what the
// hotlist says. A person confirms (plate and state seen on the image) or marks it a misread
// before anyone acts on it. The same vehicle read again is one alert counting its reads.

import { alertPanel } from "./alert_card.js";
import { getJson } from "./api.js";
import { feed } from "./feed.js";
import { h, messageArea, replace } from "./ui.js";

export async function alertsView(root, { refreshBadge }) {
  const messages = messageArea();
  const liveList = h("div", { class: "alert-list", id: "live-alerts" });
  const recentList = h("div", { class: "alert-list" });
  const state = h("span", { class: "muted" });
  replace(
    root,
    h("h2", {}, "Plate alerts"),
    h("p", {}, "Live feed: ", state, ". New alerts appear here as they are raised; a vehicle read again updates its alert."),
    liveList,
    h("h3", {}, "Latest alerts"),
    messages,
    recentList,
  );
  const cards = new Map(); // alert id -> panel
  const disposed = (updated) => {
    feed.noteDisposed(updated);
    refreshBadge();
  };
  function showLive(alert) {
    const shown = cards.get(alert.id);
    if (shown) {
      shown.update(alert);
      liveList.prepend(shown.node);
      return;
    }
    const panel = alertPanel(alert, { onDisposed: disposed });
    cards.set(alert.id, panel);
    liveList.prepend(panel.node);
  }
  for (const alert of [...feed.alerts].reverse()) showLive(alert);
  if (!feed.alerts.length) liveList.append(h("p", { class: "muted waiting" }, "Waiting for alerts…"));
  const unsubscribe = feed.subscribe((alert) => {
    liveList.querySelector(".waiting")?.remove();
    showLive(alert);
  });
  const unwatch = feed.onState((value) => {
    state.textContent = value;
  });
  try {
    const reply = await getJson("/v1/lpr/alerts", { page_size: 50 });
    const earlier = reply.alerts.filter((a) => !cards.has(a.id));
    if (!earlier.length) recentList.append(h("p", { class: "muted" }, "No earlier alert."));
    for (const alert of earlier) recentList.append(alertPanel(alert, { onDisposed: disposed }).node);
  } catch (error) {
    messages.error(error);
  }
  return () => {
    unsubscribe();
    unwatch();
  };
}
