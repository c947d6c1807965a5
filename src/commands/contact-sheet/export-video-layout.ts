/**
 * Which run goes in which tile of the comparison video, and what its label says. Pure: a
 * BatchModel and the user's choice in, a grid of tiles out.
 *
 * Rows and columns are laid out as the page's pivot view lays them (both use core/results/axis-buckets.ts): one
 * tile per distinct value, or six equal ranges when a number has more than eight values, so the
 * command the pivot's button prints gives the grid the page shows. A cell holding several runs
 * (usually the seeds of one point) shows its first completed run; a cell with none, or whose runs
 * all failed, is a labelled blank tile.
 */
import { UserError } from "../../core/errors.js";
import { axisNumber, axisBuckets as sharedBuckets } from "../../core/results/axis-buckets.js";
import { stripControl } from "../../core/text/strip-control.js";
import { primaryOutput } from "./media.js";
import type { BatchModel, CellValue, SheetOutput, SheetRun } from "./model.js";
import { cellText } from "./values.js";

/** The pseudo-parameter that puts a shots batch's shots on an axis, as in the page. */
export const SHOT_AXIS = "shot";
/** More tiles than this would decode too many videos at once; narrow the grid with --where. */
export const MAX_TILES = 64;

export type WhereClause =
  | { readonly name: string; readonly kind: "equals"; readonly text: string }
  | { readonly name: string; readonly kind: "range"; readonly low: number; readonly high: number };

export type GridChoice =
  | { readonly kind: "pivot"; readonly rows?: string | undefined; readonly cols?: string | undefined; readonly where: readonly WhereClause[] }
  | { readonly kind: "runs"; readonly runIds: readonly number[]; readonly where: readonly WhereClause[] };

export interface Tile {
  readonly row: number;
  readonly col: number;
  /** Label lines (control characters stripped); empty for the filler tiles of a ragged last row. */
  readonly label: readonly string[];
  readonly run: SheetRun | undefined;
  /** The media shown; undefined for a blank tile. */
  readonly output: SheetOutput | undefined;
}

export interface GridLayout {
  readonly rows: number;
  readonly cols: number;
  readonly tiles: readonly Tile[];
  /** Lines for the user: cells with several runs, runs left out by --where… */
  readonly notes: readonly string[];
}

/** `name=value` or `name=low..high` (numbers, both ends included). */
export function parseWhere(text: string): WhereClause {
  const at = text.indexOf("=");
  const name = text.slice(0, at).trim();
  if (at <= 0 || name === "") throw new UserError(`--where ${text}: expected <parameter>=<value> or <parameter>=<low>..<high>.`);
  const value = text.slice(at + 1);
  const range = /^\s*([^.\s][^\s]*?)\s*\.\.\s*([^\s]+)\s*$/.exec(value);
  if (range) {
    const low = Number(range[1]);
    const high = Number(range[2]);
    if (Number.isFinite(low) && Number.isFinite(high)) return { name, kind: "range", low: Math.min(low, high), high: Math.max(low, high) };
  }
  return { name, kind: "equals", text: value };
}

export function layoutGrid(model: BatchModel, choice: GridChoice): GridLayout {
  for (const clause of choice.where) checkName(model, clause.name, "--where");
  const kept = model.runs.filter((run) => choice.where.every((clause) => matches(cellOf(run, clause.name), clause)));
  const notes: string[] = [];
  if (choice.where.length > 0) notes.push(`--where keeps ${kept.length} of ${model.runs.length} runs.`);
  const layout: GridLayout = {
    ...(choice.kind === "runs" ? layoutRuns(model, kept, choice.runIds, notes) : layoutPivot(model, kept, choice, notes)),
    notes,
  };
  if (layout.tiles.length > MAX_TILES)
    throw new UserError(`The grid would have ${layout.tiles.length} tiles; at most ${MAX_TILES} fit in one video.`, {
      hint: "Narrow it with --where <parameter>=<value> (repeatable), or choose the runs with --runs.",
    });
  if (!layout.tiles.some((t) => t.output !== undefined))
    throw new UserError("No run in the grid has a video or image to show.", {
      hint: "Check the choice of rows, columns, runs and --where; failed and unfinished runs have no output.",
    });
  return layout;
}

type Grid = Pick<GridLayout, "rows" | "cols" | "tiles">;

