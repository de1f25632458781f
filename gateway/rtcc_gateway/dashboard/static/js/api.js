// Calls to the gateway's REST API with the signed-in analyst's bearer token.
// The token lives in sessionStorage (this tab only, gone when it closes) and travels only in the
// Authorization header: no cookie, so no other site can make the browser act on the analyst's
// behalf. Streams (SSE, video, images) are fetched the same way instead of by URL.

const KEY = "rtcc.session";

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export const session = {
  // What was saved at sign-in, expired or not.
  stored() {
    try {
      return JSON.parse(sessionStorage.getItem(KEY) || "null");
    } catch {
      return null;
    }
  },
  load() {
    const saved = this.stored();
    return saved && saved.expiresAt > Date.now() ? saved : null;
  },
  save(value) {
    sessionStorage.setItem(KEY, JSON.stringify(value));
  },
  clear() {
    sessionStorage.removeItem(KEY);
  },
  token() {
    const saved = this.load();
    return saved ? saved.token : null;
  },
};

export function authHeaders(extra = {}) {
  const token = session.token();
  return token ? { ...extra, Authorization: `Bearer ${token}` } : { ...extra };
}

// The gateway answers {"detail": [{"msg", "type", "loc"?}]} (or a plain string): say it plainly.
export function errorMessage(body, status) {
  const detail = body && body.detail;
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail) && detail.length) {
    return detail
      .map((item) => {
        const where = Array.isArray(item.loc) ? item.loc.filter((p) => p !== "body" && p !== "query").join(".") : "";
        return where ? `${where}: ${item.msg}` : item.msg;
      })
      .join("; ");
  }
  if (status === 0) return "the gateway cannot be reached";
  return `the request failed (HTTP ${status})`;
}

function signedOut(message) {
  session.clear();
  window.dispatchEvent(new CustomEvent("rtcc:signed-out", { detail: message }));
}

export function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === "") continue;
    search.set(name, value);
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

// fetch() with the token; throws ApiError with the gateway's own message on any refusal.
export async function request(path, { method = "GET", json, body, headers = {}, signal } = {}) {
  const init = { method, headers: authHeaders(headers), signal };
  if (json !== undefined) {
    init.body = JSON.stringify(json);
    init.headers["Content-Type"] = "application/json";
  } else if (body !== undefined) {
    init.body = body;
  }
  let reply;
  try {
    reply = await fetch(path, init);
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ApiError(0, "the gateway cannot be reached");
  }
  if (reply.ok) return reply;
  let parsed = null;
  try {
    parsed = await reply.json();
  } catch {
    parsed = null;
  }
  const message = errorMessage(parsed, reply.status);
  if (reply.status === 401 && session.token()) signedOut(`Signed out: ${message}`);
  throw new ApiError(reply.status, message);
}

export async function getJson(path, params = {}) {
  return (await request(path + query(params))).json();
}

export async function sendJson(method, path, json) {
  const reply = await request(path, { method, json });
  return reply.status === 204 ? null : reply.json();
}

// An authenticated binary resource (snapshot, plate image, export file) as a blob: URL.
export async function objectUrl(path) {
  const reply = await request(path);
  return URL.createObjectURL(await reply.blob());
}

export async function login(username, password, totp) {
  const reply = await fetch("/v1/auth/login", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username, password, totp }),
  });
  const body = await reply.json().catch(() => null);
  if (!reply.ok) throw new ApiError(reply.status, errorMessage(body, reply.status));
  session.save({
    token: body.access_token,
    role: body.role,
    agency: body.agency,
    subject: username.trim().toLowerCase(),
    expiresAt: Date.now() + body.expires_in * 1000,
    lifetimeMs: body.expires_in * 1000,
  });
  return body;
}

// A token lives minutes; the login session behind it ends after the gateway's idle time. The
// token is renewed only while the analyst is using the page (a click or a key within the idle
// time), so an unattended screen still signs itself out — but never silently: for the last
// WARN_MS the page says when, and one click keeps the session.
const CHECK_MS = 1000;
const WARN_MS = 2 * 60_000;
let lastActivity = Date.now();
let renewing = false;
for (const type of ["pointerdown", "keydown"]) {
  window.addEventListener(type, () => (lastActivity = Date.now()), { passive: true, capture: true });
}

async function renew(saved) {
  if (renewing) return;
  renewing = true;
  try {
    const body = await (await request("/v1/auth/refresh", { method: "POST" })).json();
    session.save({ ...saved, token: body.access_token, expiresAt: Date.now() + body.expires_in * 1000 });
  } catch {
    // request() has already signed out on a 401; anything else is retried on the next check.
  } finally {
    renewing = false;
  }
}

// Milliseconds until an idle session ends (the idle time is the token's lifetime), or null.
function idleLeft(saved) {
  return saved && saved.lifetimeMs ? lastActivity + saved.lifetimeMs - Date.now() : null;
}

// Renews the token while the analyst works; `onIdle(msLeft)` is told, every second, how long an
// idle session has left once under WARN_MS (null when it is not close). At 0 the session ends
// and the page says why, as it does when a token lapses for any other reason.
export function keepSessionAlive(onIdle = () => {}) {
  setInterval(async () => {
    const saved = session.stored();
    const left = idleLeft(saved);
    if (!saved || left === null) return onIdle(null);
    if (left <= 0) {
      onIdle(null);
      endSession(saved, `Signed out after ${Math.round(saved.lifetimeMs / 60_000)} minutes without activity.`);
    } else if (saved.expiresAt <= Date.now()) {
      onIdle(null);
      endSession(saved, "Your session has expired; sign in again.");
    } else {
      onIdle(left < Math.min(WARN_MS, saved.lifetimeMs / 4) ? left : null);
      if (saved.expiresAt - Date.now() < saved.lifetimeMs / 3) await renew(saved);
    }
  }, CHECK_MS);
}

function endSession(saved, message) {
  session.clear();
  // The gateway ends its side too; a token that has lapsed already is refused, which is fine.
  fetch("/v1/auth/logout", { method: "POST", headers: { Authorization: `Bearer ${saved.token}` } }).catch(() => {});
  window.dispatchEvent(new CustomEvent("rtcc:signed-out", { detail: message }));
}

// "Stay signed in": counts as activity, and renews the token at once.
export async function stayActive() {
  lastActivity = Date.now();
  const saved = session.load();
  if (saved) await renew(saved);
}

export async function logout() {
  try {
    await request("/v1/auth/logout", { method: "POST" });
  } finally {
    session.clear();
  }
}
