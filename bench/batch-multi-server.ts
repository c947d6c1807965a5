/**
 * cr-batch across servers (issue 5, "Several servers"): 4 simulated servers finish 4x the
 * work in at most 1.05x the time one server takes for 1x. Jobs take a fixed 500 ms, so the
 * client's own overhead per run is visible but small. Times are the engine's own (summary
 * duration_s: first run to last record), so node start-up and the per-server preflight,
 * paid once, do not count; whole-process wall times are in the details.
 */
import { startSim, type Sim } from "../src/sim/index.js";
import { DEMO_MODELS, demoSweep, runCrBatch, type BatchRun } from "./lib/batch-sweep.js";
import type { Bench, BenchContext, BenchResult } from "./lib/types.js";

const JOB_MS = 500;
const RUNS_PER_SERVER = 16;
const MAX_RATIO = 1.05;

async function sweepOn(servers: number, signal: AbortSignal): Promise<BatchRun> {
  const sims: Sim[] = [];
  // 16 design points × `servers` seeds: RUNS_PER_SERVER runs for each server.
  const sweep = await demoSweep({ samples: RUNS_PER_SERVER, seedsPerSample: servers });
  try {
    for (let i = 0; i < servers; i++) sims.push(await startSim({ models: DEMO_MODELS, ffmpeg: false, runTime: { fixedMs: JOB_MS, perStepMs: 0 } }));
    const run = await runCrBatch(
      sweep,
      sims.map((s) => s.url),
      signal,
    );
    if (run.summary.completed !== RUNS_PER_SERVER * servers) throw new Error(`${run.summary.completed} of ${RUNS_PER_SERVER * servers} runs completed`);
    return run;
  } finally {
    await Promise.all(sims.map((s) => s.stop()));
    await sweep.remove();
  }
}

async function run({ signal }: BenchContext): Promise<BenchResult> {
  const one = await sweepOn(1, signal);
  const four = await sweepOn(4, signal);
  const ratio = four.summary.duration_s / one.summary.duration_s;
  return {
    figure: `1 server × ${RUNS_PER_SERVER} runs ${one.summary.duration_s.toFixed(2)} s, 4 servers × ${RUNS_PER_SERVER * 4} runs ${four.summary.duration_s.toFixed(2)} s: ${ratio.toFixed(3)}x`,
    pass: ratio <= MAX_RATIO,
    details: {
      jobMs: JOB_MS,
      ideal_s: (RUNS_PER_SERVER * JOB_MS) / 1000,
      one: { engine_s: one.summary.duration_s, wallMs: one.process.wallMs },
      four: { engine_s: four.summary.duration_s, wallMs: four.process.wallMs },
      ratio,
      wallRatio: four.process.wallMs / one.process.wallMs,
    },
  };
}

export const bench: Bench = {
  name: "batch-multi-server",
  target: `4 servers, 4x the runs: <= ${MAX_RATIO}x the time of 1 server (${JOB_MS} ms jobs)`,
  budgetMs: 90_000,
  run,
};
