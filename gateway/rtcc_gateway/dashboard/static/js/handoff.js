// Cameras picked on one screen handed to another through the URL hash, so that the back button
// and a pasted link work: the live wall takes `#/grid/ID,ID,...`, the look-back
// `#/timeline/ID,ID,.../ISO-TIME` (the moment to start at, optional).

export const MAX_WALL = 16;

const joinIds = (ids) => ids.map((id) => encodeURIComponent(id)).join(",");

export function wallHash(ids) {
  return `#/grid/${joinIds(ids.slice(0, MAX_WALL))}`;
}

export function lookBackHash(ids, at) {
  const when = at ? `/${encodeURIComponent(new Date(at).toISOString())}` : "";
  return `#/timeline/${joinIds(ids)}${when}`;
}

export function liveHash(id) {
  return `#/live/${encodeURIComponent(id)}`;
}

// The camera ids a screen was handed, from its first hash parameter (already URI-decoded).
export function handedCameras(param) {
  return (param || "")
    .split(",")
    .map((id) => id.trim())
    .filter(Boolean);
}
