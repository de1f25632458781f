// The camera owner's page, reached by the one-time link in a footage request: what the center
// asks, and either an upload of one clip or a "no". The link's token is the page's fragment
// (#token), which the browser never sends to any server; the page sends no other credential.

import { errorMessage } from "./api.js";
import { busy, field, formatBytes, h, messageArea, replace } from "./ui.js";

const token = decodeURIComponent(location.hash.slice(1));
const api = `/v1/footage-uploads/${encodeURIComponent(token)}`;
const root = document.getElementById("owner-request");

// "long" time says the zone, as every time the center shows does.
const when = (iso) => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "long" });

async function call(method, path, body, headers = {}) {
  const reply = await fetch(path, { method, body, headers, credentials: "omit" });
  const data = await reply.json().catch(() => null);
  if (!reply.ok) throw new Error(errorMessage(data, reply.status));
  return data;
}

// An XMLHttpRequest, for the progress of a large clip (fetch cannot report an upload's).
function put(file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", api);
    xhr.setRequestHeader("Content-Type", file.type || "application/octet-stream");
    xhr.upload.addEventListener("progress", (event) => onProgress(event.loaded, event.total));
    xhr.addEventListener("load", () => {
      let data = null;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: said by the status alone
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(data);
      else reject(new Error(errorMessage(data, xhr.status)));
    });
    xhr.addEventListener("error", () => reject(new Error(errorMessage(null, 0))));
    xhr.send(file);
  });
}

function answered(view) {
  const text = {
    uploaded: "Your clip was received. Thank you: it is now evidence of the case, kept with its fingerprint (SHA-256).",
    declined: "You declined this request. The link no longer takes uploads.",
    expired: `This request expired on ${when(view.expires_at)}; the link no longer takes uploads.`,
  }[view.status];
  return h("p", { class: `owner-status ${view.status}`, dataset: { status: view.status } }, text);
}

function show(view) {
  const messages = messageArea();
  const facts = h(
    "dl",
    { class: "owner-facts" },
    h("dt", {}, "Camera"), h("dd", {}, view.camera_name),
    h("dt", {}, "Case"), h("dd", {}, view.case_number),
    h("dt", {}, "Footage from"), h("dd", { class: "window" }, `${when(view.start)} to ${when(view.end)}`),
    h("dt", {}, "Why"), h("dd", {}, view.reason),
    h("dt", {}, "Link works until"), h("dd", {}, when(view.expires_at)),
  );
  if (view.status !== "sent") return replace(root, facts, answered(view));
  const file = h("input", { type: "file", name: "clip", accept: "video/*", required: true });
  const upload = h("button", { type: "submit" }, "Upload clip");
  const progress = h("progress", { max: 1, value: 0, hidden: true });
  const form = h("form", { class: "owner-upload" }, field("Your clip", file), upload, progress);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const chosen = file.files[0];
    if (!chosen) return messages.show("Choose the video file first.");
    progress.hidden = false;
    busy(upload, messages, async () => {
      const receipt = await put(chosen, (sent, total) => {
        progress.value = total ? sent / total : 0;
        messages.note(`Sending… ${formatBytes(sent)} of ${formatBytes(total)}`);
      });
      replace(root, facts, answered({ ...view, status: receipt.status }), h("p", {}, "Fingerprint (SHA-256) of what we received: ", h("code", { class: "sha256" }, receipt.sha256)));
    });
  });
  const why = h("input", { name: "decline_reason", size: 32, maxlength: 500, placeholder: "optional" });
  const decline = h("button", { type: "submit", class: "decline" }, "Decline");
  const no = h("form", { class: "owner-decline" }, field("Or say no; why (optional)", why), decline);
  no.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(decline, messages, async () => {
      const reply = await call("POST", `${api}/decline`, JSON.stringify({ reason: why.value.trim() }), { "Content-Type": "application/json" });
      replace(root, facts, answered(reply));
    });
  });
  replace(root, facts, form, no, messages);
}

async function start() {
  if (!token) {
    replace(root, h("p", { class: "message error" }, "This page needs the link from the center, which ends in #…"));
    return;
  }
  try {
    show(await call("GET", api));
  } catch (error) {
    replace(root, h("p", { class: "message error", role: "alert" }, error.message));
  }
}

start();
