// A case's footage requests: ask the owners of cameras near a point that the center may only
// ask (recordings on request, registry only) for a window of their footage, and follow what
// each owner answered. Each owner's one-time link is shown when it is made (the gateway keeps
// only its hash); a lost one is replaced by a new link, which voids the old.

import { getJson, sendJson } from "./api.js";
import { fromZoneInput, toZoneInput, zoneName, zoneTimeInput } from "./clock.js";
import { busy, field, formatBytes, formatTime, h, messageArea, replace, table } from "./ui.js";

const STATUS_LABELS = { sent: "awaiting the owner", declined: "declined", uploaded: "clip uploaded", expired: "expired unanswered" };

function copyButton(text, messages) {
  const button = h("button", { type: "button", class: "copy-link" }, "Copy");
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(text);
      messages.note("Link copied.");
    } catch {
      messages.note("Select the link and copy it: this browser does not let the page copy.");
    }
  });
  return button;
}

function linkCell(caseId, request, ask, links, messages, reload) {
  const link = links.get(ask.id);
  if (link && ask.status === "sent") {
    const box = h("input", { class: "upload-link", readonly: true, size: 40, value: link.upload_url });
    box.addEventListener("focus", () => box.select());
    return h("span", { class: "toolbar" }, box, copyButton(link.upload_url, messages));
  }
  if (ask.status !== "sent") return "—";
  const button = h("button", { type: "button", class: "reissue-link" }, "New link");
  button.title = "The link was shown once, when the request was made; a new one voids it.";
  button.addEventListener("click", () =>
    busy(button, messages, async () => {
      const reply = await sendJson("POST", `/v1/cases/${caseId}/footage-requests/${request.id}/asks/${ask.id}/link`, {});
      links.set(ask.id, reply.ask.link);
      await reload();
    }),
  );
  return button;
}

function answerCell(ask) {
  if (ask.status === "uploaded") {
    return h("span", {}, `${ask.clip_duration_s.toFixed(1)} s of ${ask.clip_video_codec || "video"}, ${formatBytes(ask.size_bytes)} · `, h("code", { class: "sha256" }, ask.sha256));
  }
  if (ask.status === "declined") return ask.decline_reason || "no reason given";
  return "";
}

function requestBlock(caseId, request, links, messages, reload) {
  const counts = Object.entries(request.counts)
    .filter(([, n]) => n)
    .map(([status, n]) => `${n} ${STATUS_LABELS[status] || status}`)
    .join(", ");
  const rows = request.asks.map((ask) =>
    h(
      "tr",
      { class: "footage-ask", dataset: { status: ask.status, ask: ask.id } },
      h("td", {}, ask.camera_name || ask.camera_id),
      h("td", {}, ask.owner_name || "—"),
      h("td", { class: "status" }, STATUS_LABELS[ask.status] || ask.status),
      h("td", {}, formatTime(ask.status_changed_at)),
      h("td", {}, answerCell(ask)),
      h("td", {}, linkCell(caseId, request, ask, links, messages, reload)),
    ),
  );
  return h(
    "div",
    { class: "footage-request", dataset: { request: request.id } },
    h("p", {}, `${formatTime(request.start)} – ${formatTime(request.end)} within ${request.radius_m} m of ${request.lat.toFixed(5)}, ${request.lon.toFixed(5)} · “${request.reason}” · asked by ${request.requested_by} ${formatTime(request.created_at)} · links expire ${formatTime(request.expires_at)} · ${counts}`),
    table(["Camera", "Owner", "Status", "Since", "Answer", "Upload link"], rows),
  );
}

function requestForm(record, onMade) {
  const messages = messageArea();
  const now = new Date();
  const lat = h("input", { name: "lat", type: "number", step: "any", min: -90, max: 90, class: "narrow", value: record.incident_lat ?? "", required: true });
  const lon = h("input", { name: "lon", type: "number", step: "any", min: -180, max: 180, class: "narrow", value: record.incident_lon ?? "", required: true });
  const radius = h("input", { name: "radius_m", type: "number", min: 1, max: 5000, value: "200", class: "narrow", required: true });
  const start = zoneTimeInput({ name: "start", required: true, value: toZoneInput(new Date(now - 2 * 3600_000)) });
  const end = zoneTimeInput({ name: "end", required: true, value: toZoneInput(new Date(now - 3600_000)) });
  const reason = h("input", { name: "reason", size: 32, maxlength: 500, required: true, placeholder: "shown to the owners" });
  const submit = h("button", { type: "submit" }, "Ask owners for footage");
  const form = h(
    "form",
    { class: "footage-request-form" },
    h("div", { class: "toolbar" }, field("Lat", lat), field("Lon", lon), field("Within (m)", radius)),
    h("div", { class: "toolbar" }, field(`From (${zoneName()})`, start), field("To", end), field("Reason", reason), submit),
    messages,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(submit, messages, async () => {
      const from = fromZoneInput(start.value);
      const to = fromZoneInput(end.value);
      if (!from || !to) throw new Error("give the window as YYYY-MM-DD HH:MM:SS");
      const made = await sendJson("POST", `/v1/cases/${record.id}/footage-requests`, {
        lat: Number(lat.value),
        lon: Number(lon.value),
        radius_m: Number(radius.value),
        start: from.toISOString(),
        end: to.toISOString(),
        reason: reason.value.trim(),
      });
      messages.note(`Asked ${made.asks.length} camera owner(s). Copy each link below and deliver it: it is shown only now.`);
      await onMade(made);
    });
  });
  return form;
}

// The panel of the case page: the form (open cases only) and the requests with their owners.
export function footageRequestsPanel(record, onUploaded = () => {}) {
  const messages = messageArea();
  const list = h("div", { class: "footage-requests" });
  const links = new Map(); // ask id -> link, for the links made while this page is open
  let uploaded = -1;

  async function reload() {
    try {
      const requests = await getJson(`/v1/cases/${record.id}/footage-requests`);
      replace(list, requests.length ? requests.map((r) => requestBlock(record.id, r, links, messages, reload)) : h("p", { class: "muted" }, "No footage request yet."));
      const count = requests.reduce((n, r) => n + r.counts.uploaded, 0);
      if (uploaded >= 0 && count !== uploaded) onUploaded();
      uploaded = count;
    } catch (error) {
      messages.error(error);
    }
  }
  const form =
    record.status === "open"
      ? requestForm(record, async (made) => {
          for (const ask of made.asks) if (ask.link) links.set(ask.id, ask.link);
          await reload();
        })
      : "";
  const refresh = h("button", { type: "button", class: "refresh-requests" }, "Refresh");
  refresh.addEventListener("click", reload);
  const panel = h("div", { class: "footage-requests-panel" }, form, h("div", { class: "toolbar" }, refresh), messages, list);
  return { panel, reload };
}