function layoutRuns(model: BatchModel, kept: readonly SheetRun[], ids: readonly number[], notes: string[]): Grid {
  if (ids.length === 0) throw new UserError("--runs needs at least one run id.");
  const byId = new Map(model.runs.map((r) => [r.runId, r]));
  const unknown = ids.filter((id) => !byId.has(id));
  if (unknown.length > 0)
    throw new UserError(`--runs: no run with id ${unknown.join(", ")} in ${model.name}.`, {
      hint: `Run ids go from ${Math.min(...byId.keys())} to ${Math.max(...byId.keys())}; the page shows them as #id.`,
    });
  const keptIds = new Set(kept.map((r) => r.runId));
  const runs = ids.filter((id) => keptIds.has(id)).map((id) => byId.get(id) as SheetRun);
  if (runs.length < ids.length) notes.push(`${ids.length - runs.length} of the --runs are left out by --where.`);
  if (runs.length === 0) throw new UserError("--where leaves none of the --runs.");
  const cols = Math.ceil(Math.sqrt(runs.length));
  const rows = Math.ceil(runs.length / cols);
  const differing = differingParams(model, runs, []);
  const tiles: Tile[] = runs.map((run, i) => {
    const output = primaryOutput(run);
    const values = differing.map((name) => `${name}=${displayValue(cellOf(run, name))}`).join("  ");
    return { row: Math.floor(i / cols), col: i % cols, label: lines([values, runLine(run, output)]), run, output: usable(run, output) };
  });
  for (let i = runs.length; i < rows * cols; i++) tiles.push({ row: Math.floor(i / cols), col: i % cols, label: [], run: undefined, output: undefined });
  return { rows, cols, tiles };
}

function layoutPivot(model: BatchModel, kept: readonly SheetRun[], choice: Extract<GridChoice, { kind: "pivot" }>, notes: string[]): Grid {
  if (choice.rows === undefined && choice.cols === undefined)
    throw new UserError("Say what the grid shows: --rows <parameter> and/or --cols <parameter>, or --runs <id,id,…>.", {
      hint: `Parameters that vary in ${model.name}: ${axisNames(model).join(", ") || "(none)"}.`,
    });
  if (choice.rows !== undefined && choice.rows === choice.cols)
    throw new UserError(`--rows and --cols both name ${choice.rows}.`, {
      hint: "Give one of them another parameter, or leave it out for a single row or column.",
    });
  if (choice.rows !== undefined) checkName(model, choice.rows, "--rows");
  if (choice.cols !== undefined) checkName(model, choice.cols, "--cols");
  if (kept.length === 0) throw new UserError("--where leaves no run.");
  const one: Bucket[] = [{ label: "", test: () => true }];
  const ys = choice.rows !== undefined ? axisBuckets(model, choice.rows, kept) : one;
  const xs = choice.cols !== undefined ? axisBuckets(model, choice.cols, kept) : one;
  const axes = [choice.rows, choice.cols].filter((a): a is string => a !== undefined);
  const cells = ys.flatMap((y, row) => xs.map((x, col) => ({ row, col, y, x, runs: kept.filter((r) => y.test(r) && x.test(r)) })));
  const shown = cells.map((cell) => pickRun(cell.runs));
  const differing = differingParams(
    model,
    shown.filter((r): r is SheetRun => r !== undefined),
    axes,
  );
  const crowded = cells.filter((c) => c.runs.length > 1).length;
  if (crowded > 0) {
    const hint = differing.length > 0 ? ` (e.g. --where ${differing[0]}=<value>)` : "";
    notes.push(`${crowded} cell(s) hold several runs; each shows its first completed run. Choose others with --where${hint}.`);
  }
  const tiles: Tile[] = cells.map((cell, i) => {
    const run = shown[i];
    const axisText = [choice.rows !== undefined ? `${choice.rows}=${cell.y.label}` : "", choice.cols !== undefined ? `${choice.cols}=${cell.x.label}` : ""]
      .filter((t) => t !== "")
      .join("  ");
    if (!run) return { row: cell.row, col: cell.col, label: lines([axisText, "no run"]), run: undefined, output: undefined };
    const output = primaryOutput(run);
    const extra = differing.map((name) => `${name}=${displayValue(cellOf(run, name))}`).join("  ");
    return { row: cell.row, col: cell.col, label: lines([axisText, extra, runLine(run, output)]), run, output: usable(run, output) };
  });
  return { rows: ys.length, cols: xs.length, tiles };
}

