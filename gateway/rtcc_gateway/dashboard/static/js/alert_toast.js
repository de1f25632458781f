// Plate alerts reach the analyst on every screen: a toast within a second of the hit, with the
// plate crop large, where it was read (by name, on a small map), what the hotlist says, a sound
// that can be muted, and the way to act: watch the camera live, look back at the moment of the
// read, record the disposition. A repeat of an open alert (the same vehicle read again nearby)
// updates its toast and counts, rather than ringing again.

import { alertPanel } from "./alert_card.js";
import { feed } from "./feed.js";

const MAX_TOASTS = 3;
// A toast stays open this long (longer while the pointer is on it), then folds to its header
// line at the corner of the screen, out of the way of the work under it. It folds at once when
// the analyst goes on working on the page under it (a click, a key, a field that takes focus):
// an open toast must not sit over the export panel or any other form for its whole time.
const OPEN_MS = 15_000;

function foldLater(node) {
  let timer = null;
  const fold = () => node.classList.add("folded");
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(fold, OPEN_MS);
  };
  node.addEventListener("pointerenter", () => clearTimeout(timer));
  // Gone to the camera or the footage: the toast folds away from what the analyst now watches.
  node.addEventListener("click", (event) => {
    if (event.target.closest("a")) fold();
  });
  node.addEventListener("pointerleave", arm);
  node.querySelector("header").addEventListener("click", (event) => {
    if (event.target.closest("button")) return;
    node.classList.toggle("folded");
    if (!node.classList.contains("folded")) arm();
  });
  arm();
}
const SOUND_KEY = "rtcc.alert-sound";
// How often open toasts check that they do not cover a form the analyst is working in.
const KEEP_CLEAR_MS = 500;

// The toasts stand at the bottom right. Where that would cover the work in hand they stand at
// the bottom left or the top right instead: never over an element marked data-keep-clear (the
// export panel) where a corner is free of it, and otherwise where they cover the least of the
// page's form controls. At a bottom corner the page gets room below its content, so whatever
// the stack still covers can be scrolled above it.
const CORNERS = [
  { name: "", x: "right", y: "bottom" },
  { name: "toasts-left", x: "left", y: "bottom" },
  { name: "toasts-top", x: "right", y: "top" },
];
const TOP_OFFSET = 56; // below the header bar
const CONTROLS = "#view form :is(input, select, textarea, button)";

function boxes(selector) {
  return [...document.querySelectorAll(selector)].map((node) => node.getBoundingClientRect()).filter((box) => box.width && box.height);
}

function overlap(a, b) {
  const width = Math.min(a.right, b.right) - Math.max(a.left, b.left);
  const height = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
  return width > 0 && height > 0 ? width * height : 0;
}

function keepClear(area) {
  const kept = boxes("[data-keep-clear]");
  const controls = boxes(CONTROLS);
  const toasts = [...area.children].map((node) => node.getBoundingClientRect());
  const view = document.getElementById("view");
  const height = toasts.reduce((sum, t) => sum + t.height + 8, 0); // the stack, with its gaps
  const chosen = (corner) => {
    for (const other of CORNERS) if (other.name) area.classList.toggle(other.name, other === corner);
    if (view) view.style.paddingBottom = toasts.length && corner.y === "bottom" ? `${height + 24}px` : "";
  };
  if (!toasts.length) {
    chosen(CORNERS[0]);
    area.dataset.covers = "no";
    return;
  }
  const width = area.getBoundingClientRect().width;
  // Where each toast would stand in a corner, from the stack's own sizes.
  const placed = (corner) => {
    const left = corner.x === "right" ? window.innerWidth - 12 - width : 12;
    let top = corner.y === "bottom" ? window.innerHeight - 12 - height : TOP_OFFSET;
    return toasts.map((t) => {
      const box = { left, right: left + width, top, bottom: top + t.height };
      top += t.height + 8;
      return box;
    });
  };
  const covered = (at, guarded) => at.reduce((sum, toast) => sum + guarded.reduce((s, box) => s + overlap(toast, box), 0), 0);
  const cost = (corner) => {
    const at = placed(corner);
    return [covered(at, kept), covered(at, controls)];
  };
  let best = CORNERS[0];
  let bestCost = cost(best);
  for (const corner of CORNERS.slice(1)) {
    const next = cost(corner);
    if (next[0] < bestCost[0] || (next[0] === bestCost[0] && next[1] < bestCost[1])) [best, bestCost] = [corner, next];
  }
  chosen(best);
  // For the browser tests: whether, where they now stand, the toasts cover a keep-clear element.
  const now = [...area.children].map((node) => node.getBoundingClientRect());
  area.dataset.covers = covered(now, kept) > 0 ? "yes" : "no";
}

