// Bookmarks of every camera: search them by camera, time and words of the note, and open the
// footage at a bookmarked moment. Route: #/bookmarks.

import { getJson } from "./api.js";
import { allCameras, cameraLabel } from "./cameras.js";
import { dateTime, fromZoneInput, loadDisplaySettings, zoneName, zoneTimeInput } from "./clock.js";
import { field, h, messageArea, replace, table } from "./ui.js";

export async function bookmarksView(root) {
  const messages = messageArea();
  await loadDisplaySettings();
  let cameras = [];
  try {
    cameras = await allCameras();
  } catch (error) {
    messages.error(error);
  }
  const names = new Map(cameras.map((c) => [c.id, cameraLabel(c)]));
  const text = h("input", { type: "search", name: "q", size: 30, placeholder: "words of the note" });
  const camera = h("select", { name: "camera_id" }, h("option", { value: "" }, "every camera"), cameras.map((c) => h("option", { value: c.id }, cameraLabel(c))));
  const from = zoneTimeInput({ name: "from" });
  const to = zoneTimeInput({ name: "to" });
  const mine = h("input", { type: "checkbox", name: "mine" });
  const form = h("form", { class: "toolbar bookmark-search" }, field("Text", text), field("Camera", camera), field(`From (${zoneName()})`, from), field("To", to), h("label", {}, mine, " only mine"), h("button", { type: "submit" }, "Search"));
  const results = h("div", { class: "results" });
  replace(root, h("h2", {}, "Bookmarks"), form, messages, results);

  async function search() {
    messages.clear();
    const start = fromZoneInput(from.value);
    const end = fromZoneInput(to.value);
    try {
      const reply = await getJson("/v1/bookmarks", {
        q: text.value.trim(),
        camera_id: camera.value,
        start: start && start.toISOString(),
        end: end && end.toISOString(),
        mine: mine.checked ? "true" : "",
        limit: 200,
      });
      const rows = reply.bookmarks.map((b) =>
        h(
          "tr",
          { class: "bookmark-row", dataset: { bookmark: b.id, camera: b.camera_id } },
          h("td", {}, b.end === b.start ? dateTime(b.start) : `${dateTime(b.start)} – ${dateTime(b.end, { withZone: false })}`),
          h("td", {}, names.get(b.camera_id) || b.camera_id),
          h("td", { class: "note" }, b.note),
          h("td", {}, b.created_by),
          h("td", {}, b.case_id ? h("a", { href: `#/cases/${encodeURIComponent(b.case_id)}` }, "in a case") : "—"),
          h("td", {}, h("a", { class: "open-footage", href: `#/timeline/${encodeURIComponent(b.camera_id)}/${encodeURIComponent(b.start)}` }, "Open footage")),
        ),
      );
      results.replaceChildren(
        rows.length ? table(["When", "Camera", "Note", "By", "Case", ""], rows) : h("p", { class: "muted" }, "No bookmark matches."),
      );
    } catch (error) {
      messages.error(error);
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    search();
  });
  await search();
  return () => {};
}
