/**
 * Shared by the cr-batch reliability tests (in-process and built binary): a demo sweep in a
 * temp folder, a batch() call, and one strict check of a finished batch folder, so every
 * fault test proves the same things: each planned run complete once with the plan's values,
 * one CSV row per run, progress.json whole, and no partial file passing as an output.
 */
import { cp, readFile, readdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { expect } from "vitest";
import { batch, type BatchOptions } from "../../src/commands/batch/execute-batch.js";
import { parseJson, type JsonValue } from "../../src/core/json/lossless.js";
import type { Sim } from "../../src/sim/index.js";
import { tempDir } from "./tmp.js";
import { captureUi } from "./ui.js";
import { repoFile } from "./workflows.js";

export const DEMO_MODELS = { ckpt_name: ["sd15-demo.safetensors"] };

export interface Workspace {
  readonly dir: string;
  readonly config: string;
  readonly baseDir: string;
}

export interface WorkspaceOptions {
  /** num_samples × seeds_per_sample runs (demo: 8 × 1). */
  readonly samples?: number;
  readonly seedsPerSample?: number;
  /** Where batch folders go (default <workspace>/output). */
  readonly baseDir?: string;
  /** Extra keys under `comfyui:` (e.g. output_dir, delete_from_comfyui, queue_depth). */
  readonly comfyui?: Readonly<Record<string, string | number | boolean>>;
}

function replaceOnce(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`demo config no longer contains ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

/** The demo txt2img sweep copied into a fresh temp folder, with the counts and paths changed. */
export async function demoWorkspace(options: WorkspaceOptions = {}): Promise<Workspace> {
  const dir = await tempDir("cr-batch-rel-");
  await cp(repoFile("workflows/demo/txt2img.json"), path.join(dir, "txt2img.json"));
  const baseDir = options.baseDir ?? path.join(dir, "output");
  let text = await readFile(repoFile("workflows/demo/txt2img_sweep.yaml"), "utf8");
  text = replaceOnce(text, "num_samples: 8", `num_samples: ${options.samples ?? 8}`);
  text = replaceOnce(text, "seeds_per_sample: 1", `seeds_per_sample: ${options.seedsPerSample ?? 1}`);
  text = replaceOnce(text, "base_dir: ../../output", `base_dir: ${JSON.stringify(baseDir)}`);
  // comfyui: is the demo's last section, so extra keys are appended to it.
  if (options.comfyui?.["queue_depth"] !== undefined) text = text.replace(/^ {2}queue_depth:.*\n?/m, "");
  const extra = Object.entries(options.comfyui ?? {}).map(([key, value]) => `  ${key}: ${JSON.stringify(value)}\n`);
  const config = path.join(dir, "sweep.yaml");
  await writeFile(config, `${text.replace(/\n*$/, "\n")}${extra.join("")}`);
  return { dir, config, baseDir };
}

export function batchOptions(config: string, servers: readonly string[], extra: Partial<BatchOptions> = {}): BatchOptions {
  return {
    configFile: config,
    servers,
    headers: [],
    allowLarge: false,
    forceNew: false,
    force: false,
    retryFailed: false,
    extend: false,
    skipModelCheck: false,
    // Scoring has its own tests (test/integration/score); elsewhere it would only add ffmpeg work.
    score: false,
    ...extra,
  };
}

export interface BatchOutcome {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** batch() in this process with a captured plain UI. */
export async function runInProcess(
  config: string,
  servers: readonly string[],
  extra: Partial<BatchOptions> = {},
  signal = new AbortController().signal,
): Promise<BatchOutcome> {
  const captured = captureUi();
  const code = await batch(batchOptions(config, servers, extra), { ui: captured.ui, signal });
  return { code, out: captured.out(), err: captured.err() };
}

/** The one batch folder with a plan under baseDir (a kill during creation may leave an empty one). */
export async function onlyBatch(baseDir: string): Promise<string> {
  const names = (await readdir(baseDir)).filter((n) => n.startsWith("batch_")).sort();
  const withPlan: string[] = [];
  for (const name of names) {
    const entries = await readdir(path.join(baseDir, name));
    if (entries.includes("plan.json")) withPlan.push(name);
    else expect(entries, `${name} has no plan.json, so it must hold no results`).not.toContain("runs");
  }
  expect(withPlan).toHaveLength(1);
  return path.join(baseDir, withPlan[0] ?? "");
}

/** RFC 4180 rows (quoted cells may hold commas, quotes and newlines: error texts do). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\n") {
      rows.push([...row, cell]);
      row = [];
      cell = "";
    } else if (ch !== "\r") cell += ch;
  }
  if (cell !== "" || row.length > 0) rows.push([...row, cell]);
  return rows;
}

export async function readJson(file: string): Promise<JsonValue> {
  return parseJson(await readFile(file, "utf8"));
}

/** Every file below dir, relative with "/" separators. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/"));
}

export interface PlanRun {
  readonly run_id: number;
  readonly name: string;
  readonly values: Record<string, JsonValue>;
  readonly patches: Record<string, JsonValue>;
}

export interface Params extends PlanRun {
  readonly run_name: string;
  readonly status: string;
  readonly error: string | null;
  readonly error_kind: string | null;
  readonly prompt_id: string | null;
  readonly server: string | null;
  readonly finished_at: string | null;
  readonly attempts: number;
  readonly outputs: Array<{ file: string; bytes: number }>;
}

export async function readPlanRuns(batchDir: string): Promise<PlanRun[]> {
  return ((await readJson(path.join(batchDir, "plan.json"))) as unknown as { runs: PlanRun[] }).runs;
}

export async function readParams(batchDir: string, run: PlanRun): Promise<Params> {
  return (await readJson(path.join(batchDir, "runs", run.name, "params.json"))) as unknown as Params;
}

export interface CheckOptions {
  /** Check each recorded prompt_id against what these simulators received. */
  readonly sims?: readonly Sim[];
  /** Every output must be exactly this size (the simulator's outputSizeBytes). */
  readonly outputBytes?: number;
  /** Runs allowed to end failed (by run_id); every other run must be completed. */
  readonly failedIds?: ReadonlySet<number>;
}

/**
 * The end state every reliability test demands. Returns params.json by run_id.
 * Failures are expect() failures naming the run.
 */
export async function checkBatch(batchDir: string, options: CheckOptions = {}): Promise<Map<number, Params>> {
  const runs = await readPlanRuns(batchDir);
  const prompts = new Map<string, { prompt: Record<string, { inputs: Record<string, JsonValue> }>; sim: Sim }>();
  for (const sim of options.sims ?? []) {
    for (const p of sim.submittedPrompts()) prompts.set(p.prompt_id, { prompt: p.prompt as never, sim });
  }
  const byId = new Map<number, Params>();
  for (const run of runs) {
    const params = await readParams(batchDir, run);
    const runDir = path.join(batchDir, "runs", run.name);
    const failed = options.failedIds?.has(run.run_id) ?? false;
    expect(params.run_id, run.name).toBe(run.run_id);
    expect(params.status, `${run.name}: ${params.error ?? ""}`).toBe(failed ? "failed" : "completed");
    expect(params.values, run.name).toEqual(run.values);
    expect(params.patches, run.name).toEqual(run.patches);
    if (!failed) expect(params.outputs.length, run.name).toBeGreaterThan(0);
    for (const output of params.outputs) {
      expect(output.file, run.name).not.toMatch(/\.part$/);
      const size = (await stat(path.join(runDir, output.file))).size;
      expect(size, `${run.name}/${output.file}`).toBe(output.bytes);
      if (options.outputBytes !== undefined) expect(size, `${run.name}/${output.file}`).toBe(options.outputBytes);
    }
    if (options.sims && params.prompt_id) {
      // The prompt that made these files really carried this run's values and namespace.
      const sent = prompts.get(params.prompt_id);
      expect(sent, `${run.name}: prompt ${params.prompt_id} never reached a simulator`).toBeDefined();
      expect(sent?.sim.url, run.name).toBe(params.server);
      for (const [key, value] of Object.entries(run.patches)) {
        const [, node = "", input = ""] = /^nodes\.([^.]+)\.inputs\.(.+)$/.exec(key) ?? [];
        expect(sent?.prompt[node]?.inputs[input], `${run.name} ${key}`).toEqual(value);
      }
      expect(String(sent?.prompt["9"]?.inputs["filename_prefix"])).toMatch(
        new RegExp(`^${escapeRegExp(path.basename(batchDir))}_[0-9a-f]{8}/${escapeRegExp(run.name)}/`),
      );
    }
    byId.set(run.run_id, params);
  }

  // No stray run folders, and no temp file left anywhere in the batch.
  expect((await readdir(path.join(batchDir, "runs"))).sort()).toEqual(runs.map((r) => r.name).sort());
  expect((await listFiles(batchDir)).filter((f) => f.endsWith(".part"))).toEqual([]);

  const rows = parseCsv(await readFile(path.join(batchDir, "metadata.csv"), "utf8"));
  const header = rows[0] ?? [];
  const ids = rows.slice(1).map((r) => Number(r[header.indexOf("run_id")]));
  expect(new Set(ids).size, "duplicate run_id in metadata.csv").toBe(ids.length);
  // In plan order (run_id), whatever order the runs finished in.
  expect(ids, "metadata.csv rows in run_id order").toEqual(runs.map((r) => r.run_id).sort((a, b) => a - b));
  for (const row of rows.slice(1)) {
    const id = Number(row[header.indexOf("run_id")]);
    expect(row[header.indexOf("status")], `CSV row of run ${id}`).toBe(byId.get(id)?.status);
  }

  const progress = JSON.parse(await readFile(path.join(batchDir, "progress.json"), "utf8")) as { total: number; completed: number; failed: number };
  const failedCount = options.failedIds?.size ?? 0;
  expect(progress).toMatchObject({ total: runs.length, completed: runs.length - failedCount, failed: failedCount });
  return byId;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Resolves when check() is true, polling every 10 ms (throws after timeoutMs). */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * What must hold whenever the batch has stopped (killed, interrupted, disk full): progress.json
 * parses, every recorded output is full size, no temp file sits among the runs, and nothing is
 * marked done in progress.json or metadata.csv without a params.json that says so. (Those two
 * may lag params.json by the runs recorded just before the stop; resume rebuilds them.)
 * Returns how many runs have a finished params.json (completed or failed).
 */
export async function checkStopped(batchDir: string, options: { killed?: boolean } = {}): Promise<number> {
  const recorded = new Map<number, Params>();
  for (const run of await readPlanRuns(batchDir)) {
    const params = await readParams(batchDir, run).catch(() => undefined);
    if (!params) continue;
    recorded.set(run.run_id, params);
    for (const output of params.outputs) {
      expect((await stat(path.join(batchDir, "runs", run.name, output.file))).size, `${run.name}/${output.file}`).toBe(output.bytes);
    }
  }
  // A killed download leaves its .part (resume clears the run folder); a clean stop leaves none.
  if (!options.killed) {
    const files = await listFiles(path.join(batchDir, "runs")).catch(() => []);
    expect(
      files.filter((f) => f.endsWith(".part")),
      "temp files left among the runs",
    ).toEqual([]);
  }
  const progressText = await readFile(path.join(batchDir, "progress.json"), "utf8").catch(() => undefined);
  if (progressText !== undefined) {
    const progress = JSON.parse(progressText) as { runs: Record<string, { status: string }> };
    for (const [id, entry] of Object.entries(progress.runs)) expect(entry.status, `progress.json run ${id}`).toBe(recorded.get(Number(id))?.status);
  }
  const csv = await readFile(path.join(batchDir, "metadata.csv"), "utf8").catch(() => undefined);
  if (csv !== undefined) {
    const rows = parseCsv(csv);
    const header = rows[0] ?? [];
    const ids = rows.slice(1).map((r) => Number(r[header.indexOf("run_id")]));
    expect(new Set(ids).size, "duplicate run_id in metadata.csv").toBe(ids.length);
    for (const row of rows.slice(1)) {
      const id = Number(row[header.indexOf("run_id")]);
      expect(row[header.indexOf("status")], `metadata.csv run ${id}`).toBe(recorded.get(id)?.status);
    }
  }
  // A params.json that says "submitted" is a prompt on its way, not a finished run.
  return [...recorded.values()].filter((p) => p.status !== "submitted").length;
}

/**
 * How many times the simulators began executing each run (by run name, from the namespaced
 * filename_prefix of the prompt). A run executed twice wasted GPU time.
 */
export function executionsPerRun(sims: readonly Sim[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const sim of sims) {
    const runOf = new Map(
      sim
        .submittedPrompts()
        .map((p) => [p.prompt_id, String((p.prompt["9"] as { inputs: { filename_prefix: string } } | undefined)?.inputs.filename_prefix).split("/")[1] ?? ""]),
    );
    for (const execution of sim.executions()) {
      const name = runOf.get(execution.prompt_id) ?? `unknown prompt ${execution.prompt_id}`;
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
  }
  return counts;
}

/** The options with scoring left to the config (the helpers above turn it off). */
export function withScoring<T extends { score?: false }>(options: T): Omit<T, "score"> {
  const { score: _, ...rest } = options;
  return rest;
}
