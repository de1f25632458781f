// Look back on one camera at any moment of its retention: jump to a date and time, zoom the
// timeline from 30 days down to seconds, play from a click, step to the next or previous
// activity, bookmark what is seen, and export a range (or a bookmark's) to a case.
// Route: #/timeline/<camera>[/<ISO moment>].

import { sendJson } from "./api.js";
import { bookmarkPanel } from "./bookmark_panel.js";
import { allCameras, cameraById, cameraLabel } from "./cameras.js";
import { fromZoneInput, loadDisplaySettings, toZoneInput, zoneName, zoneTimeInput } from "./clock.js";
import { exportPanel } from "./export_panel.js";
import { playbackPlayer } from "./playback.js";
import { syncView } from "./sync_playback.js";
import { RETENTION_MS, activitySpans, timelineBar } from "./timeline_bar.js";
import { field, h, messageArea, replace, spinner } from "./ui.js";

const AROUND_MS = 30 * 60 * 1000;
// Looking for the previous activity: an hour back first, then a day, then the whole retention.
const LOOK_BACK_MS = [60 * 60 * 1000, 24 * 60 * 60 * 1000, RETENTION_MS];
// A span starting this close after the moment played is the one being watched, not the next.
const SAME_SPAN_MS = 1000;
const REASON_KEY = "rtcc.lookback.reason";

export function savedReason() {
  return sessionStorage.getItem(REASON_KEY) || "";
}

export function reasonInput() {
  const input = h("input", { name: "reason", size: 40, maxlength: 500, placeholder: "required to view footage", value: savedReason() });
  input.addEventListener("change", () => sessionStorage.setItem(REASON_KEY, input.value.trim()));
  return input;
}

async function cameraPicker(root) {
  const messages = messageArea();
  replace(root, h("h2", {}, "Look back"), messages, spinner("Loading cameras…"));
  try {
    const cameras = await allCameras();
    const search = h("input", { type: "search", name: "camera_search", placeholder: "camera name, address or id", size: 40 });
    const list = h("ul", { class: "camera-picks" });
    const show = () => {
      const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
      const found = cameras.filter((c) => words.every((w) => `${c.name} ${c.location.address} ${c.id}`.toLowerCase().includes(w))).slice(0, 100);
      list.replaceChildren(...found.map((c) => h("li", {}, h("a", { href: `#/timeline/${encodeURIComponent(c.id)}` }, cameraLabel(c)), " ", h("span", { class: "muted" }, c.location.address))));
    };
    search.addEventListener("input", show);
    show();
    replace(root, h("h2", {}, "Look back"), h("p", {}, "Choose a camera, or ", h("a", { href: "#/sync" }, "several to play in sync"), ":"), search, list);
  } catch (error) {
    replace(root, h("h2", {}, "Look back"), messages);
    messages.error(error);
  }
  return () => {};
}

