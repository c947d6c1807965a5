/**
 * Scoring beside a batch (issue 13): the same sweep of 8 video runs of 2 s each on the landscape
 * simulator, with the built cr-batch as its own process, once with `scoring: false` and once with
 * scoring on (each run's mp4 measured as it lands, one niced ffmpeg at a time). The server's busy
 * fraction (sim.busyIntervals(), first start to last end) must stay within 0.5 % of the run without
 * scoring, and every run must be scored.
 */
import { mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { startSim } from "../src/sim/index.js";
import { videoPrompt } from "../src/sim/landscape-workflow.js";
import { runCrBatch, type Sweep } from "./lib/batch-sweep.js";
import type { Bench, BenchContext, BenchResult } from "./lib/types.js";

const RUNS = 8;
const RUN_MS = 2_000;
const MAX_DROP = 0.005;
/** 1 s of 160x96 at 24 fps: small (the simulator renders it in this process), but a real decode for every check. */
const SIZE = { width: 160, height: 96, frames: 24 };

async function videoSweep(scoring: boolean): Promise<Sweep> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "bench-scoring-"));
  await writeFile(path.join(dir, "workflow.json"), JSON.stringify(videoPrompt({ cfg: 5, steps: 20, shift: 5, seed: 1 }, "land", SIZE)));
  const config = `workflow_file: workflow.json
sampling_strategy: sobol
num_samples: ${RUNS}
seed: 3
parameters:
  cfg: {type: continuous, min: 3, max: 7, path: nodes.5.inputs.cfg}
  steps: {type: int, min: 4, max: 30, path: nodes.5.inputs.steps}
output:
  base_dir: output
comfyui:
  queue_depth: 2
${scoring ? "" : "scoring: false\n"}`;
  await writeFile(path.join(dir, "sweep.yaml"), config);
  return { dir, config: path.join(dir, "sweep.yaml"), baseDir: path.join(dir, "output"), remove: () => rm(dir, { recursive: true, force: true }) };
}

async function scoredRuns(baseDir: string): Promise<number> {
  const [batch] = (await readdir(baseDir)).filter((name) => name.startsWith("batch_"));
  if (!batch) return 0;
  let scored = 0;
  for (const run of await readdir(path.join(baseDir, batch, "runs")))
    if (await stat(path.join(baseDir, batch, "runs", run, "scores.json")).catch(() => undefined)) scored++;
  return scored;
}

interface Pass {
  readonly busy: number;
  readonly scored: number;
  readonly wallMs: number;
}

async function pass(scoring: boolean, signal: AbortSignal): Promise<Pass> {
  const sim = await startSim({ landscape: true, models: { ckpt_name: ["model.safetensors"] }, runTime: { fixedMs: RUN_MS, perStepMs: 0 } });
  const sweep = await videoSweep(scoring);
  try {
    const run = await runCrBatch(sweep, [sim.url], signal);
    if (run.summary.completed !== RUNS) throw new Error(`only ${run.summary.completed} of ${RUNS} runs completed`);
    const intervals = sim.busyIntervals().sort((a, b) => a.start - b.start);
    const first = intervals[0];
    const last = intervals[intervals.length - 1];
    if (!first || !last) throw new Error("the simulator ran nothing");
    const busyMs = intervals.reduce((sum, b) => sum + (b.end - b.start), 0);
    return { busy: busyMs / (last.end - first.start), scored: await scoredRuns(sweep.baseDir), wallMs: run.process.wallMs };
  } finally {
    await sim.stop();
    await sweep.remove();
  }
}

async function run({ signal }: BenchContext): Promise<BenchResult> {
  const off = await pass(false, signal);
  const on = await pass(true, signal);
  const drop = off.busy - on.busy;
  return {
    figure: `busy ${(off.busy * 100).toFixed(2)}% without scoring, ${(on.busy * 100).toFixed(2)}% with (${on.scored}/${RUNS} scored); change ${(-drop * 100).toFixed(2)} points`,
    pass: drop <= MAX_DROP && on.scored === RUNS && off.scored === 0,
    details: { off, on },
  };
}

export const bench: Bench = {
  name: "batch-pipeline-scoring",
  target: `${RUNS} video runs of ${RUN_MS / 1000} s: busy fraction with scoring on within ${MAX_DROP * 100}% of scoring off; every run scored`,
  budgetMs: 240_000,
  run,
};
