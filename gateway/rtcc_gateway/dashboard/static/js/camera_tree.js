// The camera tree beside the live wall: cameras by ownership, area or tag, and a search box that
// finds one among thousands by name, address or id as each key is typed (an index built once
// over the camera list, searched in the browser). A camera whose owner grants no live view is
// listed, greyed, and cannot be put on the wall.

import { cameraLabel } from "./cameras.js";
import { h } from "./ui.js";

const MAX_RESULTS = 100;
const OWNERSHIP = { city: "City cameras", business: "Business partners", resident: "Residents" };

export function canWatchLive(camera) {
  return Boolean(camera.permissions && camera.permissions.live) && camera.lifecycle === "active" && !camera.consent_withdrawn_at;
}

// An `area:<name>` tag names the area; else the street of the address ("Main St & 1st Ave",
// "120 Main St" → "Main St").
export function areaOf(camera) {
  const tag = (camera.tags || []).find((t) => t.startsWith("area:"));
  if (tag) return tag.slice(5);
  const street = (camera.location.address || "").split(/[&,]/)[0].replace(/^\s*\d+[a-z]?\s+/i, "").trim();
  return street || "no address";
}

function groupsOf(camera, mode) {
  if (mode === "area") return [areaOf(camera)];
  if (mode === "tag") return (camera.tags || []).filter((t) => !t.startsWith("area:")).concat((camera.tags || []).length ? [] : ["untagged"]);
  return [OWNERSHIP[camera.ownership] || camera.ownership];
}

export function searchIndex(cameras) {
  return cameras.map((c) => ({
    camera: c,
    name: `${c.name} ${c.id} ${c.external_id || ""}`.toLowerCase(),
    text: [c.name, c.location.address, c.id, c.external_id || "", ...(c.tags || [])].join(" ").toLowerCase(),
  }));
}

// Every word must appear (in any field); cameras whose name or id holds the whole query come
// first, so typing a name finds that camera before others whose address shares a number.
export function findCameras(index, text, limit = MAX_RESULTS) {
  const query = text.toLowerCase().trim();
  const words = query.split(/\s+/).filter(Boolean);
  const first = [];
  const rest = [];
  for (const entry of index) {
    if (!words.every((w) => entry.text.includes(w))) continue;
    (entry.name.includes(query) ? first : rest).push(entry.camera);
    if (first.length >= limit) break;
  }
  return [...first, ...rest].slice(0, limit);
}

export function cameraTree(cameras, { onPick }) {
  const index = searchIndex(cameras);
  const search = h("input", { type: "search", name: "tree_search", placeholder: `find among ${cameras.length} cameras: name, address, id`, autocomplete: "off" });
  const mode = h("select", { name: "tree_mode" }, h("option", { value: "ownership" }, "by ownership"), h("option", { value: "area" }, "by area"), h("option", { value: "tag" }, "by tag"));
  const count = h("p", { class: "muted tree-count" });
  const body = h("div", { class: "tree-body" });
  const element = h("aside", { class: "camera-tree" }, search, mode, count, body);

  function item(camera) {
    const live = canWatchLive(camera);
    const node = h(
      "li",
      { class: live ? "tree-camera" : "tree-camera no-live", draggable: live ? "true" : "false", dataset: { camera: camera.id }, title: live ? "drag onto a tile, or click to put it in the chosen tile" : "the owner grants no live view" },
      h("span", { class: "name" }, cameraLabel(camera)),
      h("span", { class: "muted address" }, camera.location.address || ""),
      live ? null : h("span", { class: "badge-off" }, "no live view"),
    );
    if (live) {
      node.addEventListener("dragstart", (event) => {
        event.dataTransfer.setData("text/plain", camera.id);
        event.dataTransfer.effectAllowed = "copy";
      });
      node.addEventListener("click", () => onPick(camera));
    }
    return node;
  }

  function showTree() {
    const groups = new Map();
    for (const camera of cameras) {
      for (const group of groupsOf(camera, mode.value)) {
        if (!groups.has(group)) groups.set(group, []);
        groups.get(group).push(camera);
      }
    }
    const names = [...groups.keys()].sort((a, b) => a.localeCompare(b));
    body.replaceChildren(
      ...names.map((name) => {
        const list = h("ul", {});
        const details = h("details", { class: "tree-group", dataset: { group: name } }, h("summary", {}, `${name} (${groups.get(name).length})`), list);
        // Items are made when a group is opened: thousands of cameras, few opened at once.
        details.addEventListener("toggle", () => {
          if (details.open && !list.childElementCount) list.replaceChildren(...groups.get(name).map(item));
        });
        return details;
      }),
    );
    count.textContent = `${cameras.length} cameras in ${names.length} groups`;
  }

  function show() {
    if (!search.value.trim()) return showTree();
    const started = performance.now();
    const hits = findCameras(index, search.value);
    body.replaceChildren(h("ul", { class: "tree-results" }, hits.map(item)));
    const more = hits.length >= MAX_RESULTS ? ` (first ${MAX_RESULTS})` : "";
    count.textContent = `${hits.length} found${more} in ${(performance.now() - started).toFixed(1)} ms`;
    count.dataset.found = String(hits.length);
  }

  search.addEventListener("input", show);
  mode.addEventListener("change", show);
  show();
  return { element };
}