export async function timelineView(root, { params }) {
  const [cameraId, momentText] = params;
  if (!cameraId) return cameraPicker(root);
  // Several cameras handed over (the map: #/timeline/ID,ID,.../TIME) play in sync.
  if (cameraId.includes(",")) return syncView(root, { params });
  const messages = messageArea();
  let camera;
  try {
    await loadDisplaySettings();
    camera = await cameraById(cameraId);
  } catch (error) {
    replace(root, h("h2", {}, "Look back"), messages);
    messages.error(error);
    return () => {};
  }
  const jumpInput = zoneTimeInput({ name: "jump_to" });
  const jump = h("button", { type: "submit" }, "Go");
  const reason = reasonInput();
  const player = playbackPlayer();
  let chosenMoment = null;
  let chosenRange = null;
  let linkTo = null;
  const exporter = exportPanel(camera, {
    onAttached: async (exported, chosenCase) => {
      if (!linkTo) return;
      const bookmark = linkTo;
      linkTo = null;
      await sendJson("PATCH", `/v1/bookmarks/${bookmark.id}`, { case_id: chosenCase.id, export_id: exported.id });
      bar.refresh();
    },
  });
  const bar = timelineBar({
    cameraId: camera.id,
    reason: () => reason.value.trim(),
    onSeek: (moment) => {
      chosenMoment = moment;
      chosenRange = null;
      bar.setSelection(null);
      bar.setPlayhead(moment);
      playFrom(moment);
    },
    onSelect: (from, to) => {
      chosenRange = [from, to];
      exporter.setRange(from, to);
      exporter.setReason(reason.value.trim());
      bookmarks.describeTarget();
    },
    onBookmark: (b) => goTo(new Date(b.start)),
    onError: (error) => messages.error(error),
  });
  const bookmarks = bookmarkPanel(camera, {
    currentMoment: () => chosenMoment,
    currentRange: () => chosenRange,
    onJump: (b) => goTo(new Date(b.start)),
    onAttach: (b, range) => {
      linkTo = b;
      exporter.setRange(range[0], range[1]);
      exporter.setReason(`bookmark: ${b.note}`);
      exporter.element.scrollIntoView({ block: "center" });
      exporter.element.querySelector("select[name=case]").focus();
    },
    onSaved: (made) => {
      // The new bookmark in sight: the view moves to it if the analyst had moved away.
      const at = Date.parse(made.start);
      const { start, end } = bar.view();
      if (at < start || at > end) bar.setView(at - (end - start) / 2, at + (end - start) / 2);
      else bar.refresh();
    },
  });
  const previousActivity = h("button", { type: "button", name: "previous_activity", title: "Play from the activity before this moment" }, "◀ Previous activity");
  const nextActivity = h("button", { type: "button", name: "next_activity", title: "Play from the activity after this moment" }, "Next activity ▶");
  previousActivity.addEventListener("click", () => stepActivity(-1));
  nextActivity.addEventListener("click", () => stepActivity(1));
  reason.addEventListener("change", () => bar.refresh());
  const jumpForm = h("form", { class: "toolbar jump-form" }, field(`Jump to (${zoneName()})`, jumpInput), jump, field("Reason for viewing", reason), previousActivity, nextActivity);
  replace(
    root,
    h("h2", {}, `Look back: ${cameraLabel(camera)}`),
    h("p", { class: "toolbar" }, h("a", { href: `#/sync/${encodeURIComponent(camera.id)}` }, "Play in sync with other cameras"), " · ", h("a", { href: `#/live/${encodeURIComponent(camera.id)}` }, "live"), " · ", h("span", { class: "muted" }, `All times ${zoneName()}.`)),
    jumpForm,
    bar.element,
    messages,
    h("div", { class: "lookback" }, h("div", {}, player.element, bookmarks.element), exporter.element),
  );

  function playFrom(moment) {
    // The field says the moment played, wherever it was chosen (the timeline, a bookmark).
    if (document.activeElement !== jumpInput) jumpInput.value = toZoneInput(moment);
    sessionStorage.setItem(REASON_KEY, reason.value.trim());
    bookmarks.describeTarget();
    if (!reason.value.trim()) {
      messages.error("A reason is required to view recorded footage: type it above, then click again.");
      reason.focus();
      return;
    }
    messages.clear();
    player.play(camera.id, moment, reason.value.trim());
  }

  function goTo(moment) {
    jumpInput.value = toZoneInput(moment);
    bar.setView(moment.getTime() - AROUND_MS / 2, moment.getTime() + AROUND_MS / 2);
    chosenMoment = moment;
    chosenRange = null;
    bar.setPlayhead(moment);
    if (reason.value.trim()) playFrom(moment);
    else bookmarks.describeTarget();
  }

  async function stepActivity(direction) {
    const why = reason.value.trim();
    if (!why) {
      messages.error("A reason is required to view recorded footage: type it above, then click again.");
      reason.focus();
      return;
    }
    const { start, end } = bar.view();
    const from = (chosenMoment ?? new Date((start + end) / 2)).getTime();
    try {
      const found = direction > 0 ? await activityAfter(from, why) : await activityBefore(from, why);
      if (found) goTo(new Date(found.start));
      else messages.note(`No activity ${direction > 0 ? "after" : "before"} ${toZoneInput(new Date(from)).replace("T", " ")}.`);
    } catch (error) {
      messages.error(error);
    }
  }

  async function activityAfter(from, why) {
    const until = Math.min(Date.now(), from + RETENTION_MS);
    if (until <= from + SAME_SPAN_MS) return null;
    const spans = await activitySpans(camera.id, from + SAME_SPAN_MS, until, why);
    return spans.find((s) => Date.parse(s.start) > from + SAME_SPAN_MS) || null;
  }

  // The last span over before this moment: from inside a span, the one before it.
  async function activityBefore(from, why) {
    for (const back of LOOK_BACK_MS) {
      const spans = await activitySpans(camera.id, from - back, from, why);
      const earlier = spans.filter((s) => Date.parse(s.end) < from);
      if (earlier.length) return earlier[earlier.length - 1];
    }
    return null;
  }

  jumpForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const moment = fromZoneInput(jumpInput.value);
    if (!moment) messages.error(`Type a date and time (${zoneName()}) to jump to.`);
    else goTo(moment);
  });
  player.onTime((at) => {
    chosenMoment = at;
    bar.setPlayhead(at);
  });
  const shown = new MutationObserver(() => {
    const summary = bar.summary();
    bookmarks.show(summary ? summary.bookmarks : []);
  });
  shown.observe(bar.svg, { attributes: true, attributeFilter: ["data-loads"] });

  const moment = momentText ? new Date(momentText) : null;
  if (moment && !Number.isNaN(moment.getTime())) goTo(moment);
  else {
    bar.setView(Date.now() - 60 * 60 * 1000, Date.now());
    jumpInput.value = toZoneInput(new Date(Date.now() - 60 * 60 * 1000));
  }
  return () => {
    shown.disconnect();
    bar.close();
    player.close();
    exporter.close();
  };
}

