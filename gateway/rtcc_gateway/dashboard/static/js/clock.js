// Times as the look-back and wall screens show them: with their date, in the city's time zone
// (the gateway's display_time_zone setting), and always saying which zone that is.

import { getJson } from "./api.js";

let zone = "UTC";
let loaded = null;

export function loadDisplaySettings() {
  if (!loaded) {
    loaded = getJson("/v1/dashboard/settings")
      .then((settings) => {
        zone = settings.time_zone || "UTC";
      })
      .catch(() => {
        loaded = null; // asked again next time; UTC meanwhile, and the screen says so
      });
  }
  return loaded || Promise.resolve();
}

export function zoneName() {
  return zone;
}

function parts(date) {
  const format = new Intl.DateTimeFormat("en-CA", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
  const out = {};
  for (const { type, value } of format.formatToParts(date)) out[type] = value;
  return out;
}

// "2026-12-03 07:57:41 UTC"
export function dateTime(value, { seconds = true, withZone = true } = {}) {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return "—";
  const p = parts(date);
  const time = seconds ? `${p.hour}:${p.minute}:${p.second}` : `${p.hour}:${p.minute}`;
  return `${p.year}-${p.month}-${p.day} ${time}${withZone ? ` ${zone}` : ""}`;
}

// A tick label: the date where the span is days, the time (with tenths at the finest zoom).
export function tickLabel(date, stepMs) {
  const p = parts(date);
  if (stepMs >= 86_400_000) return `${p.month}-${p.day}`;
  if (stepMs >= 3_600_000 && p.hour === "00" && p.minute === "00") return `${p.month}-${p.day}`;
  if (stepMs >= 60_000) return `${p.hour}:${p.minute}`;
  return `${p.hour}:${p.minute}:${p.second}`;
}

// The offset of the zone from UTC at that instant, in milliseconds.
function offsetMs(date) {
  const p = parts(date);
  const asUtc = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
  return asUtc - Math.floor(date.getTime() / 1000) * 1000;
}

// The value of a time field (zoneTimeInput, or an <input type="datetime-local">) read as a wall
// time in the city's zone.
export function fromZoneInput(text) {
  const match = /^\s*(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?/.exec(text || "");
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match.map((v) => (v === undefined ? "0" : v));
  const guess = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
  // Two passes settle the offset on either side of a daylight-saving change.
  let at = guess - offsetMs(new Date(guess));
  at = guess - offsetMs(new Date(at));
  return new Date(at);
}

export function toZoneInput(date) {
  const p = parts(date);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`;
}

// The start of the day (in the city's zone) that holds `date`.
export function startOfDay(date) {
  const p = parts(date);
  return fromZoneInput(`${p.year}-${p.month}-${p.day}T00:00:00`);
}

const NATIVE_VALUE = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value");

// A date and time field in the center's 24-hour form, "2026-12-03 14:05:00": the browser's own
// datetime-local field follows the browser's locale, which shows 12-hour times in en-US. Its
// value reads and writes as toZoneInput/fromZoneInput do (a "T" written in shows as a space).
export function zoneTimeInput(attrs = {}) {
  const input = document.createElement("input");
  input.type = "text";
  input.className = "time-24";
  input.inputMode = "numeric";
  input.autocomplete = "off";
  input.spellcheck = false;
  input.size = 19;
  input.placeholder = "YYYY-MM-DD HH:MM:SS";
  input.pattern = "\\s*\\d{4}-\\d{2}-\\d{2}[T ]([01]\\d|2[0-3]):[0-5]\\d(:[0-5]\\d)?\\s*";
  input.title = "24-hour time, e.g. 2026-12-03 14:05:00";
  Object.defineProperty(input, "value", {
    get() {
      return NATIVE_VALUE.get.call(this);
    },
    set(text) {
      NATIVE_VALUE.set.call(this, String(text ?? "").replace("T", " "));
    },
  });
  for (const [name, value] of Object.entries(attrs)) {
    if (name === "value") input.value = value;
    else if (value === true) input.setAttribute(name, "");
    else if (value !== false && value !== undefined && value !== null) input.setAttribute(name, String(value));
  }
  return input;
}
