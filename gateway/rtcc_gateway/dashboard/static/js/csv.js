// CSV files made in the browser from what a screen shows, and handed to the person as a download.

function cell(value) {
  const text = value === null || value === undefined ? "" : String(value);
  // Quoted when needed; a leading = + - @ would be a formula to a spreadsheet.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvText(header, rows) {
  return [header, ...rows].map((row) => row.map(cell).join(",")).join("\r\n") + "\r\n";
}

export function downloadCsv(name, text) {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([text], { type: "text/csv" }));
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
}

// A moment as a file name takes it: 2026-05-01T142233.
export function fileStamp(date = new Date()) {
  return date.toISOString().slice(0, 19).replace(/:/g, "");
}