/** The first completed run with something to show, else the first run (shown as a blank saying why). */
function pickRun(runs: readonly SheetRun[]): SheetRun | undefined {
  const sorted = [...runs].sort((a, b) => a.runId - b.runId);
  return sorted.find((r) => usable(r, primaryOutput(r)) !== undefined) ?? sorted[0];
}

function usable(run: SheetRun, output: SheetOutput | undefined): SheetOutput | undefined {
  return run.status === "completed" ? output : undefined;
}

function runLine(run: SheetRun, output: SheetOutput | undefined): string {
  const name = `run ${run.name}${run.shot !== undefined ? ` · ${run.shot}` : ""}`;
  if (run.status === "failed") return `${name} · failed${run.error ? `: ${firstLine(run.error)}` : ""}`;
  if (run.status === "pending") return `${name} · not run`;
  return output === undefined ? `${name} · no video or image` : name;
}

/** Parameters (other than the axes) whose values differ between the runs shown: they tell tiles apart. */
function differingParams(model: BatchModel, runs: readonly SheetRun[], axes: readonly string[]): string[] {
  return model.params.map((p) => p.name).filter((name) => !axes.includes(name) && new Set(runs.map((r) => cellText(r.values[name] ?? null))).size > 1);
}

interface Bucket {
  readonly label: string;
  readonly test: (run: SheetRun) => boolean;
}

/** The page's axis values (core/results/axis-buckets.ts): distinct values, or ranges for a number with many. */
export function axisBuckets(model: BatchModel, name: string, runs: readonly SheetRun[]): Bucket[] {
  const numeric = name !== SHOT_AXIS && model.runs.every((r) => isNumeric(r.values[name] ?? null));
  return sharedBuckets(runs, (run) => cellOf(run, name), numeric, {
    key: (value) => keyOf(value ?? null),
    label: (value) => displayValue(value ?? null),
  });
}

function cellOf(run: SheetRun, name: string): CellValue {
  return name === SHOT_AXIS && !(SHOT_AXIS in run.values) ? (run.shot ?? null) : (run.values[name] ?? null);
}

function matches(value: CellValue, clause: WhereClause): boolean {
  if (clause.kind === "range") {
    const n = axisNumber(value);
    return n >= clause.low && n <= clause.high;
  }
  if (cellText(value) === clause.text || displayValue(value) === clause.text) return true;
  const wanted = Number(clause.text);
  return clause.text.trim() !== "" && typeof value !== "string" && value !== null && Number.isFinite(wanted) && axisNumber(value) === wanted;
}

function checkName(model: BatchModel, name: string, flag: string): void {
  if (name === SHOT_AXIS && model.kind === "shots") return;
  if (model.params.some((p) => p.name === name)) return;
  throw new UserError(`${flag} ${name}: ${model.name} has no parameter of that name.`, {
    hint: `Its parameters: ${[...model.params.map((p) => p.name), ...(model.kind === "shots" ? [SHOT_AXIS] : [])].join(", ") || "(none)"}.`,
  });
}

function axisNames(model: BatchModel): string[] {
  return [...(model.kind === "shots" ? [SHOT_AXIS] : []), ...model.params.filter((p) => p.varies).map((p) => p.name)];
}

/** A value as the page shows it: numbers to 4 decimals, bigints exact, nothing as "—". */
export function displayValue(value: CellValue | number): string {
  if (value === null) return "—";
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : String(Math.round(value * 10000) / 10000);
  return stripControl(cellText(value)).replace(/\s+/g, " ");
}

function lines(parts: readonly string[]): string[] {
  return parts
    .map((p) =>
      stripControl(p)
        .replace(/[\t\n]/g, " ")
        .trim(),
    )
    .filter((p) => p !== "");
}

function firstLine(text: string): string {
  return stripControl(text).split("\n")[0] ?? "";
}

function isNumeric(value: CellValue): boolean {
  return value === null || typeof value === "number" || typeof value === "bigint";
}

function keyOf(value: CellValue): string {
  return value === null ? "\u0000null" : `${typeof value === "string" ? "s" : "n"}:${cellText(value)}`;
}
