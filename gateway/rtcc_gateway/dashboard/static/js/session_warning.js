// The warning before an idle session ends: how long is left, and one button to stay signed in.
// A wall watched without a click or a key is otherwise signed out when the idle time is up.

import { stayActive } from "./api.js";
import { h } from "./ui.js";

function minutesSeconds(ms) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, "0")}`;
}

export function sessionWarning() {
  const countdown = h("strong", { class: "session-countdown" });
  const stay = h("button", { type: "button", class: "primary" }, "Stay signed in");
  const box = h(
    "div",
    { id: "session-warning", class: "session-warning", role: "alertdialog", "aria-live": "assertive", hidden: true },
    h("span", {}, "No activity for a while: this session ends in ", countdown, "."),
    stay,
  );
  stay.addEventListener("click", async () => {
    box.hidden = true;
    await stayActive();
  });
  document.body.append(box);
  // Told every second by keepSessionAlive(): the time left, or null when not close to the end.
  return (left) => {
    if (left === null) {
      box.hidden = true;
      return;
    }
    countdown.textContent = minutesSeconds(left);
    box.hidden = false;
  };
}
