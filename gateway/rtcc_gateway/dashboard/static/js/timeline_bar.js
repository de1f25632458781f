// A camera's timeline that zooms from the whole retention period down to seconds (wheel or
// buttons) and pans by dragging. Zoomed out it draws the recorder's summary (seconds recorded per
// bucket); within FINE_MS it draws the segments themselves. Gaps carry their reason and bookmarks
// their note as tooltips, at every zoom. Under the recorded spans, a strip shows where the picture
// changed (the recorder's activity index; asked only with a reason, as it is footage access).
// Click to play from a moment; shift-drag to pick a range.

import { getJson } from "./api.js";
import { dateTime, startOfDay, tickLabel, zoneName } from "./clock.js";
import { h, svg } from "./ui.js";

const WIDTH = 1000;
const HEIGHT = 94;
const BAR_Y = 16;
const BAR_H = 38;
const ACTIVITY_Y = BAR_Y + BAR_H + 2;
const ACTIVITY_H = 6;
export const ACTIVITY_LEVEL = 0.5;
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
export const RETENTION_MS = 30 * DAY;
const MIN_SPAN = 10 * SECOND;
const FINE_MS = 2 * HOUR;
const BUCKETS = 500;
const STEPS = [SECOND, 5 * SECOND, 10 * SECOND, 30 * SECOND, MINUTE, 5 * MINUTE, 10 * MINUTE,
  30 * MINUTE, HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY];
const PRESETS = [["30 days", 30 * DAY], ["1 day", DAY], ["1 hour", HOUR], ["5 min", 5 * MINUTE], ["1 min", MINUTE]];

function spanText(ms) {
  if (ms >= DAY) return `${+(ms / DAY).toFixed(1)} day${ms >= 1.05 * DAY ? "s" : ""}`;
  if (ms >= HOUR) return `${+(ms / HOUR).toFixed(1)} h`;
  if (ms >= MINUTE) return `${+(ms / MINUTE).toFixed(1)} min`;
  return `${Math.round(ms / SECOND)} s`;
}

function title(node, text) {
  const t = svg("title", {});
  t.textContent = text;
  node.append(t);
  return node;
}

// The camera's activity spans in a window, in order (footage access: the reason goes with it).
export async function activitySpans(cameraId, start, end, reason) {
  const path = `/v1/cameras/${encodeURIComponent(cameraId)}/activity`;
  const found = await getJson(path, { start: new Date(start).toISOString(), end: new Date(end).toISOString(), min_level: ACTIVITY_LEVEL, reason });
  return found.spans;
}

