/** Prints the results table and keeps bench/results.json (one entry per benchmark, latest run wins). */
import { readFile, writeFile } from "node:fs/promises";
import os from "node:os";

export interface ResultEntry {
  readonly name: string;
  readonly figure: string;
  readonly target: string;
  readonly pass: boolean | undefined;
  readonly seconds: number;
  readonly date: string;
  readonly machine: string;
  readonly cores: number;
  readonly node: string;
  readonly details?: Record<string, unknown>;
}

export function machineInfo(): Pick<ResultEntry, "machine" | "cores" | "node"> {
  const cpus = os.cpus();
  return { machine: cpus[0]?.model.trim() ?? "unknown", cores: cpus.length, node: process.version };
}

export function formatTable(entries: readonly ResultEntry[]): string {
  const rows = entries.map((entry) => [entry.name, entry.figure, entry.target, passWord(entry.pass), `${entry.seconds.toFixed(1)} s`]);
  const header = ["benchmark", "figure", "target", "pass", "took"];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)].join("\n");
}

function passWord(pass: boolean | undefined): string {
  return pass === undefined ? "-" : pass ? "yes" : "NO";
}

/** Merges by name so `--only x` refreshes one entry and keeps the others' last figures. */
export async function writeResults(file: string, fresh: readonly ResultEntry[]): Promise<void> {
  let previous: ResultEntry[] = [];
  try {
    const parsed: unknown = JSON.parse(await readFile(file, "utf8"));
    if (Array.isArray(parsed)) previous = parsed.filter(isEntry).map((entry) => ({ ...entry, pass: entry.pass ?? undefined }));
  } catch {
    // No file yet, or unreadable: start afresh.
  }
  const byName = new Map(previous.map((entry) => [entry.name, entry]));
  for (const entry of fresh) byName.set(entry.name, entry);
  const merged = [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  // pass: null rather than a missing key, so "no target" is visible in the file.
  const serialised = merged.map((entry) => ({ ...entry, pass: entry.pass ?? null }));
  await writeFile(file, `${JSON.stringify(serialised, null, 2)}\n`);
}

function isEntry(value: unknown): value is ResultEntry {
  return typeof value === "object" && value !== null && typeof (value as { name?: unknown }).name === "string";
}
