/**
 * Loop efficiency (issue 14): with a budget of 64 runs on the simulator's synthetic landscape,
 * one Sobol batch of 64 against a Sobol batch of 16 followed by three rounds of
 * `cr-refine --strategy tpe --runs 16` (each round refining from every batch so far). Both use the
 * real commands in-process: cr-batch on the simulator, scores written as cr-score would (the
 * measured value is the landscape's quality plus seeded noise, as `score:quality`), cr-refine.
 * Regret = 1 − the true quality (landscapeQuality) of the run each search rates best; the median
 * over 10 plan seeds. Target: the loop's median regret at most half of the single batch's.
 *
 *   npx tsc -p tsconfig.bench.json && node dist-bench/bench/loop-regret.js   (or run-all --only loop-regret)
 */
import { setMaxListeners } from "node:events";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { batch } from "../src/commands/batch/execute-batch.js";
import { refine } from "../src/commands/refine/index.js";
import { BatchReader, batchPaths, writeScores } from "../src/core/store/index.js";
import type { Scores } from "../src/core/score/types.js";
import { landscapeQuality, startSim } from "../src/sim/index.js";
import { imagePrompt } from "../src/sim/landscape-workflow.js";
import { createLineUi } from "../src/ui/ui.js";
import { median } from "./lib/measure.js";
import type { Bench, BenchContext, BenchResult } from "./lib/types.js";

const SEEDS = Number(process.env["LOOP_SEEDS"] ?? 10);
const BUDGET = 64;
const FIRST = 16;
const ROUNDS = 3;
const NOISE = Number(process.env["LOOP_NOISE"] ?? 0.002);

/** The landscape's sampler chain saving one image (cfg, steps, shift read by src/sim/landscape.ts). */
const WORKFLOW = imagePrompt({ cfg: 5, steps: 20, shift: 5, seed: 1 }, "loop");

function config(samples: number, seed: number): string {
  return `workflow_file: workflow.json
sampling_strategy: sobol
num_samples: ${samples}
seed: ${seed}
parameters:
  cfg: {path: nodes.5.inputs.cfg, type: continuous, min: 1, max: 15}
  steps: {path: nodes.5.inputs.steps, type: int, min: 2, max: 40}
  shift: {path: nodes.2.inputs.shift, type: continuous, min: 1, max: 15}
  sampler: {path: nodes.5.inputs.sampler_name, values: [euler, ddim, uni_pc]}
  seed: {path: nodes.5.inputs.seed, type: random_seed}
output:
  base_dir: output
`;
}

function scores(quality: number): Scores {
  return {
    version: 1,
    file: "x.png",
    bytes: 1,
    modified: "2026-01-01T00:00:00Z",
    ffmpeg: "bench",
    settings: {},
    thresholds: {},
    scored_at: "2026-01-01T00:00:00Z",
    status: "ok",
    kind: "image",
    media: { width: 64, height: 64, codec: "png", fps: null, duration: null },
    values: { blur: 1 - quality, si: null, entropy: null, luma_mean: null, luma_range: null, saturation_mean: null },
    flags: {},
    warnings: [],
  };
}

/** Deterministic noise in [−NOISE, NOISE] from the run's seed. */
function noise(seed: number): number {
  const x = Math.sin(seed * 12.9898) * 43758.5453;
  return (2 * (x - Math.floor(x)) - 1) * NOISE;
}

interface Scored {
  readonly measured: number;
  readonly truth: number;
}

/** Scores every completed run (lower blur is better) and returns measured and true quality. */
async function scoreBatch(dir: string): Promise<Scored[]> {
  const reader = new BatchReader(dir);
  const plan = (await reader.plan()).value!;
  const out: Scored[] = [];
  for (const run of plan.runs) {
    if ((await reader.finishedRun(run))?.status !== "completed") continue;
    const v = run.values as Record<string, number>;
    const truth = landscapeQuality({ cfg: v["cfg"], steps: v["steps"], shift: v["shift"] });
    const measured = truth + noise(Number(v["seed"]));
    await writeScores(batchPaths(dir), { name: run.name }, scores(measured));
    out.push({ measured, truth });
  }
  return out;
}

