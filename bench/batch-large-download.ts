/**
 * cr-batch downloading one 2 GiB output from the simulator (issue 5: "A 2 GB output downloaded
 * from the simulator stays under 150 MB RSS"). The built cr-batch runs as its own process with
 * its peak RSS measured (GNU time maxrss, else VmHWM polling); the simulator, serving a
 * sparse padded PNG, runs in this process. Outputs land in /dev/shm when it exists.
 */
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { startSim } from "../src/sim/index.js";
import { DEMO_MODELS, demoSweep, runCrBatch, scratchRoot } from "./lib/batch-sweep.js";
import { megabytes } from "./lib/measure.js";
import type { Bench, BenchContext, BenchResult } from "./lib/types.js";

const BYTES = 2 * 1024 ** 3;
const MAX_RSS_BYTES = 150e6;

async function run({ signal }: BenchContext): Promise<BenchResult> {
  const sim = await startSim({ models: DEMO_MODELS, ffmpeg: false, runTime: { fixedMs: 0, perStepMs: 0 }, outputSizeBytes: BYTES });
  const sweep = await demoSweep({ samples: 1, seedsPerSample: 1, scratch: scratchRoot(true) });
  try {
    const result = await runCrBatch(sweep, [sim.url], signal);
    // The file really arrived whole (the RSS figure is worthless otherwise).
    const [batch] = await readdir(sweep.baseDir);
    const [runName] = await readdir(path.join(sweep.baseDir, batch ?? "", "runs"));
    const runDir = path.join(sweep.baseDir, batch ?? "", "runs", runName ?? "");
    const files = (await readdir(runDir, { recursive: true })).filter((f) => f.endsWith(".png"));
    const size = files[0] === undefined ? 0 : (await stat(path.join(runDir, files[0]))).size;
    if (result.summary.completed !== 1 || size !== BYTES) throw new Error(`expected one ${BYTES}-byte output, got ${size} bytes`);
    const rss = result.process.peakRssBytes;
    return {
      figure: `2 GiB in ${result.summary.duration_s.toFixed(1)} s, peak RSS ${megabytes(rss)}`,
      pass: rss !== undefined && rss < MAX_RSS_BYTES,
      details: { bytes: BYTES, peakRssBytes: rss, engine_s: result.summary.duration_s, wallMs: result.process.wallMs, scratch: scratchRoot(true) },
    };
  } finally {
    await sim.stop();
    await sweep.remove();
  }
}

export const bench: Bench = {
  name: "batch-large-download",
  target: "2 GiB output through cr-batch: peak RSS < 150 MB",
  budgetMs: 120_000,
  run,
};
