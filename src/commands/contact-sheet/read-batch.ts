/**
 * Reads a batch or shots batch folder into a BatchModel. Sources, most trusted last:
 * plan.json (what was meant to run) → progress.json (status) → metadata.csv (the last row per
 * run_id wins) → runs/<name>/params.json (what really ran, with typed outputs).
 * Without plan.json the parameters are the metadata.csv columns between the run name and status.
 */
import { stat } from "node:fs/promises";
import path from "node:path";
import { UserError } from "../../core/errors.js";
import {
  BatchReader,
  METADATA_LEADING_COLUMNS,
  METADATA_TRAILING_COLUMNS,
  runDirRelative,
  type LenientParams as RunParams,
  type LenientPlan as Plan,
  type LenientProgress as Progress,
  type LenientScores,
} from "../../core/store/index.js";
import type { BatchModel, CellValue, RunStatus, SheetOutput, SheetParam, SheetRun } from "./model.js";
import { readShots } from "./read-shots.js";
import { cellFromCsv, cellText, normalizeKind, toCell } from "./values.js";

const FIXED_COLUMNS = new Set<string>([...METADATA_LEADING_COLUMNS, "shot", ...METADATA_TRAILING_COLUMNS]);

type CsvRow = Record<string, string>;

export async function readBatch(dir: string): Promise<BatchModel> {
  const batchDir = path.resolve(dir);
  const info = await stat(batchDir).catch(() => undefined);
  if (!info?.isDirectory()) throw new UserError(`${dir} is not a folder.`, { hint: "Pass a batch folder written by cr-batch or cr-shots." });
  const warnings: string[] = [];
  const batch = new BatchReader(batchDir);
  const planRead = await batch.plan();
  if (planRead.problem !== undefined) throw new UserError(planRead.problem);
  const plan = planRead.value;
  const progress = await readProgress(batch, warnings);
  const csv = await batch.metadata();
  if (!plan && !csv)
    throw new UserError(`${dir} has neither plan.json nor metadata.csv.`, {
      hint: "Is this a batch folder? It is the batch_YYYY-MM-DD_… folder inside the output directory.",
    });

  const lastRow = new Map<number, CsvRow>();
  for (const row of csv?.records ?? []) lastRow.set(Number(row["run_id"]), row);
  const planned = plan ? plan.runs : [...lastRow.values()].map(planRunFromCsv);
  const paramDefs = plan
    ? plan.parameters
    : (csv?.header ?? []).filter((c) => !FIXED_COLUMNS.has(c)).map((name) => ({ name, type: "values", paths: [] as string[] }));

  const runs: SheetRun[] = [];
  for (const entry of planned) {
    const row = lastRow.get(entry.run_id);
    const outputDir = safeRelative(batchDir, row?.["output_dir"] || defaultOutputDir(entry), warnings);
    const params = outputDir === undefined ? undefined : await readParams(batch, outputDir, warnings);
    const run = buildRun(batchDir, entry, paramDefs, progress, row, params, outputDir, warnings);
    runs.push(run.status === "completed" && outputDir !== undefined ? { ...run, scores: await readScores(batch, outputDir, warnings) } : run);
  }
  const workflowFile = (await stat(batch.paths.workflow).catch(() => undefined)) ? path.basename(batch.paths.workflow) : undefined;
  const shotNames = plan?.shots ?? [...new Set(runs.map((r) => r.shot).filter((s): s is string => s !== undefined))];
  return {
    dir: batchDir,
    name: path.basename(batchDir),
    kind: shotNames.length > 0 ? "shots" : "batch",
    createdAt: plan?.created_at,
    strategy: plan?.strategy,
    params: paramDefs.map((p) => ({ name: p.name, type: p.type, paths: p.paths, varies: varies(runs, p.name) })) satisfies SheetParam[],
    shots: await readShots(batch, shotNames, warnings),
    runs,
    workflowFile,
    warnings,
  };
}

type PlanRun = Plan["runs"][number];

