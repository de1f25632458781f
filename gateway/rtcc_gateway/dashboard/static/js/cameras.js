// The camera list, loaded once per view and shared by the map, grid, live and look-back views.

import { getJson } from "./api.js";

export async function allCameras() {
  const cameras = [];
  let pageToken = null;
  do {
    const page = await getJson("/v1/cameras", { page_size: 1000, page_token: pageToken });
    cameras.push(...page.cameras);
    pageToken = page.next_page_token;
  } while (pageToken && cameras.length < 10000);
  return cameras;
}

export async function cameraById(id) {
  return getJson(`/v1/cameras/${encodeURIComponent(id)}`);
}

export function cameraLabel(camera) {
  return camera.name || camera.id;
}
