// Plate alerts: the live feed and the latest alerts, each with the plate as read beside what the
// hotlist says. A person confirms (plate and state seen on the image) or marks it a misread
// before anyone acts on it.

import { getJson, objectUrl, sendJson } from "./api.js";
import { feed } from "./feed.js";
import { busy, formatTime, h, messageArea, replace } from "./ui.js";

function dispositionText(alert) {
  return `${alert.disposition.replace("_", " ")} by ${alert.disposed_by} at ${formatTime(alert.disposed_at)}`;
}

function alertCard(alert, onChange) {
  const messages = messageArea();
  const actions = h("div", { class: "actions" });
  const image = h("div", { class: "alert-image" });
  const card = h(
    "article",
    { class: `alert-card ${alert.live ? "live" : ""}`, dataset: { alert: alert.id, source: alert.live ? "stream" : "list", plate: alert.read.plate_normalized } },
    h("header", {}, h("strong", { class: "plate" }, `${alert.read.plate} (${alert.read.state})`), alert.live ? h("span", { class: "badge" }, "live") : "", " ", alert.exact ? "exact match" : "near match (check the plate)"),
    h(
      "p",
      {},
      `Read by ${alert.read.reader_id || alert.read.camera_id || "?"} at ${formatTime(alert.read.observed_at)}, `,
      `confidence ${Math.round(alert.read.confidence * 100)}%. `,
      `Hotlist “${alert.hotlist_name}”: ${alert.entry.plate} (${alert.entry.state}), ${alert.entry.reason}`,
      alert.entry.case_number ? `, case ${alert.entry.case_number}` : "",
      ".",
    ),
    image,
    actions,
    messages,
  );
  if (alert.read.plate_image_url) {
    objectUrl(alert.read.plate_image_url)
      .then((url) => image.append(h("img", { src: url, alt: "plate as read", class: "plate-image" })))
      .catch((error) => image.append(h("span", { class: "muted" }, `Image not shown: ${error.message}`)));
  }

  function render() {
    if (alert.disposition) {
      card.dataset.disposition = alert.disposition;
      replace(actions, h("span", { class: "disposition" }, dispositionText(alert)));
      return;
    }
    const buttons = [
      ["confirmed", "Confirm (plate and state match)"],
      ["misread", "Misread"],
      ["not_actionable", "Not actionable"],
    ].map(([value, label]) => {
      const button = h("button", { type: "button", dataset: { disposition: value } }, label);
      button.addEventListener("click", () =>
        busy(button, messages, async () => {
          const updated = await sendJson("POST", `/v1/lpr/alerts/${encodeURIComponent(alert.id)}/disposition`, { disposition: value, note: "" });
          Object.assign(alert, updated);
          render();
          onChange();
        }),
      );
      return button;
    });
    replace(actions, ...buttons);
  }
  render();
  return card;
}

export async function alertsView(root, { refreshBadge }) {
  const messages = messageArea();
  const liveList = h("div", { class: "alert-list", id: "live-alerts" });
  const recentList = h("div", { class: "alert-list" });
  const state = h("span", { class: "muted" });
  replace(
    root,
    h("h2", {}, "Plate alerts"),
    h("p", {}, "Live feed: ", state, ". New alerts appear here as they are raised."),
    liveList,
    h("h3", {}, "Latest alerts"),
    messages,
    recentList,
  );
  const shown = new Set();
  function showLive(alert) {
    shown.add(alert.id);
    liveList.prepend(alertCard(alert, refreshBadge));
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
    const earlier = reply.alerts.filter((a) => !shown.has(a.id));
    if (!earlier.length) recentList.append(h("p", { class: "muted" }, "No earlier alert."));
    for (const alert of earlier) recentList.append(alertCard(alert, refreshBadge));
  } catch (error) {
    messages.error(error);
  }
  return () => {
    unsubscribe();
    unwatch();
  };
}
