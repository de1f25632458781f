// Look back: what a camera recorded over a window (segments) and where it did not (gaps, with
// their reason). Click to play from that moment; drag to choose a range to export to a case.

import { getJson } from "./api.js";
import { allCameras, cameraById, cameraLabel } from "./cameras.js";
import { exportPanel } from "./export_panel.js";
import { playbackPlayer } from "./playback.js";
import { field, formatClock, h, messageArea, replace, spinner, svg } from "./ui.js";

const WIDTH = 1000;
const HEIGHT = 70;
const BAR_Y = 10;
const BAR_H = 34;
const WINDOWS = [
  ["15 minutes", 15 * 60],
  ["1 hour", 3600],
  ["6 hours", 6 * 3600],
  ["24 hours", 24 * 3600],
];

async function cameraPicker(root) {
  const messages = messageArea();
  replace(root, h("h2", {}, "Look back"), messages, spinner("Loading cameras…"));
  try {
    const cameras = await allCameras();
    const list = h("ul", {}, cameras.map((c) => h("li", {}, h("a", { href: `#/timeline/${encodeURIComponent(c.id)}` }, cameraLabel(c)))));
    replace(root, h("h2", {}, "Look back"), h("p", {}, "Choose a camera:"), list);
  } catch (error) {
    replace(root, h("h2", {}, "Look back"), messages);
    messages.error(error);
  }
  return () => {};
}

