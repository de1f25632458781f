// The live wall: 1, 4, 9 or 16 tiles; drag a camera from the tree onto a tile (or choose a tile,
// then click a camera); save the arrangement under a name and open it again later (kept by the
// gateway for this user). Small tiles take the camera's sub-stream where the registry has one; a
// single tile takes the main stream. Route: #/grid[/ID,ID,...] or #/grid/layout:<name>.

import { getJson, request, sendJson } from "./api.js";
import { allCameras } from "./cameras.js";
import { cameraTree, canWatchLive } from "./camera_tree.js";
import { handedCameras } from "./handoff.js";
import { livePlayer } from "./player.js";
import { busy, field, h, messageArea, replace, spinner } from "./ui.js";

const SIZES = [1, 4, 9, 16];
const LAYOUT_PREFIX = "layout:";

export function streamFor(camera, tiles) {
  return tiles > 1 && camera.substream_url ? "sub" : "main";
}

export async function wallView(root, { params }) {
  const messages = messageArea();
  replace(root, h("h2", {}, "Live wall"), spinner("Loading cameras…"));
  let cameras;
  try {
    cameras = await allCameras();
  } catch (error) {
    replace(root, h("h2", {}, "Live wall"), messages);
    messages.error(error);
    return () => {};
  }
  const byId = new Map(cameras.map((c) => [c.id, c]));
  let size = 4;
  let slots = ["", "", "", ""];
  let armed = null;
  const players = new Map(); // tile index -> {player, key}
  const grid = h("div", { class: "wall" });
  const sizeButtons = SIZES.map((n) => {
    const b = h("button", { type: "button", name: `layout-${n}`, dataset: { tiles: n } }, n === 1 ? "1 tile" : `${n} tiles`);
    b.addEventListener("click", () => setSize(n));
    return b;
  });
  const saved = h("select", { name: "saved_layout" });
  const open = h("button", { type: "button", name: "open-layout" }, "Open");
  const remove = h("button", { type: "button", name: "delete-layout" }, "Delete");
  const name = h("input", { name: "layout_name", size: 18, maxlength: 100, placeholder: "name this layout" });
  const save = h("button", { type: "submit", name: "save-layout" }, "Save layout");
  const saveForm = h("form", { class: "toolbar" }, field("Saved", saved), open, remove, name, save);
  const tree = cameraTree(cameras, { onPick: (camera) => place(armed ?? slots.indexOf(""), camera.id) });
  replace(
    root,
    h("h2", {}, "Live wall"),
    h("div", { class: "toolbar" }, ...sizeButtons, h("span", { class: "muted" }, "Drag a camera onto a tile; double-click a tile for full size.")),
    saveForm,
    messages,
    h("div", { class: "wall-layout" }, tree.element, grid),
  );

  function tileNode(index) {
    const cameraId = slots[index];
    const camera = byId.get(cameraId);
    const node = h("div", { class: armed === index ? "tile armed" : "tile", dataset: { index, camera: cameraId || "" } });
    node.addEventListener("dragover", (event) => {
      event.preventDefault();
      node.classList.add("over");
    });
    node.addEventListener("dragleave", () => node.classList.remove("over"));
    node.addEventListener("drop", (event) => {
      event.preventDefault();
      node.classList.remove("over");
      place(index, event.dataTransfer.getData("text/plain"));
    });
    node.addEventListener("click", (event) => {
      if (event.target.closest("button")) return;
      armed = armed === index ? null : index;
      for (const tile of grid.children) tile.classList.toggle("armed", Number(tile.dataset.index) === armed);
    });
    if (!camera) {
      node.append(h("p", { class: "tile-empty muted" }, "Drop a camera here"));
      return node;
    }
    const stream = streamFor(camera, size);
    const key = `${camera.id}/${stream}`;
    let entry = players.get(index);
    if (!entry || entry.key !== key) {
      if (entry) entry.player.close();
      entry = { key, player: livePlayer(camera, { stream, compact: size > 1 }) };
      entry.player.element.dataset.stream = stream;
      entry.player.element.addEventListener("dblclick", () => (location.hash = `#/live/${encodeURIComponent(camera.id)}`));
      players.set(index, entry);
    }
    const clear = h("button", { type: "button", class: "tile-clear", title: "take this camera off the wall" }, "×");
    clear.addEventListener("click", () => place(index, ""));
    node.append(entry.player.element, clear, h("span", { class: "tile-stream" }, stream === "sub" ? "sub-stream" : "main stream"));
    return node;
  }

  function render() {
    for (const [index, entry] of players) {
      const camera = byId.get(slots[index]);
      if (index >= size || !camera || entry.key !== `${camera.id}/${streamFor(camera, size)}`) {
        entry.player.close();
        players.delete(index);
      }
    }
    grid.className = `wall n${Math.sqrt(size)}`;
    grid.style.maxWidth = `calc((100vh - 200px) * 16 / 9)`;
    grid.dataset.tiles = String(size);
    grid.replaceChildren(...slots.map((_, i) => tileNode(i)));
    // A video moved to its new tile was paused on the way: it goes on (muted, so allowed).
    for (const entry of players.values()) entry.player.video.play().catch(() => {});
    for (const b of sizeButtons) b.classList.toggle("active", Number(b.dataset.tiles) === size);
  }

  function place(index, cameraId) {
    if (index === null || index < 0) return messages.error("Every tile is taken: choose a tile first (click it), or take a camera off.");
    const camera = byId.get(cameraId);
    if (cameraId && !camera) return;
    if (camera && !canWatchLive(camera)) return messages.error(`${camera.name}: the owner grants no live view.`);
    messages.clear();
    slots[index] = cameraId;
    armed = null;
    render();
  }

  function setSize(n) {
    size = n;
    slots = [...slots.slice(0, n), ...Array(Math.max(0, n - slots.length)).fill("")];
    render();
  }

  async function loadSaved(selected) {
    const { layouts } = await getJson("/v1/me/layouts");
    saved.replaceChildren(h("option", { value: "" }, layouts.length ? "— choose —" : "none saved yet"), ...layouts.map((l) => h("option", { value: l.name, selected: l.name === selected }, `${l.name} (${l.tiles})`)));
    return layouts;
  }

  async function openLayout(layoutName) {
    const layouts = await loadSaved(layoutName);
    const layout = layouts.find((l) => l.name === layoutName);
    if (!layout) throw new Error(`No saved layout is named ${layoutName}.`);
    size = layout.tiles;
    slots = layout.camera_ids.map((id) => (byId.has(id) && canWatchLive(byId.get(id)) ? id : ""));
    name.value = layout.name;
    history.replaceState(null, "", `#/grid/${LAYOUT_PREFIX}${encodeURIComponent(layout.name)}`);
    render();
    const missing = layout.camera_ids.filter((id) => id && !slots.includes(id)).length;
    if (missing) messages.note(`${missing} camera(s) of this layout can no longer be watched live.`);
  }

  open.addEventListener("click", () => busy(open, messages, () => (saved.value ? openLayout(saved.value) : Promise.reject(new Error("Choose a saved layout.")))));
  remove.addEventListener("click", () =>
    busy(remove, messages, async () => {
      if (!saved.value) throw new Error("Choose the layout to delete.");
      await request(`/v1/me/layouts/${encodeURIComponent(saved.value)}`, { method: "DELETE" });
      await loadSaved();
    }),
  );
  saveForm.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(save, messages, async () => {
      if (!name.value.trim()) throw new Error("Name the layout to save it.");
      const layout = await sendJson("PUT", `/v1/me/layouts/${encodeURIComponent(name.value.trim())}`, { tiles: size, camera_ids: slots });
      await loadSaved(layout.name);
      messages.note(`Saved “${layout.name}” (${layout.tiles} tiles).`);
    });
  });

  try {
    const asked = params[0] || "";
    if (asked.startsWith(LAYOUT_PREFIX)) await openLayout(asked.slice(LAYOUT_PREFIX.length));
    else {
      await loadSaved();
      // Cameras handed over by another screen (the map: #/grid/ID,ID,...), else the first few.
      const handed = handedCameras(asked).filter((id) => byId.has(id) && canWatchLive(byId.get(id)));
      const first = handed.length ? handed : cameras.filter(canWatchLive).slice(0, 4).map((c) => c.id);
      size = SIZES.find((n) => n >= first.length) || 16;
      slots = [...first.slice(0, size), ...Array(Math.max(0, size - first.length)).fill("")];
      render();
    }
  } catch (error) {
    render();
    messages.error(error);
  }
  return () => {
    for (const entry of players.values()) entry.player.close();
  };
}
