// Synchronized look-back: up to 9 cameras played at the same wall-clock moment under one
// scrubber, as a video-management client's "synchronized playback". One clock leads; each tile
// follows it (a seek when off by more than 0.5 s, a nudge of speed when closer). Step frame by
// frame, play at 0.25×–16×. Route: #/sync/<id,id,...>[/<ISO moment>].

import { allCameras, cameraLabel } from "./cameras.js";
import { dateTime, fromZoneInput, loadDisplaySettings, toZoneInput, zoneName, zoneTimeInput } from "./clock.js";
import { syncLanes } from "./sync_lanes.js";
import { syncTile } from "./sync_tile.js";
import { reasonInput } from "./timeline.js";
import { timelineBar } from "./timeline_bar.js";
import { field, h, messageArea, replace, spinner } from "./ui.js";

export const MAX_SYNC = 9;
const RATES = [0.25, 0.5, 1, 2, 4, 8, 16];
const TICK_MS = 200;

function setRoute(ids, moment) {
  const tail = moment ? `/${new Date(moment).toISOString()}` : "";
  history.replaceState(null, "", `#/sync/${ids.map(encodeURIComponent).join(",")}${tail}`);
}

export async function syncView(root, { params }) {
  const messages = messageArea();
  replace(root, h("h2", {}, "Synchronized look-back"), spinner("Loading cameras…"));
  let cameras;
  try {
    await loadDisplaySettings();
    cameras = await allCameras();
  } catch (error) {
    replace(root, h("h2", {}, "Synchronized look-back"), messages);
    messages.error(error);
    return () => {};
  }
  const byId = new Map(cameras.map((c) => [c.id, c]));
  const chosen = (params[0] || "").split(",").filter((id) => byId.has(id)).slice(0, MAX_SYNC);
  const start = params[1] ? Date.parse(params[1]) : NaN;
  const clock = { wall: Number.isNaN(start) ? Date.now() - 10 * 60 * 1000 : start, at: performance.now(), rate: 1, playing: false };
  const now = () => (clock.playing ? clock.wall + (performance.now() - clock.at) * clock.rate : clock.wall);
  const reanchor = (changes) => Object.assign(clock, { wall: now(), at: performance.now() }, changes);

  const search = h("input", { type: "search", name: "sync_search", placeholder: "add a camera: name, address or id", size: 36 });
  const found = h("ul", { class: "camera-picks" });
  const chips = h("div", { class: "chips" });
  const jumpInput = zoneTimeInput({ name: "jump_to" });
  jumpInput.value = toZoneInput(new Date(clock.wall));
  const reason = reasonInput();
  const playButton = h("button", { type: "button", name: "play" }, "Play");
  const back = h("button", { type: "button", name: "frame-back", title: "one frame back" }, "◀|");
  const forward = h("button", { type: "button", name: "frame-forward", title: "one frame forward" }, "|▶");
  const rate = h("select", { name: "rate" }, RATES.map((r) => h("option", { value: r, selected: r === 1 }, `${r}×`)));
  const master = h("strong", { class: "master-clock" }, "");
  const grid = h("div", { class: "sync-grid" });
  const jumpForm = h("form", { class: "toolbar jump-form" }, field(`Jump to (${zoneName()})`, jumpInput), h("button", { type: "submit" }, "Go"), field("Reason for viewing", reason));
  let bar = null;
  let lanes = null;
  let tiles = [];
  let frameMs = 100;

  function pick() {
    const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    const hits = words.length ? cameras.filter((c) => !chosen.includes(c.id) && words.every((w) => `${c.name} ${c.location.address} ${c.id}`.toLowerCase().includes(w))).slice(0, 12) : [];
    found.replaceChildren(
      ...hits.map((c) => {
        const add = h("button", { type: "button", dataset: { camera: c.id } }, `+ ${cameraLabel(c)}`);
        add.addEventListener("click", () => {
          if (chosen.length >= MAX_SYNC) return messages.error(`At most ${MAX_SYNC} cameras play in sync; remove one first.`);
          chosen.push(c.id);
          search.value = "";
          build();
        });
        return h("li", {}, add, " ", h("span", { class: "muted" }, c.location.address));
      }),
    );
  }

  function build() {
    for (const tile of tiles) tile.close();
    setRoute(chosen, clock.wall);
    chips.replaceChildren(
      ...chosen.map((id) => {
        const remove = h("button", { type: "button", title: "remove", dataset: { camera: id } }, "×");
        remove.addEventListener("click", () => {
          chosen.splice(chosen.indexOf(id), 1);
          build();
        });
        return h("span", { class: "chip" }, cameraLabel(byId.get(id)), " ", remove);
      }),
    );
    tiles = chosen.map((id) => syncTile(byId.get(id)));
    const columns = Math.ceil(Math.sqrt(Math.max(1, tiles.length)));
    const rows = Math.ceil(Math.max(1, tiles.length) / columns);
    grid.className = `sync-grid n${columns}`;
    // Every tile in sight under the controls: as wide as the window's height allows.
    const controls = 470 + 22 + tiles.length * 18; // the toolbars, the scrubber and its lanes
    grid.style.maxWidth = `calc((100vh - ${controls}px - ${rows * 40}px) / ${rows} * 16 / 9 * ${columns} + ${columns * 6}px)`;
    grid.replaceChildren(...tiles.map((t) => t.element));
    if (tiles[0]) tiles[0].video.requestVideoFrameCallback(measureFrames);
    if (bar) bar.close();
    if (lanes) lanes.close();
    // One scrubber (drawn with the first camera's recordings), and under it a lane per camera.
    lanes = chosen.length ? syncLanes(chosen.map((id) => byId.get(id)), { onError: (error) => messages.error(error) }) : null;
    bar = chosen.length
      ? timelineBar({
          cameraId: chosen[0],
          onSeek: (moment) => seek(moment.getTime()),
          onError: (error) => messages.error(error),
          onView: (shown) => lanes && lanes.setView(shown),
        })
      : null;
    scrubber.replaceChildren(
      ...(bar
        ? [h("p", { class: "muted scrubber-note" }, `Scrubber: ${cameraLabel(byId.get(chosen[0]))}; below, what each camera recorded.`), bar.element, lanes.element]
        : [h("p", { class: "muted" }, "Add cameras above to play them in sync.")]),
    );
    if (bar) bar.setView(clock.wall - 15 * 60 * 1000, clock.wall + 15 * 60 * 1000);
    pick();
  }

  let lastMedia = null;
  function measureFrames(_now, meta) {
    if (lastMedia !== null && meta.mediaTime > lastMedia && meta.mediaTime - lastMedia < 0.5) frameMs = frameMs * 0.8 + (meta.mediaTime - lastMedia) * 1000 * 0.2;
    lastMedia = meta.mediaTime;
    if (tiles[0]) tiles[0].video.requestVideoFrameCallback(measureFrames);
  }

  function seek(wall) {
    reanchor({ wall, at: performance.now() });
    jumpInput.value = toZoneInput(new Date(wall));
    setRoute(chosen, wall);
    tick();
  }

  function tick() {
    const wall = now();
    if (!reason.value.trim()) {
      if (tiles.length) messages.note("Type the reason for viewing to see the footage.");
      return;
    }
    for (const tile of tiles) tile.follow(wall, clock.rate, clock.playing, reason.value.trim());
    master.textContent = dateTime(wall);
    master.dataset.wall = String(Math.round(wall));
    if (bar) bar.setPlayhead(new Date(wall));
    if (lanes) lanes.setPlayhead(wall);
  }

  playButton.addEventListener("click", () => {
    reanchor({ playing: !clock.playing });
    playButton.textContent = clock.playing ? "Pause" : "Play";
    if (clock.playing) messages.clear();
  });
  rate.addEventListener("change", () => reanchor({ rate: Number(rate.value) }));
  for (const [button, sign] of [[back, -1], [forward, 1]]) {
    button.addEventListener("click", () => {
      reanchor({ playing: false });
      playButton.textContent = "Play";
      seek(clock.wall + sign * frameMs);
    });
  }
  jumpForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const moment = fromZoneInput(jumpInput.value);
    if (!moment) return messages.error(`Type a date and time (${zoneName()}) to jump to.`);
    seek(moment.getTime());
    if (bar) bar.setView(moment.getTime() - 15 * 60 * 1000, moment.getTime() + 15 * 60 * 1000);
  });
  reason.addEventListener("input", () => messages.clear());
  search.addEventListener("input", pick);

  const scrubber = h("div", { class: "scrubber" });
  replace(
    root,
    h("h2", {}, "Synchronized look-back"),
    h("p", { class: "muted" }, `Up to ${MAX_SYNC} cameras at the same moment, one scrubber. All times ${zoneName()}.`),
    h("div", { class: "toolbar" }, search, chips),
    found,
    jumpForm,
    h("div", { class: "toolbar transport" }, back, playButton, forward, field("Speed", rate), master),
    scrubber,
    messages,
    grid,
  );
  build();
  const timer = setInterval(tick, TICK_MS);
  return () => {
    clearInterval(timer);
    if (bar) bar.close();
    if (lanes) lanes.close();
    for (const tile of tiles) tile.close();
  };
}