export async function timelineView(root, { params }) {
  const cameraId = params[0];
  if (!cameraId) return cameraPicker(root);
  const messages = messageArea();
  let camera;
  try {
    camera = await cameraById(cameraId);
  } catch (error) {
    replace(root, h("h2", {}, "Look back"), messages);
    messages.error(error);
    return () => {};
  }
  const windowSelect = h("select", { name: "window" }, WINDOWS.map(([label, seconds]) => h("option", { value: seconds }, label)));
  const refresh = h("button", { type: "button" }, "Refresh");
  const reason = h("input", { name: "reason", size: 40, maxlength: 500, placeholder: "required to view footage" });
  const summary = h("p", { class: "muted" });
  const bar = svg("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: "timeline", role: "img", "aria-label": "recordings and gaps" });
  const player = playbackPlayer();
  const exporter = exportPanel(camera);
  replace(
    root,
    h("h2", {}, `Look back: ${cameraLabel(camera)}`),
    h("div", { class: "toolbar" }, field("Window", windowSelect), refresh, field("Reason for viewing", reason), h("a", { href: `#/live/${encodeURIComponent(camera.id)}` }, "live")),
    bar,
    summary,
    // Below the bar, so that a message never moves what the analyst is about to click.
    messages,
    h("div", { class: "lookback" }, player.element, exporter.element),
  );

  let range = null;
  let selection = null;
  let playhead = null;
  const xOf = (date) => ((date.getTime() - range.start.getTime()) / (range.end - range.start)) * WIDTH;
  const timeOf = (x) => new Date(range.start.getTime() + (Math.min(Math.max(x, 0), WIDTH) / WIDTH) * (range.end - range.start));

  function ticks() {
    const nodes = [];
    const span = range.end - range.start;
    const step = [60, 300, 600, 1800, 3600, 3 * 3600].map((s) => s * 1000).find((s) => span / s <= 8) || 6 * 3600 * 1000;
    for (let t = Math.ceil(range.start / step) * step; t < range.end; t += step) {
      const x = xOf(new Date(t));
      nodes.push(svg("line", { x1: x, y1: BAR_Y + BAR_H, x2: x, y2: BAR_Y + BAR_H + 5, class: "tick" }));
      const label = svg("text", { x, y: HEIGHT - 4, class: "tick-label" });
      label.textContent = formatClock(new Date(t)).slice(0, 5);
      nodes.push(label);
    }
    return nodes;
  }

  function draw(recordings) {
    const nodes = [svg("rect", { x: 0, y: BAR_Y, width: WIDTH, height: BAR_H, class: "timeline-ground" })];
    for (const segment of recordings.segments) {
      const x = xOf(new Date(segment.start));
      const rect = svg("rect", { x, y: BAR_Y, width: Math.max(1, xOf(new Date(segment.end)) - x), height: BAR_H, class: "segment", "data-start": segment.start, "data-end": segment.end });
      nodes.push(rect);
    }
    for (const gap of recordings.gaps) {
      const gapEnd = gap.end ? new Date(gap.end) : range.end;
      const x = Math.max(0, xOf(new Date(gap.start)));
      const rect = svg("rect", { x, y: BAR_Y, width: Math.max(2, Math.min(WIDTH, xOf(gapEnd)) - x), height: BAR_H, class: "gap" });
      const title = svg("title", {});
      title.textContent = `gap ${formatClock(new Date(gap.start))}–${gap.end ? formatClock(gapEnd) : "now"}: ${gap.reason}`;
      rect.append(title);
      nodes.push(rect);
    }
    selection = svg("rect", { x: 0, y: BAR_Y - 4, width: 0, height: BAR_H + 8, class: "selection", visibility: "hidden" });
    playhead = svg("line", { x1: 0, y1: BAR_Y - 6, x2: 0, y2: BAR_Y + BAR_H + 6, class: "playhead", visibility: "hidden" });
    bar.replaceChildren(...nodes, ...ticks(), selection, playhead);
    const minutes = Math.round(recordings.recorded_s / 60);
    summary.textContent = `${recordings.segments.length} segments (${minutes} min recorded), ${recordings.gaps.length} gaps, ${formatClock(range.start)} – ${formatClock(range.end)}. Green: recorded; red: gap.`;
  }

  async function load() {
    messages.clear();
    const seconds = Number(windowSelect.value);
    const end = new Date();
    range = { start: new Date(end.getTime() - seconds * 1000), end };
    try {
      const recordings = await getJson(`/v1/cameras/${encodeURIComponent(camera.id)}/recordings`, { start: range.start.toISOString(), end: range.end.toISOString() });
      draw(recordings);
    } catch (error) {
      messages.error(error);
    }
  }

  function pointerX(event) {
    const at = new DOMPoint(event.clientX, event.clientY).matrixTransform(bar.getScreenCTM().inverse());
    return at.x;
  }

  let dragFrom = null;
  bar.addEventListener("pointerdown", (event) => {
    if (!range) return;
    dragFrom = pointerX(event);
    bar.setPointerCapture(event.pointerId);
  });
  bar.addEventListener("pointermove", (event) => {
    if (dragFrom === null) return;
    const x = pointerX(event);
    selection.setAttribute("x", Math.min(dragFrom, x));
    selection.setAttribute("width", Math.abs(x - dragFrom));
    selection.setAttribute("visibility", "visible");
  });
  bar.addEventListener("pointerup", (event) => {
    if (dragFrom === null) return;
    const x = pointerX(event);
    const from = dragFrom;
    dragFrom = null;
    if (Math.abs(x - from) < 4) {
      selection.setAttribute("visibility", "hidden");
      playFrom(timeOf(x));
    } else {
      exporter.setRange(timeOf(Math.min(from, x)), timeOf(Math.max(from, x)));
      exporter.setReason(reason.value.trim());
    }
  });

  function playFrom(moment) {
    if (!reason.value.trim()) {
      messages.error("A reason is required to view recorded footage: type it above, then click again.");
      reason.focus();
      return;
    }
    messages.clear();
    player.play(camera.id, moment, reason.value.trim());
  }

  player.onTime((at) => {
    if (!range || !playhead) return;
    const x = xOf(at);
    playhead.setAttribute("x1", x);
    playhead.setAttribute("x2", x);
    playhead.setAttribute("visibility", x >= 0 && x <= WIDTH ? "visible" : "hidden");
  });
  windowSelect.addEventListener("change", load);
  refresh.addEventListener("click", load);
  await load();
  return () => {
    player.close();
    exporter.close();
  };
}