function buildRun(
  batchDir: string,
  entry: PlanRun,
  defs: ReadonlyArray<{ name: string }>,
  progress: Progress | undefined,
  row: CsvRow | undefined,
  params: RunParams | undefined,
  outputDir: string | undefined,
  warnings: string[],
): SheetRun {
  const state = progress?.runs[String(entry.run_id)];
  const status = toStatus(params?.status ?? row?.["status"] ?? state?.status);
  const values: Record<string, CellValue> = {};
  for (const def of defs) {
    const fromParams = params?.values?.[def.name];
    const fromPlan = entry.values[def.name];
    values[def.name] = fromParams !== undefined ? toCell(fromParams) : fromPlan !== undefined ? toCell(fromPlan) : cellFromCsv(row?.[def.name] ?? "");
  }
  const patches: Record<string, CellValue> = {};
  for (const [at, value] of Object.entries(params?.patches ?? entry.patches)) patches[at] = toCell(value);
  const error = params?.error ?? (row?.["error"] || undefined) ?? state?.error ?? undefined;
  const duration = params?.duration_s ?? (row?.["duration_s"] ? Number(row["duration_s"]) : undefined);
  return {
    runId: entry.run_id,
    name: entry.name,
    shot: entry.shot ?? params?.shot ?? (row?.["shot"] || undefined),
    status,
    error: status === "completed" ? undefined : error,
    attempts: state?.attempts ?? params?.attempts,
    values,
    patches,
    outputs: outputDir === undefined ? [] : outputsOf(batchDir, outputDir, params, row, warnings),
    startedAt: params?.started_at ?? (row?.["started_at"] || undefined),
    finishedAt: params?.finished_at ?? (row?.["finished_at"] || undefined),
    durationS: duration !== undefined && Number.isFinite(duration) ? duration : undefined,
    server: params?.server ?? (row?.["server"] || undefined),
    scores: undefined,
  };
}

function outputsOf(batchDir: string, outputDir: string, params: RunParams | undefined, row: CsvRow | undefined, warnings: string[]): SheetOutput[] {
  const listed =
    params?.outputs ??
    (row?.["outputs"] ?? "")
      .split(";")
      .filter((f) => f !== "")
      .map((file) => ({ file, kind: undefined }));
  const outputs: SheetOutput[] = [];
  for (const o of listed) {
    const file = safeRelative(batchDir, `${outputDir}/${o.file.replaceAll("\\", "/")}`, warnings);
    if (file !== undefined) outputs.push({ file, kind: normalizeKind(o.kind, o.file) });
  }
  return outputs;
}

function toStatus(status: string | undefined): RunStatus {
  if (status === "completed" || status === "success") return "completed";
  if (status === "failed" || status === "error") return "failed";
  return "pending";
}

function varies(runs: readonly SheetRun[], name: string): boolean {
  const seen = new Set(runs.map((r) => cellText(r.values[name] ?? null)));
  return seen.size > 1;
}

function defaultOutputDir(entry: PlanRun): string {
  return runDirRelative(entry);
}

function planRunFromCsv(row: CsvRow): PlanRun {
  return {
    run_id: Number(row["run_id"]),
    name: row["run_name"] ?? String(row["run_id"]),
    ...(row["shot"] ? { shot: row["shot"] } : {}),
    values: {},
    patches: {},
  };
}

/** A path inside the batch folder with forward slashes, or undefined (and a warning) when it escapes. */
function safeRelative(batchDir: string, relative: string, warnings: string[]): string | undefined {
  const target = path.resolve(batchDir, relative);
  const rel = path.relative(batchDir, target);
  if (rel === "" || rel.startsWith("..") || path.isAbsolute(rel) || relative.includes("\0")) {
    warnings.push(`ignored a path outside the batch folder: ${relative}`);
    return undefined;
  }
  return rel.split(path.sep).join("/");
}

/**
 * progress.json is a summary the batch rebuilds from every run's params.json on resume, so a
 * torn or corrupt one is not refused: each run's status comes from its params.json, as there.
 */
async function readProgress(batch: BatchReader, warnings: string[]): Promise<Progress | undefined> {
  const read = await batch.progress();
  if (read.problem !== undefined)
    warnings.push(`${read.problem} Each run's status is taken from its params.json instead (resuming the batch rewrites progress.json).`);
  return read.value;
}

/** A run's scores.json; an unreadable one is a warning and no scores, never a refusal. */
async function readScores(batch: BatchReader, outputDir: string, warnings: string[]): Promise<LenientScores | undefined> {
  const read = await batch.scoresViewIn(outputDir);
  if (read.problem !== undefined) warnings.push(read.problem);
  return read.value;
}

async function readParams(batch: BatchReader, outputDir: string, warnings: string[]): Promise<RunParams | undefined> {
  const read = await batch.paramsIn(outputDir);
  if (read.problem !== undefined) warnings.push(read.problem);
  return read.value;
}
