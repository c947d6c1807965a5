/**
 * Writes a realistic batch folder in the documented format (docs/formats.md): plan.json,
 * progress.json, metadata.csv, runs/<name>/params.json and real media (PNGs, short MP4s,
 * including half-second clips and clips with black first frames), a failed run, a run that was
 * retried, a pending run, and hostile strings in prompts, parameter values, errors and file names.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { stringify } from "csv-stringify/sync";
import { stringifyJson, type JsonValue } from "../../src/core/json/lossless.js";
import { METADATA_LEADING_COLUMNS, METADATA_TRAILING_COLUMNS } from "../../src/core/store/index.js";
import { writeClip, writePng, type ClipKind } from "./fake-media.js";

export const HOSTILE_SAMPLER = `</script><img src=x onerror=alert(1)>`;
export const HOSTILE_PROMPT = `A "quoted" cat & 'dog' — ünïcødé 🎬 \u2028 </script><script>alert(2)</script>`;
export const HOSTILE_ERROR = `CUDA out of memory <b onmouseover=alert(3)>&amp;</b> "x" </script>`;
export const HOSTILE_FILE = `clip </script>&'ü #1 %41.mp4`;
export const BIG_SEED = 18446744073709551615n;

export interface FakeBatchOptions {
  /** A cr-shots batch: two shots, a `shot` column and <shot>/runs/<name> folders. */
  shots?: boolean;
  /** Write real media (needs ffmpeg for the MP4s). Default true. */
  media?: boolean;
}

export interface FakeRun {
  runId: number;
  name: string;
  shot?: string;
  status: "completed" | "failed" | "pending";
  values: Record<string, JsonValue>;
  outputs: string[];
}

export interface FakeBatch {
  dir: string;
  runs: FakeRun[];
  shots: string[];
}

const CFGS = [1, 1.5, 2] as const;
const SAMPLERS = ["euler", HOSTILE_SAMPLER] as const;
const SEEDS_PER_POINT = 2;
const SHOTS = ["shot_a", "shot_ü&b"] as const;

const parameters = [
  { name: "cfg", type: "continuous", paths: ["nodes.57.inputs.cfg", "nodes.58.inputs.cfg"], varies: true },
  { name: "sampler", type: "values", paths: ["nodes.57.inputs.sampler_name"], varies: true },
  { name: "steps", type: "values", paths: ["nodes.57.inputs.steps"], varies: false },
  { name: "prompt", type: "values", paths: ["nodes.6.inputs.text"], varies: false },
  { name: "seed", type: "random_seed", paths: ["nodes.57.inputs.noise_seed"], varies: true },
];

export async function writeFakeBatch(parent: string, options: FakeBatchOptions = {}): Promise<FakeBatch> {
  const shots = options.shots ? [...SHOTS] : [];
  const dir = path.join(parent, options.shots ? "batch_shots_2026-11-24_22-00-00" : "batch_2026-11-24_22-00-00");
  await mkdir(dir, { recursive: true });
  const runs = planRuns(shots);
  const planRunsJson = runs.map((run, index) => ({
    run_id: run.runId,
    name: run.name,
    point: Math.floor(index / SEEDS_PER_POINT),
    seed_index: index % SEEDS_PER_POINT,
    ...(run.shot !== undefined ? { shot: run.shot } : {}),
    values: run.values,
    patches: patchesOf(run.values),
  }));
  const plan = {
    version: 1,
    created_at: "2026-11-24T22:00:00.000Z",
    strategy: "grid",
    seed: 123456789,
    num_points: CFGS.length * SAMPLERS.length,
    seeds_per_sample: SEEDS_PER_POINT,
    order: "shot-major",
    fingerprint: { config: "0".repeat(64), workflow: "1".repeat(64) },
    parameters,
    ...(options.shots ? { shots } : {}),
    runs: planRunsJson,
  };
  await writeFile(path.join(dir, "plan.json"), stringifyJson(plan, 2));
  await writeFile(path.join(dir, "config.yaml"), "# fake\nsampling_strategy: grid\n");
  await writeFile(path.join(dir, "workflow.json"), stringifyJson(fakeWorkflow(), 2));
  if (options.shots) {
    await writeFile(
      path.join(dir, "shots.json"),
      JSON.stringify({ version: 1, shots: shots.map((name) => ({ name, prompt: `${name}: ${HOSTILE_PROMPT}`, negative: "blurry & <low> quality" })) }, null, 2),
    );
  }
  const rows: string[][] = [];
  const progressRuns: Record<string, JsonValue> = {};
  for (const [index, run] of runs.entries()) {
    if (run.status === "pending") continue;
    const outputDir = run.shot !== undefined ? `${run.shot}/runs/${run.name}` : `runs/${run.name}`;
    const kinds = outputsOf(index, run);
    await mkdir(path.join(dir, outputDir), { recursive: true });
    if (options.media !== false) await writeMedia(path.join(dir, outputDir), kinds);
    const error = run.status === "failed" ? HOSTILE_ERROR : null;
    const times = {
      started_at: `2026-11-24T22:${String(index).padStart(2, "0")}:00.000Z`,
      finished_at: `2026-11-24T22:${String(index).padStart(2, "0")}:42.000Z`,
      duration_s: 42.5,
    };
    const params = {
      run_id: run.runId,
      run_name: run.name,
      ...(run.shot !== undefined ? { shot: run.shot } : {}),
      values: run.values,
      patches: patchesOf(run.values),
      status: run.status,
      error,
      attempts: index === 2 ? 2 : 1,
      prompt_id: `p-${run.runId}`,
      server: "http://127.0.0.1:8188",
      comfyui_version: "0.3.64",
      queued_at: times.started_at,
      ...times,
      cached: false,
      outputs: kinds.map(([file, kind]) => ({ file, bytes: 1, node_id: "61", kind: kind === "image" ? "image" : "video", animated: kind !== "image" })),
    };
    await writeFile(path.join(dir, outputDir, "params.json"), stringifyJson(params, 2));
    if (index === 2) rows.push(csvRow(run, "failed", "first attempt timed out", times, [], outputDir, shots.length > 0)); // retried: the last row wins
    rows.push(
      csvRow(
        run,
        run.status,
        error ?? "",
        times,
        kinds.map(([file]) => file),
        outputDir,
        shots.length > 0,
      ),
    );
    progressRuns[String(run.runId)] = { status: run.status, attempts: index === 2 ? 2 : 1, ...(error ? { error } : {}) };
  }
  const header = [...METADATA_LEADING_COLUMNS, ...(shots.length > 0 ? ["shot"] : []), ...parameters.map((p) => p.name), ...METADATA_TRAILING_COLUMNS];
  await writeFile(path.join(dir, "metadata.csv"), stringify([header, ...rows]));
  const done = runs.filter((r) => r.status !== "pending");
  const progress = {
    version: 1,
    updated_at: "2026-11-24T23:00:00.000Z",
    total: runs.length,
    completed: done.filter((r) => r.status === "completed").length,
    failed: done.filter((r) => r.status === "failed").length,
    runs: progressRuns,
  };
  await writeFile(path.join(dir, "progress.json"), stringifyJson(progress, 2));
  return { dir, runs, shots };
}

