// Under the synchronized look-back's scrubber: one lane per camera, showing what each recorded
// (and its gaps) over the scrubber's view, so the analyst sees at a glance which cameras have
// footage at the moment played. Each lane reads the recorder's summary, as the scrubber does.

import { getJson } from "./api.js";
import { cameraLabel } from "./cameras.js";
import { dateTime } from "./clock.js";
import { h, svg } from "./ui.js";

const WIDTH = 1000;
const HEIGHT = 16;
const BUCKETS = 250;
const LOAD_DELAY_MS = 150;

function titled(node, text) {
  const t = svg("title", {});
  t.textContent = text;
  node.append(t);
  return node;
}

function lane(camera) {
  const bar = svg("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, preserveAspectRatio: "none", class: "lane-bar", role: "img", "aria-label": `${cameraLabel(camera)}: recorded spans` });
  const element = h("div", { class: "sync-lane", dataset: { camera: camera.id } }, bar, h("span", { class: "lane-name" }, cameraLabel(camera)));
  let summary = null;
  let view = null;
  let playhead = null;
  const marker = svg("rect", { x: -10, y: 0, width: 2, height: HEIGHT, class: "lane-playhead" });

  function draw() {
    if (!view) return;
    const span = view.end - view.start;
    const xOf = (t) => ((t - view.start) / span) * WIDTH;
    const rect = (start, end, attrs) => {
      const x = Math.max(-1, xOf(start));
      return svg("rect", { x, y: 0, width: Math.max(1, Math.min(WIDTH + 1, xOf(end)) - x), height: HEIGHT, ...attrs });
    };
    const nodes = [svg("rect", { x: 0, y: 0, width: WIDTH, height: HEIGHT, class: "timeline-ground" })];
    if (summary) {
      const size = summary.bucket_s * 1000;
      for (const b of summary.buckets) {
        if (b.recorded_s <= 0) continue;
        const ratio = Math.min(1, b.recorded_s / summary.bucket_s);
        const start = Date.parse(b.start);
        nodes.push(titled(rect(start, start + size, { class: ratio > 0.98 ? "bucket full" : "bucket partial" }), `${dateTime(start)}: ${Math.round(ratio * 100)}% recorded`));
      }
      for (const gap of summary.gaps) {
        const end = gap.end ? Date.parse(gap.end) : Date.now();
        nodes.push(titled(rect(Date.parse(gap.start), end, { class: "gap", "data-reason": gap.reason }), `gap: ${gap.reason}`));
      }
    }
    bar.replaceChildren(...nodes, marker);
    placeMarker();
  }

  // The playhead moves five times a second: only its marker is moved, not the lane redrawn.
  function placeMarker() {
    const x = view && playhead !== null ? ((playhead - view.start) / (view.end - view.start)) * WIDTH : -10;
    marker.setAttribute("x", String(x - 1));
  }

  return {
    element,
    async load(current, sequence, isCurrent) {
      view = current;
      draw();
      const end = Math.min(current.end, Date.now() + 60_000);
      if (end <= current.start) return;
      const path = `/v1/cameras/${encodeURIComponent(camera.id)}/recordings/summary`;
      const reply = await getJson(path, { start: new Date(current.start).toISOString(), end: new Date(end).toISOString(), buckets: BUCKETS });
      if (!isCurrent(sequence)) return;
      summary = reply;
      element.dataset.loaded = "true";
      element.dataset.recorded = String(Math.round(reply.buckets.reduce((sum, b) => sum + b.recorded_s, 0)));
      draw();
    },
    setPlayhead(t) {
      playhead = t;
      placeMarker();
    },
  };
}

// `lanes.setView(view)` follows the scrubber's view; `lanes.setPlayhead(ms)` its playhead.
export function syncLanes(cameras, { onError = () => {} } = {}) {
  const lanes = cameras.map(lane);
  const element = h("div", { class: "sync-lanes" }, lanes.map((l) => l.element));
  let timer = null;
  let sequence = 0;
  let shown = null;
  return {
    element,
    setView(view) {
      if (shown && shown.start === view.start && shown.end === view.end) return;
      shown = { ...view };
      clearTimeout(timer);
      timer = setTimeout(() => {
        const mine = ++sequence;
        const isCurrent = (n) => n === sequence;
        for (const l of lanes) l.load(shown, mine, isCurrent).catch((error) => isCurrent(mine) && onError(error));
      }, LOAD_DELAY_MS);
    },
    setPlayhead(t) {
      for (const l of lanes) l.setPlayhead(t);
    },
    close() {
      clearTimeout(timer);
      sequence++;
    },
  };
}
