// The live alert feed: one Server-Sent Events stream for the whole signed-in session, read with
// fetch() so that it carries the bearer token (EventSource cannot send a header). It reconnects
// with backoff and tells every listener about each alert as it arrives.

import { authHeaders, errorMessage, session } from "./api.js";

const MAX_BACKOFF_MS = 30_000;

export const feed = {
  alerts: [], // received on the stream, newest first
  listeners: new Set(),
  stateListeners: new Set(),
  state: "off",
  controller: null,

  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  },

  onState(listener) {
    this.stateListeners.add(listener);
    listener(this.state);
    return () => this.stateListeners.delete(listener);
  },

  setState(state) {
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  },

  start() {
    if (this.controller) return;
    this.controller = new AbortController();
    this.run(this.controller.signal);
  },

  stop() {
    if (this.controller) this.controller.abort();
    this.controller = null;
    this.alerts = [];
    this.setState("off");
  },

  async run(signal) {
    let backoff = 1000;
    while (!signal.aborted && session.token()) {
      this.setState("connecting");
      try {
        const reply = await fetch("/v1/lpr/alerts/stream", { headers: authHeaders({ Accept: "text/event-stream" }), signal });
        if (!reply.ok) {
          const body = await reply.json().catch(() => null);
          this.setState(`refused: ${errorMessage(body, reply.status)}`);
          if (reply.status === 401 || reply.status === 403) return;
        } else {
          await this.read(reply.body, signal, () => {
            backoff = 1000;
          });
          this.setState("reconnecting");
        }
      } catch (error) {
        if (signal.aborted) return;
        this.setState("reconnecting");
      }
      await new Promise((resolve) => setTimeout(resolve, backoff));
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    }
  },

  async read(body, signal, onOpen) {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    while (!signal.aborted) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value.replace(/\r\n/g, "\n");
      let cut;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const frame = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        this.handle(frame, onOpen);
      }
    }
  },

  handle(frame, onOpen) {
    let event = "message";
    const data = [];
    for (const line of frame.split("\n")) {
      if (line.startsWith(": subscribed")) {
        onOpen();
        this.setState("live");
      } else if (line.startsWith("event:")) event = line.slice(6).trim();
      else if (line.startsWith("data:")) data.push(line.slice(5).trimStart());
    }
    if (event !== "alert" || !data.length) return;
    const alert = JSON.parse(data.join("\n"));
    alert.live = true;
    // A repeat (the same vehicle read again) comes as the same alert with its count: it
    // replaces the alert heard before, keeping any disposition made on this screen meanwhile.
    const earlier = this.alerts.findIndex((a) => a.id === alert.id);
    if (earlier >= 0) {
      const [before] = this.alerts.splice(earlier, 1);
      alert.repeat = true;
      if (before.disposition && !alert.disposition) Object.assign(alert, { disposition: before.disposition, disposed_by: before.disposed_by, disposed_at: before.disposed_at });
    }
    this.alerts.unshift(alert);
    this.alerts.length = Math.min(this.alerts.length, 500);
    for (const listener of this.listeners) listener(alert);
  },

  // A disposition made on this screen: the alert heard on the stream is disposed too.
  noteDisposed(updated) {
    const heard = this.alerts.find((a) => a.id === updated.id);
    if (heard) Object.assign(heard, { disposition: updated.disposition, disposed_by: updated.disposed_by, disposed_at: updated.disposed_at });
  },

  openCount() {
    return this.alerts.filter((a) => !a.disposition).length;
  },
};
