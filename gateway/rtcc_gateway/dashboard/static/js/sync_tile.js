// One camera of a synchronized look-back: recorded footage around a wall-clock moment, played by
// hls.js, that can be told to show any wall-clock time. The playlist's PROGRAM-DATE-TIME and
// EXTINF lines map the player's position (gaps removed, as hls.js plays) to wall-clock time.

import { query, request } from "./api.js";
import { dateTime } from "./clock.js";
import { h } from "./ui.js";

const BEFORE_MS = 5 * 60 * 1000;
const AFTER_MS = 25 * 60 * 1000;

// [{wall, duration, position}] in ms / s, from the playlist text.
export function playlistMap(text) {
  const pieces = [];
  let wall = null;
  let position = 0;
  for (const line of text.split("\n")) {
    if (line.startsWith("#EXT-X-PROGRAM-DATE-TIME:")) wall = Date.parse(line.slice(25));
    else if (line.startsWith("#EXTINF:") && wall !== null) {
      const duration = parseFloat(line.slice(8));
      pieces.push({ wall, duration, position });
      position += duration;
    }
  }
  return pieces;
}

export function wallToPosition(pieces, wallMs) {
  for (const p of pieces) {
    if (wallMs < p.wall) return { position: p.position, recorded: false };
    if (wallMs < p.wall + p.duration * 1000) return { position: p.position + (wallMs - p.wall) / 1000, recorded: true };
  }
  return null; // after the window
}

export function positionToWall(pieces, position) {
  for (const p of pieces) {
    if (position < p.position + p.duration) return p.wall + (position - p.position) * 1000;
  }
  const last = pieces[pieces.length - 1];
  return last ? last.wall + last.duration * 1000 : null;
}

export function syncTile(camera) {
  const video = h("video", { muted: true, playsInline: true });
  video.muted = true;
  const clock = h("span", { class: "tile-clock" }, "—");
  const status = h("span", { class: "player-status" }, "");
  const element = h("figure", { class: "player sync-tile", dataset: { camera: camera.id, state: "idle" } }, h("div", { class: "screen" }, video), h("figcaption", {}, h("strong", {}, camera.name || camera.id), " ", clock, " ", status));
  let hls = null;
  let url = null;
  let pieces = [];
  let span = null;
  let loading = null;

  function stop() {
    if (hls) hls.destroy();
    hls = null;
    if (url) URL.revokeObjectURL(url);
    url = null;
  }

  function say(state, text) {
    element.dataset.state = state;
    status.textContent = text;
  }

  async function load(wallMs, reason) {
    stop();
    const start = new Date(wallMs - BEFORE_MS);
    const end = new Date(Math.min(wallMs + AFTER_MS, Date.now()));
    span = { start: start.getTime(), end: end.getTime() };
    pieces = [];
    say("loading", "loading…");
    let text;
    try {
      const reply = await request(`/v1/cameras/${encodeURIComponent(camera.id)}/playback.m3u8${query({ start: start.toISOString(), end: end.toISOString(), reason })}`);
      text = await reply.text();
    } catch (error) {
      say(error.status === 404 ? "empty" : "error", error.status === 404 ? "nothing recorded around this moment" : error.message);
      return;
    }
    pieces = playlistMap(text);
    url = URL.createObjectURL(new Blob([text.replace(/^\/v1\//gm, `${location.origin}/v1/`)], { type: "application/vnd.apple.mpegurl" }));
    const at = wallToPosition(pieces, wallMs);
    hls = new globalThis.Hls({ startPosition: at ? at.position : 0, maxBufferLength: 30 });
    hls.on(globalThis.Hls.Events.ERROR, (_event, data) => {
      if (data.fatal) say("error", `cannot play (${data.details})`);
    });
    hls.loadSource(url);
    hls.attachMedia(video);
    say("ready", "");
  }

  return {
    element,
    video,
    camera,
    // Wall-clock ms the picture shows now, or null.
    wallTime() {
      if (!pieces.length || video.readyState < 2) return null;
      return positionToWall(pieces, video.currentTime);
    },
    covers(wallMs) {
      return span !== null && wallMs >= span.start && wallMs <= span.end - 60_000;
    },
    // Make the picture show `wallMs` at `rate`: a seek when far off, a nudge of speed when close.
    follow(wallMs, rate, playing, reason) {
      if (!this.covers(wallMs) && wallMs < Date.now() - 5_000) {
        if (!loading) loading = load(wallMs, reason).finally(() => (loading = null));
        return;
      }
      // A seek still loading is let finish: seeking again on every tick would never land.
      if (!hls || video.seeking) return;
      const target = wallToPosition(pieces, wallMs);
      if (!target) return;
      element.dataset.recorded = String(target.recorded);
      const drift = video.currentTime - target.position;
      if ((Math.abs(drift) > 0.5 || !playing) && Math.abs(drift) > 0.04) {
        // Aim a little ahead of a moving clock: the seek itself takes time.
        video.currentTime = target.position + (playing ? 0.3 * rate : 0);
      }
      if (playing) {
        video.playbackRate = Math.min(16, Math.max(0.0625, rate * (1 - Math.max(-0.2, Math.min(0.2, drift)))));
        if (video.paused && video.readyState >= 2) video.play().catch(() => {});
      } else if (!video.paused) video.pause();
      const shown = this.wallTime();
      if (shown !== null) {
        element.dataset.wall = String(Math.round(shown));
        clock.textContent = dateTime(shown);
        if (element.dataset.state !== "error") say(target.recorded ? "playing" : "gap", target.recorded ? "" : "no recording at this moment");
      }
    },
    close: stop,
  };
}

