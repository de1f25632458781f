// Small DOM helpers shared by the views. Text always goes in as text (never as HTML), so what
// the API returns (plates, notes, reasons) cannot inject markup.

import { dateTime } from "./clock.js";

export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") node.className = value;
    else if (name === "dataset") Object.assign(node.dataset, value);
    else if (name.startsWith("on") && typeof value === "function") node.addEventListener(name.slice(2), value);
    else if (name in node && typeof value !== "string") node[name] = value;
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function svg(tag, attrs = {}) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  return node;
}

export function replace(node, ...children) {
  node.replaceChildren();
  return append(node, children);
}

export function spinner(text) {
  return h("span", { class: "spinner-line", role: "status" }, h("span", { class: "spinner" }), text);
}

// An area that shows one message at a time: an error (from ApiError or a plain string), a note,
// or nothing.
export function messageArea() {
  const node = h("p", { class: "message", role: "alert", hidden: true });
  node.show = (text, kind = "error") => {
    delete node.dataset.status;
    node.className = `message ${kind}`;
    node.textContent = text;
    node.hidden = false;
  };
  // The gateway's own words (ApiError), or the page's; the HTTP status stays on the element.
  node.error = (error) => {
    node.show(error && error.message ? error.message : String(error), "error");
    if (error && error.status !== undefined) node.dataset.status = String(error.status);
  };
  node.note = (text) => node.show(text, "note");
  node.clear = () => {
    delete node.dataset.status;
    node.hidden = true;
    node.textContent = "";
  };
  return node;
}

// Run an async action from a button: disable it meanwhile, report a failure in `messages`.
export async function busy(button, messages, action) {
  button.disabled = true;
  if (messages) messages.clear();
  try {
    return await action();
  } catch (error) {
    if (messages) messages.error(error);
    return undefined;
  } finally {
    button.disabled = false;
  }
}

// Every time the dashboard shows: its date, in the city's time zone, saying which (clock.js).
export function formatTime(value) {
  if (!value) return "—";
  return dateTime(value);
}

export function formatBytes(bytes) {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(0)} kB`;
  return `${bytes} B`;
}

export function formatDistance(metres) {
  return metres >= 1000 ? `${(metres / 1000).toFixed(2)} km` : `${Math.round(metres)} m`;
}

export function field(label, input) {
  return h("label", {}, label, " ", input);
}

export function table(headings, rows) {
  return h(
    "table",
    {},
    h("thead", {}, h("tr", {}, headings.map((text) => h("th", {}, text)))),
    h("tbody", {}, rows),
  );
}