export function timelineBar({ cameraId, reason = () => "", onSeek = () => {}, onSelect = () => {}, onBookmark = () => {}, onError = () => {}, onView = () => {} }) {
  const bar = svg("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: "timeline", role: "img", "aria-label": "recordings, gaps, activity and bookmarks" });
  const label = h("span", { class: "timeline-range" });
  const button = (text, name, action) => {
    const b = h("button", { type: "button", name, title: text }, text);
    b.addEventListener("click", action);
    return b;
  };
  const zoomIn = button("+", "zoom-in", () => zoomBy(0.5));
  const zoomOut = button("−", "zoom-out", () => zoomBy(2));
  const presets = PRESETS.map(([text, ms]) => button(text, `span-${ms / SECOND}`, () => setSpan(ms)));
  const now = button("Now", "now", () => setView(Date.now() - span(), Date.now()));
  const element = h(
    "div",
    { class: "timeline-box" },
    h("div", { class: "toolbar timeline-tools" }, zoomOut, zoomIn, ...presets, now, label),
    bar,
    h("p", { class: "muted timeline-hint" }, `Scroll or +/− to zoom, drag to move along, click to play from a moment, shift-drag to choose a range. Times in ${zoneName()}.`),
  );
  let view = { start: Date.now() - DAY, end: Date.now() };
  let data = { summary: null, segments: null, activity: null };
  let playhead = null;
  let selection = null;
  let sequence = 0;
  let timer = null;
  let loads = 0;

  const span = () => view.end - view.start;
  const xOf = (t) => ((t - view.start) / span()) * WIDTH;
  const timeOf = (x) => view.start + (Math.min(Math.max(x, 0), WIDTH) / WIDTH) * span();

  function clampView(start, end) {
    let length = Math.min(Math.max(end - start, MIN_SPAN), RETENTION_MS + DAY);
    // A little of the future shows, so that "now" is visibly the end of what was recorded.
    const latest = Date.now() + Math.min(length * 0.05, 5 * MINUTE);
    const earliest = Date.now() - RETENTION_MS - DAY;
    let s = start + (end - start - length) / 2;
    if (s + length > latest) s = latest - length;
    if (s < earliest) s = earliest;
    return { start: s, end: Math.min(s + length, latest) };
  }

  function setView(start, end) {
    view = clampView(start, end);
    draw();
    scheduleLoad();
  }
  function setSpan(ms, around) {
    const middle = around ?? (playhead ?? (view.start + view.end) / 2);
    setView(middle - ms / 2, middle + ms / 2);
  }
  function zoomBy(factor, anchor) {
    const at = anchor ?? (playhead !== null && playhead >= view.start && playhead <= view.end ? playhead : (view.start + view.end) / 2);
    setView(at - (at - view.start) * factor, at + (view.end - at) * factor);
  }

  function scheduleLoad() {
    clearTimeout(timer);
    timer = setTimeout(load, 120);
  }

  async function load() {
    const mine = ++sequence;
    const window = { start: new Date(view.start).toISOString(), end: new Date(Math.min(view.end, Date.now() + MINUTE)).toISOString() };
    if (new Date(window.end) <= new Date(window.start)) return;
    const path = `/v1/cameras/${encodeURIComponent(cameraId)}/recordings`;
    try {
      const summary = await getJson(`${path}/summary`, { ...window, buckets: BUCKETS });
      const segments = span() <= FINE_MS ? (await getJson(path, window)).segments : null;
      const why = reason();
      const activity = why ? await activitySpans(cameraId, window.start, window.end, why) : null;
      if (mine !== sequence) return;
      data = { summary, segments, activity };
      bar.dataset.loads = String(++loads);
      draw();
    } catch (error) {
      if (mine === sequence) onError(error);
    }
  }

  function ticks() {
    const nodes = [];
    const step = STEPS.find((s) => span() / s <= 10) || 7 * DAY;
    // Ticks fall on whole steps counted from the city's midnight.
    const midnight = startOfDay(new Date(view.start)).getTime();
    const first = midnight + Math.ceil((view.start - midnight) / step) * step;
    for (let t = first; t < view.end; t += step) {
      const x = xOf(t);
      nodes.push(svg("line", { x1: x, y1: ACTIVITY_Y + ACTIVITY_H, x2: x, y2: ACTIVITY_Y + ACTIVITY_H + 5, class: "tick" }));
      const text = svg("text", { x, y: HEIGHT - 12, class: "tick-label" });
      text.textContent = tickLabel(new Date(t), step);
      nodes.push(text);
    }
    return nodes;
  }

  function rect(start, end, attrs) {
    const x = Math.max(-1, xOf(start));
    const w = Math.max(1, Math.min(WIDTH + 1, xOf(end)) - x);
    return svg("rect", { x, y: BAR_Y, width: w, height: BAR_H, ...attrs });
  }

  function drawRecorded(nodes) {
    const { summary, segments } = data;
    if (!summary) return;
    if (segments) {
      bar.dataset.mode = "segments";
      for (const s of segments) {
        const node = rect(Date.parse(s.start), Date.parse(s.end), { class: "segment", "data-start": s.start, "data-end": s.end });
        nodes.push(title(node, `recorded ${dateTime(s.start)} – ${dateTime(s.end)}`));
      }
      return;
    }
    bar.dataset.mode = "summary";
    const size = summary.bucket_s * 1000;
    for (const b of summary.buckets) {
      if (b.recorded_s <= 0) continue;
      const ratio = Math.min(1, b.recorded_s / summary.bucket_s);
      const start = Date.parse(b.start);
      const node = rect(start, start + size, { class: ratio > 0.98 ? "bucket full" : "bucket partial", "fill-opacity": (0.35 + 0.65 * ratio).toFixed(2) });
      nodes.push(title(node, `${dateTime(start)} – ${dateTime(start + size)}: ${Math.round(ratio * 100)}% recorded`));
    }
  }

  function drawGaps(nodes) {
    for (const gap of data.summary ? data.summary.gaps : []) {
      const end = gap.end ? Date.parse(gap.end) : Date.now();
      const node = rect(Date.parse(gap.start), end, { class: "gap", "data-reason": gap.reason });
      nodes.push(title(node, `gap ${dateTime(gap.start)} – ${gap.end ? dateTime(end) : "now"}: ${gap.reason}`));
    }
  }

  // Spans closer than a pixel are drawn as one, with the strongest peak, so 30 days stay light.
  function drawActivity(nodes) {
    bar.dataset.activity = data.activity ? String(data.activity.length) : "";
    if (!data.activity) return;
    let run = null;
    const flush = () => {
      if (!run) return;
      const x = Math.max(-1, xOf(run.start));
      const node = svg("rect", { x, y: ACTIVITY_Y, width: Math.max(1.5, Math.min(WIDTH + 1, xOf(run.end)) - x), height: ACTIVITY_H, class: "activity", "fill-opacity": (0.4 + 0.6 * run.peak).toFixed(2), "data-start": new Date(run.start).toISOString() });
      nodes.push(title(node, `activity ${dateTime(run.start, { seconds: true })} – ${dateTime(run.end, { seconds: true })}, level ${run.peak.toFixed(2)}`));
    };
    for (const s of data.activity) {
      const start = Date.parse(s.start);
      const end = Date.parse(s.end);
      if (run && xOf(start) - xOf(run.end) < 1) {
        run.end = Math.max(run.end, end);
        run.peak = Math.max(run.peak, s.peak_level);
      } else {
        flush();
        run = { start, end, peak: s.peak_level };
      }
    }
    flush();
  }

  function drawBookmarks(nodes) {
    for (const b of data.summary ? data.summary.bookmarks : []) {
      const x = xOf(Date.parse(b.start));
      const group = svg("g", { class: "bookmark", "data-bookmark": b.id, tabindex: 0 });
      if (b.end !== b.start) {
        const w = Math.max(2, xOf(Date.parse(b.end)) - x);
        group.append(svg("rect", { x, y: BAR_Y - 8, width: w, height: 6, class: "bookmark-range" }));
      }
      group.append(svg("line", { x1: x, y1: 2, x2: x, y2: BAR_Y + BAR_H, class: "bookmark-line" }));
      group.append(svg("path", { d: `M${x},2 l9,4 l-9,4 z`, class: "bookmark-flag" }));
      title(group, `${dateTime(b.start)}: ${b.note} (${b.created_by})`);
      group.addEventListener("pointerdown", (event) => event.stopPropagation());
      group.addEventListener("click", () => onBookmark(b));
      nodes.push(group);
    }
  }

  function draw() {
    const nodes = [svg("rect", { x: 0, y: BAR_Y, width: WIDTH, height: BAR_H, class: "timeline-ground" })];
    const future = xOf(Date.now());
    if (future < WIDTH) nodes.push(svg("rect", { x: Math.max(0, future), y: BAR_Y, width: WIDTH - Math.max(0, future), height: BAR_H, class: "timeline-future" }));
    drawRecorded(nodes);
    drawGaps(nodes);
    drawActivity(nodes);
    nodes.push(...ticks());
    drawBookmarks(nodes);
    if (selection) {
      const x = xOf(selection[0]);
      nodes.push(svg("rect", { x, y: BAR_Y - 4, width: Math.max(1, xOf(selection[1]) - x), height: BAR_H + 8, class: "selection" }));
    }
    if (playhead !== null) {
      const x = xOf(playhead);
      if (x >= 0 && x <= WIDTH) nodes.push(svg("line", { x1: x, y1: BAR_Y - 8, x2: x, y2: BAR_Y + BAR_H + 8, class: "playhead" }));
    }
    bar.replaceChildren(...nodes);
    bar.dataset.start = new Date(view.start).toISOString();
    bar.dataset.end = new Date(view.end).toISOString();
    bar.dataset.spanMs = String(Math.round(span()));
    label.textContent = `${dateTime(view.start, { seconds: span() < HOUR })} – ${dateTime(view.end, { seconds: span() < HOUR })} (${spanText(span())})`;

    onView({ ...view });
  }

  function pointerX(event) {
    return new DOMPoint(event.clientX, event.clientY).matrixTransform(bar.getScreenCTM().inverse()).x;
  }

  let press = null;
  bar.addEventListener("pointerdown", (event) => {
    press = { x: pointerX(event), view: { ...view }, moved: false, selecting: event.shiftKey };
    bar.setPointerCapture(event.pointerId);
  });
  bar.addEventListener("pointermove", (event) => {
    if (!press) return;
    const x = pointerX(event);
    if (Math.abs(x - press.x) > 3) press.moved = true;
    if (!press.moved) return;
    if (press.selecting) {
      const a = timeOf(Math.min(press.x, x));
      const b = timeOf(Math.max(press.x, x));
      selection = [a, b];
      draw();
      return;
    }
    const shift = ((x - press.x) / WIDTH) * (press.view.end - press.view.start);
    view = clampView(press.view.start - shift, press.view.end - shift);
    draw();
    scheduleLoad();
  });
  bar.addEventListener("pointerup", (event) => {
    if (!press) return;
    const done = press;
    press = null;
    if (!done.moved) onSeek(new Date(timeOf(pointerX(event))));
    else if (done.selecting && selection) onSelect(new Date(selection[0]), new Date(selection[1]));
  });
  bar.addEventListener(
    "wheel",
    (event) => {
      event.preventDefault();
      zoomBy(Math.pow(1.0015, event.deltaY), timeOf(pointerX(event)));
    },
    { passive: false },
  );

  draw();
  return {
    element,
    svg: bar,
    setView,
    setSpan,
    view: () => ({ ...view }),
    summary: () => data.summary,
    refresh: load,
    setPlayhead(date) {
      const before = playhead;
      playhead = date ? date.getTime() : null;
      // Playing on past the right edge pages the view forward, unless the analyst is dragging.
      if (!press && before !== null && playhead !== null && before <= view.end && playhead > view.end) {
        setView(playhead - span() * 0.1, playhead + span() * 0.9);
      } else draw();
    },
    setSelection(a, b) {
      selection = a && b ? [a.getTime(), b.getTime()] : null;
      draw();
    },
    close() {
      clearTimeout(timer);
      sequence++;
    },
  };
}
