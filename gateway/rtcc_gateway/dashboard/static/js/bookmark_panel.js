// Bookmarks of one camera on the look-back screen: mark the moment playing (or the range chosen)
// with a note, see the camera's bookmarks in the timeline's window, jump to one, and send one's
// range to a case (exported, attached as evidence, and so held).

import { sendJson } from "./api.js";
import { dateTime } from "./clock.js";
import { busy, field, h, messageArea } from "./ui.js";

// A moment bookmarked goes to a case as this much footage either side of it.
const MOMENT_PAD_MS = 15_000;

export function bookmarkPanel(camera, { currentMoment, currentRange, onJump, onAttach, onSaved }) {
  const messages = messageArea();
  const note = h("input", { name: "bookmark_note", size: 40, maxlength: 2000, placeholder: "what is seen here" });
  const save = h("button", { type: "submit" }, "Bookmark");
  const where = h("span", { class: "muted bookmark-where" }, "");
  const list = h("ul", { class: "bookmark-list" });
  const form = h("form", { class: "bookmark-form toolbar" }, field("Note", note), save, where);
  const element = h("section", { class: "bookmarks" }, h("h3", {}, "Bookmarks"), form, messages, list);

  function describeTarget() {
    const range = currentRange();
    const moment = currentMoment();
    if (range) where.textContent = `marks ${dateTime(range[0])} – ${dateTime(range[1])}`;
    else if (moment) where.textContent = `marks ${dateTime(moment)}`;
    else where.textContent = "click the timeline or play first";
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(save, messages, async () => {
      const range = currentRange();
      const moment = currentMoment();
      if (!note.value.trim()) throw new Error("Write a note: what does this moment show?");
      if (!range && !moment) throw new Error("Click the timeline (or play) at the moment to mark first.");
      const body = { camera_id: camera.id, note: note.value.trim(), start: (range ? range[0] : moment).toISOString() };
      if (range) body.end = range[1].toISOString();
      const made = await sendJson("POST", "/v1/bookmarks", body);
      note.value = "";
      messages.note(`Bookmarked ${dateTime(made.start)}.`);
      onSaved(made);
    });
  });

  function show(bookmarks) {
    describeTarget();
    list.replaceChildren(
      ...bookmarks.map((b) => {
        const jump = h("button", { type: "button", name: "jump" }, "Go to");
        jump.addEventListener("click", () => onJump(b));
        const attach = h("button", { type: "button", name: "attach" }, b.case_id ? "In a case" : "Attach to case");
        attach.disabled = Boolean(b.case_id);
        attach.addEventListener("click", () => {
          const start = new Date(b.start);
          const end = new Date(b.end);
          const range = end > start ? [start, end] : [new Date(start - MOMENT_PAD_MS), new Date(start.getTime() + MOMENT_PAD_MS)];
          onAttach(b, range);
        });
        const when = b.end === b.start ? dateTime(b.start) : `${dateTime(b.start)} – ${dateTime(b.end)}`;
        return h("li", { class: "bookmark-item", dataset: { bookmark: b.id } }, h("strong", {}, when), " ", h("span", { class: "note" }, b.note), " ", h("span", { class: "muted" }, `by ${b.created_by}`), " ", jump, " ", attach);
      }),
    );
    if (!bookmarks.length) list.append(h("li", { class: "muted" }, "No bookmark in this window."));
  }

  return { element, show, describeTarget, messages };
}
