// Live views: one camera full size, or a grid of several on their sub-streams.

import { allCameras, cameraById, cameraLabel } from "./cameras.js";
import { livePlayer } from "./player.js";
import { h, messageArea, replace } from "./ui.js";

const GRID_SIZE = 4;

export async function liveView(root, { params }) {
  const messages = messageArea();
  const cameraId = params[0];
  replace(root, h("h2", {}, "Live"), messages);
  if (!cameraId) {
    messages.note("Pick a camera on the map or in the grid.");
    return () => {};
  }
  let camera;
  try {
    camera = await cameraById(cameraId);
  } catch (error) {
    messages.error(error);
    return () => {};
  }
  const player = livePlayer(camera);
  const links = h(
    "p",
    { class: "toolbar" },
    h("a", { href: `#/timeline/${encodeURIComponent(camera.id)}` }, "Look back on this camera"),
    " · ",
    h("a", { href: "#/map" }, "Back to the map"),
  );
  replace(root, h("h2", {}, `Live: ${cameraLabel(camera)}`), messages, player.element, links);
  return () => player.close();
}

export async function gridView(root) {
  const messages = messageArea();
  const picker = h("div", { class: "picker" });
  const grid = h("div", { class: "grid" });
  replace(root, h("h2", {}, "Live grid"), h("p", { class: "muted" }, `Up to ${GRID_SIZE} cameras on their sub-streams.`), picker, messages, grid);
  let cameras = [];
  try {
    cameras = await allCameras();
  } catch (error) {
    messages.error(error);
    return () => {};
  }
  const players = new Map();
  const chosen = new Set(cameras.slice(0, GRID_SIZE).map((c) => c.id));

  function render() {
    for (const [id, player] of players) {
      if (!chosen.has(id)) {
        player.close();
        player.element.remove();
        players.delete(id);
      }
    }
    for (const camera of cameras) {
      if (chosen.has(camera.id) && !players.has(camera.id)) {
        const player = livePlayer(camera, { stream: "sub", compact: true });
        player.element.addEventListener("dblclick", () => {
          location.hash = `#/live/${encodeURIComponent(camera.id)}`;
        });
        players.set(camera.id, player);
        grid.append(player.element);
      }
    }
    if (!chosen.size) messages.note("Tick the cameras to watch.");
    else messages.clear();
  }

  for (const camera of cameras) {
    const box = h("input", { type: "checkbox", checked: chosen.has(camera.id), dataset: { camera: camera.id } });
    box.addEventListener("change", () => {
      if (box.checked && chosen.size >= GRID_SIZE) {
        box.checked = false;
        messages.error(`The grid shows at most ${GRID_SIZE} cameras; untick one first.`);
        return;
      }
      if (box.checked) chosen.add(camera.id);
      else chosen.delete(camera.id);
      render();
    });
    picker.append(h("label", { class: "pick" }, box, " ", cameraLabel(camera)));
  }
  if (!cameras.length) messages.note("No camera is registered yet.");
  render();
  return () => {
    for (const player of players.values()) player.close();
  };
}
