// Recorded footage played from any moment. The gateway serves HLS whose segments are MPEG-TS;
// hls.js (vendored) remuxes them for the video element. The playlist is fetched here with the
// bearer token (so a refusal reads as the gateway's own message) and handed to hls.js as a
// blob: URL; the segment links in it carry their own short-lived signatures.

import { query, request } from "./api.js";
import { dateTime } from "./clock.js";
import { h } from "./ui.js";

const WINDOW_MS = 30 * 60 * 1000;

export function playbackPlayer() {
  const video = h("video", { controls: true, muted: true, playsInline: true });
  video.muted = true;
  const status = h("span", { class: "player-status" }, "Click the timeline to play from that moment.");
  const overlay = h("div", { class: "overlay", hidden: true }, h("span", { class: "spinner" }), "Loading footage…");
  const element = h("figure", { class: "player playback", dataset: { state: "idle" } }, h("div", { class: "screen" }, video, overlay), h("figcaption", {}, status));
  let hls = null;
  let playlistUrl = null;
  let firstStart = null;
  const listeners = [];

  function setState(state, text) {
    element.dataset.state = state;
    status.textContent = text;
  }

  function stop() {
    if (hls) hls.destroy();
    hls = null;
    if (playlistUrl) URL.revokeObjectURL(playlistUrl);
    playlistUrl = null;
  }

  video.addEventListener("timeupdate", () => {
    if (!firstStart || element.dataset.state === "error") return;
    const at = new Date(firstStart.getTime() + video.currentTime * 1000);
    if (!video.paused) setState("playing", `Playing ${dateTime(at)}`);
    for (const listener of listeners) listener(at);
  });

  async function play(cameraId, moment, reason) {
    stop();
    overlay.hidden = false;
    setState("loading", "Loading footage…");
    const end = new Date(Math.min(moment.getTime() + WINDOW_MS, Date.now()));
    const params = { start: moment.toISOString(), end: end.toISOString(), reason };
    let text;
    try {
      const reply = await request(`/v1/cameras/${encodeURIComponent(cameraId)}/playback.m3u8${query(params)}`);
      text = await reply.text();
    } catch (error) {
      overlay.hidden = true;
      setState("error", error.message);
      return;
    }
    const stamp = /#EXT-X-PROGRAM-DATE-TIME:(\S+)/.exec(text);
    firstStart = stamp ? new Date(stamp[1]) : moment;
    const offset = Math.max(0, (moment.getTime() - firstStart.getTime()) / 1000);
    // Segment paths are absolute on this gateway; a blob: playlist needs them as full URLs.
    const absolute = text.replace(/^\/v1\//gm, `${location.origin}/v1/`);
    playlistUrl = URL.createObjectURL(new Blob([absolute], { type: "application/vnd.apple.mpegurl" }));
    if (!window.Hls || !window.Hls.isSupported()) {
      overlay.hidden = true;
      setState("error", "This browser cannot play HLS footage (Media Source Extensions are missing).");
      return;
    }
    hls = new window.Hls({ startPosition: offset, maxBufferLength: 20 });
    hls.on(window.Hls.Events.ERROR, (_event, data) => {
      if (!data.fatal) return;
      overlay.hidden = true;
      setState("error", `The footage could not be played (${data.details}).`);
      stop();
    });
    hls.on(window.Hls.Events.MANIFEST_PARSED, () => {
      video.play().catch(() => {});
    });
    video.addEventListener(
      "playing",
      () => {
        overlay.hidden = true;
      },
      { once: true },
    );
    hls.loadSource(playlistUrl);
    hls.attachMedia(video);
    if (offset === 0 && firstStart > moment) {
      setState("loading", `Nothing recorded at ${dateTime(moment)}; playing from ${dateTime(firstStart)}.`);
    }
  }

  return {
    element,
    video,
    play,
    onTime(listener) {
      listeners.push(listener);
    },
    close() {
      stop();
    },
  };
}
