// Hotlists: create one, import a CSV file (with its upload shown as it goes), list, find and
// remove entries. Every read is checked against them at ingest; a hit becomes an alert.

import { authHeaders, errorMessage, getJson, sendJson } from "./api.js";
import { dateTime } from "./clock.js";
import { busy, field, h, messageArea, replace, table } from "./ui.js";

const PAGE = 100;

// XMLHttpRequest, not fetch: only it reports how much of a large upload has gone.
function upload(path, file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", path);
    for (const [name, value] of Object.entries(authHeaders({ "Content-Type": "text/csv" }))) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded, event.total);
    xhr.onload = () => {
      let body = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body);
      else reject(new Error(errorMessage(body, xhr.status)));
    };
    xhr.onerror = () => reject(new Error("the gateway cannot be reached"));
    xhr.send(file);
  });
}

function importForm(hotlist, onDone) {
  const messages = messageArea();
  const file = h("input", { type: "file", name: "csv_file", accept: ".csv,text/csv", required: true });
  const replaceAll = h("input", { type: "checkbox", name: "replace" });
  const go = h("button", { type: "submit" }, "Import");
  const bar = h("progress", { class: "import-progress", max: 1, value: 0, hidden: true });
  const status = h("p", { class: "import-status", role: "status" });
  const form = h(
    "form",
    { class: "toolbar import-form" },
    field("CSV file", file),
    h("label", {}, replaceAll, " replace the whole list"),
    go,
    bar,
    status,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const chosen = file.files[0];
    if (!chosen) return;
    busy(go, messages, async () => {
      bar.hidden = false;
      bar.removeAttribute("value"); // indeterminate until the first progress report
      status.textContent = `Sending ${chosen.name}…`;
      const path = `/v1/lpr/hotlists/${hotlist.id}/import?replace=${replaceAll.checked}`;
      const reply = await upload(path, chosen, (sent, total) => {
        bar.max = total;
        bar.value = sent;
        status.textContent = sent < total ? `Sent ${Math.round((100 * sent) / total)}% of ${chosen.name}…` : "Checking and storing the entries…";
      });
      bar.max = 1;
      bar.value = 1;
      form.dataset.imported = String(reply.imported);
      status.textContent = `Imported ${reply.imported.toLocaleString()} entries, rejected ${reply.rejected.toLocaleString()}.` + (reply.errors.length ? ` First problems: ${reply.errors.slice(0, 3).join("; ")}` : "");
      await onDone();
    }).finally(() => {
      if (!messages.hidden) bar.hidden = true;
    });
  });
  return h("div", {}, form, messages);
}

function entriesPanel(hotlist, onChanged) {
  const messages = messageArea();
  const search = h("input", { name: "entry_plate", size: 10, placeholder: "plate" });
  const find = h("button", { type: "submit" }, "Find");
  const body = h("div", { class: "scroll" });
  const more = h("button", { type: "button", name: "more-entries", hidden: true }, "More entries");
  let next = "";

  const plate = h("input", { name: "new_plate", size: 10, maxlength: 16, required: true, placeholder: "plate" });
  const state = h("input", { name: "new_state", size: 3, minlength: 2, maxlength: 3, required: true, placeholder: "CA" });
  const reason = h("input", { name: "new_reason", size: 22, maxlength: 200, placeholder: "why it is sought" });
  const caseNumber = h("input", { name: "new_case", size: 12, maxlength: 64, placeholder: "case number" });
  const add = h("button", { type: "submit" }, "Add entry");
  const addForm = h("form", { class: "toolbar add-entry" }, field("Plate", plate), field("State", state), field("Reason", reason), field("Case", caseNumber), add);

  function row(entry) {
    const remove = h("button", { type: "button", class: "danger", name: "remove-entry" }, "Remove");
    remove.addEventListener("click", () =>
      busy(remove, messages, async () => {
        await sendJson("DELETE", `/v1/lpr/hotlists/${hotlist.id}/entries/${entry.id}`);
        const tbody = tr.parentElement;
        tr.remove();
        if (tbody && !tbody.children.length) replace(body, h("p", { class: "muted" }, "No entry left here."));
        await onChanged();
      }),
    );
    const tr = h("tr", { class: "entry", dataset: { entry: entry.id, plate: entry.plate } }, h("td", { class: "plate" }, entry.plate), h("td", {}, entry.state), h("td", {}, entry.reason), h("td", {}, entry.case_number || ""), h("td", {}, entry.vehicle_description || ""), h("td", {}, entry.expires_at ? dateTime(entry.expires_at) : "—"), h("td", {}, remove));
    return tr;
  }
  async function load(append = false) {
    const reply = await getJson(`/v1/lpr/hotlists/${hotlist.id}/entries`, { plate: search.value.trim(), page_size: PAGE, page_token: append ? next : "" });
    next = reply.next_page_token || "";
    more.hidden = !next;
    const rows = reply.entries.map(row);
    const tbody = body.querySelector("tbody");
    if (append && tbody) tbody.append(...rows);
    else replace(body, rows.length ? table(["Plate", "State", "Reason", "Case", "Vehicle", "Expires", ""], rows) : h("p", { class: "muted" }, "No entry."));
  }
  const findForm = h("form", { class: "toolbar" }, field("Find", search), find);
  findForm.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(find, messages, () => load());
  });
  more.addEventListener("click", () => busy(more, messages, () => load(true)));
  addForm.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(add, messages, async () => {
      const entry = { plate: plate.value.trim(), state: state.value.trim(), reason: reason.value.trim() };
      if (caseNumber.value.trim()) entry.case_number = caseNumber.value.trim();
      await sendJson("POST", `/v1/lpr/hotlists/${hotlist.id}/entries`, { entries: [entry] });
      plate.value = "";
      await load();
      await onChanged();
    });
  });
  busy(find, messages, () => load());
  return h(
    "div",
    { class: "hotlist-entries", dataset: { hotlist: hotlist.id } },
    h("h4", {}, `Entries of ${hotlist.name}`),
    addForm,
    importForm(hotlist, async () => {
      await load();
      await onChanged();
    }),
    findForm,
    messages,
    body,
    more,
  );
}

