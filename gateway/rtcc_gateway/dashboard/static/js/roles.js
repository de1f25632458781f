// What the signed-in person's role may do, as the gateway said at sign-in (`/v1/me`: the actions
// its policy rows allow), so that a screen offers only what the gateway would let it do.

import { session } from "./api.js";

export function mayUse(action) {
  const saved = session.load();
  return Boolean(saved && Array.isArray(saved.may) && saved.may.includes(action));
}

// A tab is shown when the role may use any of the actions it names (space-separated).
export function mayUseAny(actions) {
  return actions.split(/\s+/).filter(Boolean).some(mayUse);
}
