/**
 * For the cr-batch benchmarks: the demo txt2img sweep in a scratch folder, and the cr-batch
 * binary (compiled alongside the benchmarks, dist-bench/src/bin) run on it as its own process
 * with --json, so its CPU and memory stay apart from the simulators in this process.
 */
import { existsSync } from "node:fs";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { measureChild, type ChildMeasurement } from "./measure.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
export const CR_BATCH = fileURLToPath(new URL("../../src/bin/cr-batch.js", import.meta.url));
/** The model name the demo workflow loads; give it to startSim({ models }) so the preflight passes. */
export const DEMO_MODELS = { ckpt_name: ["sd15-demo.safetensors"] };

export interface Sweep {
  readonly dir: string;
  readonly config: string;
  readonly baseDir: string;
  remove(): Promise<void>;
}

/** /dev/shm when present: big outputs then cost no disk writeback noise (used for RSS only). */
export function scratchRoot(preferMemory: boolean): string {
  return preferMemory && existsSync("/dev/shm") ? "/dev/shm" : os.tmpdir();
}

/** The demo sweep with samples × seeds runs, in a new scratch folder. */
export async function demoSweep(options: { samples: number; seedsPerSample: number; queueDepth?: number; scratch?: string }): Promise<Sweep> {
  const dir = await mkdtemp(path.join(options.scratch ?? os.tmpdir(), "bench-batch-"));
  await copyFile(path.join(root, "workflows/demo/txt2img.json"), path.join(dir, "txt2img.json"));
  const text = (await readFile(path.join(root, "workflows/demo/txt2img_sweep.yaml"), "utf8"))
    .replace("num_samples: 8", `num_samples: ${options.samples}`)
    .replace("seeds_per_sample: 1", `seeds_per_sample: ${options.seedsPerSample}`)
    .replace("base_dir: ../../output", "base_dir: output")
    .replace(/queue_depth: \d+/, `queue_depth: ${options.queueDepth ?? 2}`);
  const config = path.join(dir, "sweep.yaml");
  // These benchmarks measure the engine; batch-pipeline-scoring measures it with scoring on.
  await writeFile(config, `${text}scoring: false\n`);
  return { dir, config, baseDir: path.join(dir, "output"), remove: () => rm(dir, { recursive: true, force: true }) };
}

export interface BatchSummary {
  readonly total: number;
  readonly completed: number;
  readonly failed: number;
  /** The engine's own time: from reading the batch folder to the last record written. */
  readonly duration_s: number;
}

export interface BatchRun {
  readonly summary: BatchSummary;
  readonly process: ChildMeasurement;
}

/** Runs cr-batch to the end (wall time and peak RSS measured) and returns its summary event. */
export async function runCrBatch(sweep: Sweep, servers: readonly string[], signal: AbortSignal): Promise<BatchRun> {
  const args = [CR_BATCH, sweep.config, "--json", ...servers.flatMap((url) => ["--server", url])];
  const run = await measureChild(process.execPath, args, { signal, cwd: sweep.dir });
  const summary = run.stdout
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as { kind?: string } & Partial<BatchSummary>)
    .find((event) => event.kind === "summary");
  if (run.exitCode !== 0 || !summary) throw new Error(`cr-batch exited with ${run.exitCode}: ${run.stderr.trim().slice(0, 500)}`);
  return { summary: summary as BatchSummary, process: run };
}
