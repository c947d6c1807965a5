/** The two CSV exports: ratings alone, and metadata with ratings. */
import { IS_SHOTS, PARAMS, RUNS, type PageValue } from "./data.js";
import { el } from "./dom.js";
import { ratingOf } from "./ratings.js";
import { scoreExportCells, scoreExportHead } from "./score-fields.js";

type Cell = PageValue | undefined;

/** CSV for spreadsheets: quoted when needed; text that a spreadsheet would run as a formula is prefixed with '. */
function csvCell(v: Cell): string {
  if (v === null || v === undefined) return "";
  let s = String(v);
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(s) && Number.isNaN(Number(s))) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvText(rows: Cell[][]): string {
  return `${rows.map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`;
}

export function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const a = el("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function exportRatings(): void {
  const rows: Cell[][] = [["run_id", "run_name", "shot", "stars", "rejected"]];
  for (const r of RUNS) {
    const x = ratingOf(r.id);
    if (x.stars || x.reject) rows.push([r.id, r.name, r.shot || "", x.stars, x.reject ? 1 : 0]);
  }
  download("ratings.csv", csvText(rows));
}

export function exportAll(): void {
  const head = [
    "run_id",
    "run_name",
    ...(IS_SHOTS ? ["shot"] : []),
    ...PARAMS.map((p) => p.name),
    "status",
    "error",
    "duration_s",
    "outputs",
    ...scoreExportHead(),
    "stars",
    "rejected",
    "command",
  ];
  const rows: Cell[][] = [head];
  for (const r of RUNS) {
    const x = ratingOf(r.id);
    rows.push([
      r.id,
      r.name,
      ...(IS_SHOTS ? [r.shot] : []),
      ...PARAMS.map((p) => r.values[p.name]),
      r.status,
      r.error,
      r.duration,
      r.outputs.map((o) => o.file).join(";"),
      ...scoreExportCells(r),
      x.stars,
      x.reject ? 1 : 0,
      r.cmd,
    ]);
  }
  download("metadata_ratings.csv", csvText(rows));
}