export function hotlistsSection() {
  const messages = messageArea();
  const list = h("div", {});
  const detail = h("div", {});
  const name = h("input", { name: "hotlist_name", size: 20, maxlength: 100, required: true });
  const source = h("input", { name: "hotlist_source", size: 16, maxlength: 100, placeholder: "e.g. NCIC, local" });
  const tolerant = h("input", { type: "checkbox", name: "hotlist_tolerant" });
  const create = h("button", { type: "submit" }, "Create hotlist");
  const form = h("form", { class: "toolbar" }, field("Name", name), field("Source", source), h("label", { title: "also match OCR confusions (O/0, B/8…)" }, tolerant, " tolerant match"), create);
  let selected = null;

  async function load() {
    const { hotlists } = await getJson("/v1/lpr/hotlists");
    const rows = hotlists.map((hotlist) => {
      const open = h("button", { type: "button", name: "open-hotlist" }, "Entries");
      open.addEventListener("click", () => {
        selected = hotlist.id;
        replace(detail, entriesPanel(hotlist, load));
      });
      const remove = h("button", { type: "button", class: "danger", name: "delete-hotlist" }, "Delete");
      remove.addEventListener("click", () =>
        busy(remove, messages, async () => {
          if (!window.confirm(`Delete the hotlist ${hotlist.name} and its ${hotlist.entries} entries?`)) return;
          await sendJson("DELETE", `/v1/lpr/hotlists/${hotlist.id}`);
          if (selected === hotlist.id) replace(detail);
          await load();
        }),
      );
      return h("tr", { class: "hotlist", dataset: { hotlist: hotlist.id, entries: hotlist.entries } }, h("td", {}, hotlist.name), h("td", {}, hotlist.source || "—"), h("td", { class: "n" }, hotlist.entries.toLocaleString()), h("td", {}, hotlist.tolerant ? "tolerant" : "exact"), h("td", {}, hotlist.updated_at ? dateTime(hotlist.updated_at) : "—"), h("td", {}, open, " ", remove));
    });
    replace(list, rows.length ? table(["Hotlist", "Source", "Entries", "Match", "Updated", ""], rows) : h("p", { class: "muted" }, "No hotlist yet."));
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(create, messages, async () => {
      const made = await sendJson("POST", "/v1/lpr/hotlists", { name: name.value.trim(), source: source.value.trim(), tolerant: tolerant.checked });
      name.value = "";
      await load();
      selected = made.id;
      replace(detail, entriesPanel(made, load));
    });
  });
  busy(create, messages, load);
  return h("section", { class: "admin-hotlists" }, h("h3", {}, "Hotlists"), form, messages, list, detail);
}
