// One live camera over WebRTC (WHEP): offer → gateway → answer, H.264 relayed as it came.
// Shows a spinner until the first frame is decoded, counts frames as they are presented, and
// says in words why a view failed.

import { authHeaders, errorMessage, session } from "./api.js";
import { h } from "./ui.js";

// The gateway takes no trickled candidates, so the offer carries them; host candidates come
// within milliseconds, a short grace catches the other address families.
function candidatesGathered(pc, graceMs = 30) {
  return new Promise((resolve) => {
    if (pc.iceGatheringState === "complete") resolve();
    pc.addEventListener("icegatheringstatechange", () => {
      if (pc.iceGatheringState === "complete") resolve();
    });
    pc.addEventListener("icecandidate", (event) => {
      if (event.candidate) setTimeout(resolve, graceMs);
    });
  });
}

export function livePlayer(camera, { stream = "main", compact = false } = {}) {
  const video = h("video", { autoplay: true, muted: true, playsInline: true });
  video.muted = true;
  const status = h("span", { class: "player-status" }, "connecting…");
  const frames = h("span", { class: "frames" }, "");
  const overlay = h("div", { class: "overlay" }, h("span", { class: "spinner" }), "Connecting to live video…");
  const element = h(
    "figure",
    { class: compact ? "player compact" : "player", dataset: { camera: camera.id, state: "connecting", frames: "0" } },
    h("div", { class: "screen" }, video, overlay),
    h("figcaption", {}, h("strong", {}, camera.name || camera.id), " ", status, " ", frames),
  );
  let pc = null;
  let location = null;
  let closed = false;

  function setState(state, text) {
    element.dataset.state = state;
    status.textContent = text;
  }

  function fail(message) {
    setState("error", "");
    overlay.replaceChildren(h("span", { class: "error" }, message));
    overlay.hidden = false;
  }

  function onFrame(_now, meta) {
    // A failed view stays failed: closing its connection can still present one blank frame.
    if (closed || element.dataset.state === "error") return;
    if (element.dataset.state !== "playing") {
      overlay.hidden = true;
      setState("playing", "live");
    }
    element.dataset.frames = String(meta.presentedFrames);
    frames.textContent = `${meta.presentedFrames} frames`;
    video.requestVideoFrameCallback(onFrame);
  }

  // WHEP answers before the connection is tried: until the first frame (for a minute at most),
  // the session's Location says whether the gateway gave up on it, and why.
  async function watchSession(forMs = 60000) {
    const until = performance.now() + forMs;
    while (!closed && location && element.dataset.state !== "playing" && performance.now() < until) {
      const reply = await fetch(location, { headers: authHeaders() });
      const state = reply.ok ? await reply.json() : null;
      if (!closed && state && state.state === "failed") {
        fail(`Live view failed: ${state.failure}.`);
        pc.close();
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  async function start() {
    pc = new RTCPeerConnection();
    pc.addTransceiver("video", { direction: "recvonly" });
    pc.ontrack = (event) => {
      video.srcObject = event.streams[0] || new MediaStream([event.track]);
    };
    pc.onconnectionstatechange = () => {
      if (closed) return;
      if (pc.connectionState === "failed") fail("The connection to the gateway failed (network or firewall).");
      else if (pc.connectionState === "disconnected") setState("stalled", "connection interrupted…");
      else if (pc.connectionState === "connected" && element.dataset.state !== "playing") {
        setState("connected", "connected, waiting for the first frame…");
      }
    };
    video.requestVideoFrameCallback(onFrame);
    const gathered = candidatesGathered(pc);
    await pc.setLocalDescription(await pc.createOffer());
    await gathered;
    if (closed) return;
    const url = `/v1/cameras/${encodeURIComponent(camera.id)}/whep?stream=${stream}`;
    const reply = await fetch(url, {
      method: "POST",
      headers: authHeaders({ "Content-Type": "application/sdp" }),
      body: pc.localDescription.sdp,
    });
    if (reply.status !== 201) {
      const body = await reply.json().catch(() => null);
      throw new Error(`Live view refused: ${errorMessage(body, reply.status)}`);
    }
    location = reply.headers.get("Location");
    if (closed) {
      hangUp();
      return;
    }
    await pc.setRemoteDescription({ type: "answer", sdp: await reply.text() });
    watchSession().catch(() => {});
  }

  function hangUp() {
    if (location && session.token()) {
      fetch(location, { method: "DELETE", headers: authHeaders(), keepalive: true }).catch(() => {});
    }
    location = null;
  }

  start().catch((error) => {
    if (!closed) fail(error.message || String(error));
  });

  return {
    element,
    video,
    close() {
      closed = true;
      hangUp();
      if (pc) pc.close();
      video.srcObject = null;
    },
  };
}