export const sound = {
  on() {
    return localStorage.getItem(SOUND_KEY) !== "off";
  },
  set(on) {
    localStorage.setItem(SOUND_KEY, on ? "on" : "off");
  },
  // Two short tones from the page itself (no file to fetch); false when muted or refused.
  play() {
    if (!this.on()) return false;
    try {
      const context = new AudioContext();
      for (const [at, pitch] of [[0, 880], [0.22, 660]]) {
        const tone = context.createOscillator();
        const gain = context.createGain();
        tone.frequency.value = pitch;
        gain.gain.setValueAtTime(0.18, context.currentTime + at);
        gain.gain.exponentialRampToValueAtTime(0.001, context.currentTime + at + 0.2);
        tone.connect(gain).connect(context.destination);
        tone.start(context.currentTime + at);
        tone.stop(context.currentTime + at + 0.21);
      }
      setTimeout(() => context.close(), 800);
      return true;
    } catch {
      return false;
    }
  },
};

// Mounts the toasts on `area` for the whole signed-in session.
export function startAlertToasts(area, soundButton, onDisposed) {
  const open = new Map(); // alert id -> toast
  const dismissed = new Set();
  function drawSoundButton() {
    soundButton.textContent = sound.on() ? "Alert sound: on" : "Alert sound: muted";
    soundButton.setAttribute("aria-pressed", String(sound.on()));
  }
  soundButton.onclick = () => {
    sound.set(!sound.on());
    drawSoundButton();
  };
  drawSoundButton();
  const foldAll = (event) => {
    if (event.target instanceof Node && area.contains(event.target)) return;
    for (const item of open.values()) item.node.classList.add("folded");
  };
  for (const type of ["pointerdown", "keydown", "focusin"]) document.addEventListener(type, foldAll, true);
  const clearTimer = setInterval(() => keepClear(area), KEEP_CLEAR_MS);
  const unsubscribe = feed.subscribe((alert) => {
    if (dismissed.has(alert.id) || alert.disposition) return;
    const shown = open.get(alert.id);
    if (shown) {
      shown.update(alert);
      return;
    }
    const item = alertPanel(alert, {
      withMap: true,
      onClose() {
        dismissed.add(alert.id);
        open.delete(alert.id);
        item.remove();
      },
      onDisposed(updated) {
        feed.noteDisposed(updated);
        onDisposed();
      },
    });
    item.node.dataset.sound = sound.play() ? "played" : "muted";
    // Only the newest alert is open: the others fold to their header line, so a burst of hits
    // never covers the screen the analyst is working on.
    for (const other of open.values()) other.node.classList.add("folded");
    foldLater(item.node);
    open.set(alert.id, item);
    area.prepend(item.node);
    keepClear(area);
    // The oldest toast gives way; the alert stays on the Alerts page.
    while (open.size > MAX_TOASTS) {
      const [oldestId, oldest] = open.entries().next().value;
      open.delete(oldestId);
      oldest.remove();
    }
  });
  return () => {
    for (const type of ["pointerdown", "keydown", "focusin"]) document.removeEventListener(type, foldAll, true);
    clearInterval(clearTimer);
    area.classList.remove("toasts-left", "toasts-top");
    const view = document.getElementById("view");
    if (view) view.style.paddingBottom = "";
    unsubscribe();
    for (const item of open.values()) item.remove();
    open.clear();
  };
}