function planRuns(shots: string[]): FakeRun[] {
  const runs: FakeRun[] = [];
  for (const shot of shots.length > 0 ? shots : [undefined]) {
    let n = 0;
    for (const sampler of SAMPLERS) {
      for (const cfg of CFGS) {
        for (let s = 0; s < SEEDS_PER_POINT; s++) {
          n++;
          const runId = runs.length + 1;
          const seed: JsonValue = runId === 1 ? BIG_SEED : 1000 + runId * 7;
          const values: Record<string, JsonValue> = { cfg, sampler, steps: 6, prompt: HOSTILE_PROMPT, seed };
          runs.push({ runId, name: String(n).padStart(4, "0"), ...(shot !== undefined ? { shot } : {}), status: "completed", values, outputs: [] });
        }
      }
    }
  }
  const failed = runs[3];
  if (failed) failed.status = "failed";
  const last = runs.at(-1);
  if (last) last.status = "pending"; // the batch was stopped before its last run
  return runs;
}

type OutputKind = ClipKind | "image";

function outputsOf(index: number, run: FakeRun): Array<[string, OutputKind]> {
  if (run.status === "failed") return [];
  const file = index === 0 ? `video/${HOSTILE_FILE}` : `video/ComfyUI_${String(run.runId).padStart(5, "0")}_.mp4`;
  const list: Array<[string, OutputKind]> =
    index === 5
      ? [[`ComfyUI_${String(run.runId).padStart(5, "0")}_.png`, "image"]]
      : [[file, index % 4 === 1 ? "short" : index % 4 === 2 ? "black-start" : "normal"]];
  run.outputs = list.map(([f]) => f);
  return list;
}

async function writeMedia(runDir: string, outputs: Array<[string, OutputKind]>): Promise<void> {
  await mkdir(runDir, { recursive: true });
  for (const [file, kind] of outputs) {
    const target = path.join(runDir, file);
    if (kind === "image") await writePng(target, [40, 120, 200]);
    else await writeClip(target, kind);
  }
}

function patchesOf(values: Record<string, JsonValue>): Record<string, JsonValue> {
  const patches: Record<string, JsonValue> = {};
  for (const p of parameters) for (const at of p.paths) patches[at] = values[p.name] ?? null;
  return patches;
}

function csvRow(
  run: FakeRun,
  status: string,
  error: string,
  times: { started_at: string; finished_at: string; duration_s: number },
  outputs: string[],
  outputDir: string,
  withShot: boolean,
): string[] {
  const values = parameters.map((p) => cell(run.values[p.name]));
  return [
    String(run.runId),
    run.name,
    ...(withShot ? [run.shot ?? ""] : []),
    ...values,
    status,
    error,
    `p-${run.runId}`,
    "http://127.0.0.1:8188",
    times.started_at,
    times.finished_at,
    String(times.duration_s),
    outputs.join(";"),
    outputDir,
  ];
}

function cell(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return "";
  return typeof value === "object" ? stringifyJson(value) : String(value);
}

function fakeWorkflow(): JsonValue {
  return {
    "6": { class_type: "CLIPTextEncode", inputs: { text: "a cat", clip: ["4", 0] } },
    "57": { class_type: "KSamplerAdvanced", inputs: { cfg: 1, sampler_name: "euler", steps: 6, noise_seed: 1, model: ["4", 0] } },
    "58": { class_type: "KSamplerAdvanced", inputs: { cfg: 1, sampler_name: "euler", steps: 6, noise_seed: 1, model: ["4", 0] } },
  };
}
