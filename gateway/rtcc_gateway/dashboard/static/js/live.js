// Live view of one camera, full size, on its main stream (the wall of several is wall.js).

import { canWatchLive } from "./camera_tree.js";
import { cameraById, cameraLabel } from "./cameras.js";
import { livePlayer } from "./player.js";
import { h, messageArea, replace } from "./ui.js";

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
  if (!canWatchLive(camera)) {
    messages.error(`${cameraLabel(camera)}: the owner grants no live view of this camera.`);
    root.append(h("p", {}, h("a", { href: `#/timeline/${encodeURIComponent(camera.id)}` }, "Look back on its recordings")));
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