function regretOf(runs: readonly Scored[]): number {
  const best = [...runs].sort((a, b) => b.measured - a.measured)[0]!;
  return 1 - best.truth;
}

async function runBatch(file: string, url: string, signal: AbortSignal): Promise<string> {
  const ui = createLineUi(() => undefined);
  const base = path.join(path.dirname(file), "output");
  const before = new Set(await readdir(base).catch(() => []));
  const code = await batch(
    { configFile: file, servers: [url], headers: [], allowLarge: false, forceNew: true, force: false, retryFailed: false, extend: false, skipModelCheck: true },
    { ui, signal },
  );
  if (code !== 0) throw new Error(`cr-batch ${file} exited ${code}`);
  const added = (await readdir(base)).filter((n) => !before.has(n) && n.startsWith("batch_"));
  if (added.length !== 1) throw new Error(`expected one new batch folder, found ${added.length}`);
  return path.join(base, added[0]!);
}

async function oneSeed(seed: number, url: string, signal: AbortSignal): Promise<{ single: number; loop: number }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "bench-loop-"));
  try {
    await writeFile(path.join(dir, "workflow.json"), JSON.stringify(WORKFLOW));
    await writeFile(path.join(dir, "single.yaml"), config(BUDGET, seed));
    const single = await scoreBatch(await runBatch(path.join(dir, "single.yaml"), url, signal));
    await writeFile(path.join(dir, "round0.yaml"), config(FIRST, seed));
    const batches = [await runBatch(path.join(dir, "round0.yaml"), url, signal)];
    const loop = await scoreBatch(batches[0]!);
    const ui = createLineUi(() => undefined);
    for (let round = 1; round <= ROUNDS; round++) {
      const next = path.join(dir, `round${round}.yaml`);
      await refine({ batchDirs: batches, output: next, target: "score:-blur", strategy: "tpe", runs: FIRST, force: false }, { ui, cwd: dir });
      const made = await runBatch(next, url, signal);
      batches.push(made);
      loop.push(...(await scoreBatch(made)));
    }
    if (single.length !== BUDGET || loop.length !== BUDGET) throw new Error(`runs: single ${single.length}, loop ${loop.length} (expected ${BUDGET})`);
    return { single: regretOf(single), loop: regretOf(loop) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function run(context: BenchContext): Promise<BenchResult> {
  setMaxListeners(0, context.signal); // one signal for 50 batches in a row
  const sim = await startSim({ runTime: { fixedMs: 0, perStepMs: 0 } });
  try {
    const results: { single: number; loop: number }[] = [];
    for (let seed = 1; seed <= SEEDS; seed++) results.push(await oneSeed(seed, sim.url, context.signal));
    const single = median(results.map((r) => r.single));
    const loop = median(results.map((r) => r.loop));
    return {
      figure: `median regret: loop ${loop.toFixed(4)} vs one Sobol batch ${single.toFixed(4)} (${(loop / single).toFixed(2)}x)`,
      pass: loop <= single / 2,
      details: { seeds: SEEDS, budget: BUDGET, noise: NOISE, perSeed: results },
    };
  } finally {
    await sim.stop();
  }
}

export const bench: Bench = {
  name: "loop-regret",
  target: "median regret of Sobol 16 + 3 refined TPE rounds of 16 <= half that of one Sobol batch of 64 (10 seeds)",
  budgetMs: 300_000,
  run,
};

// Run on its own: node dist-bench/bench/loop-regret.js
if (process.argv[1]?.endsWith("loop-regret.js")) {
  const controller = new AbortController();
  const result = await run({ signal: controller.signal, deadline: Date.now() + 600_000 });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
