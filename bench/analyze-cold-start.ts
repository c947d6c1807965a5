// Cold start of cr-analyze on the WAN 2.2 14B workflow: `node dist/bin/cr-analyze.js <wf> --print`
// spawned afresh each time (hyperfine-style: warm-ups, then the median of N runs), against the
// original Python analyzer's ~0.13 s. A bare `node -e 0` is timed too, to show node's own share.
// Run: npm run bench -- --only analyze-cold-start
import path from "node:path";
import { fileURLToPath } from "node:url";
import { measureChild, median } from "./lib/measure.js";
import type { Bench, BenchContext, BenchResult } from "./lib/types.js";

const TARGET_MS = 130;
const WARMUPS = 3;
const RUNS = 20;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const bin = path.join(root, "dist", "bin", "cr-analyze.js");
const workflow = path.join(root, "test", "golden", "analyze", "inputs", "wan2_14B_flf2v.json");

async function series(args: readonly string[], context: BenchContext): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < WARMUPS + RUNS; i++) {
    const run = await measureChild(process.execPath, args, { signal: context.signal, cwd: root });
    if (run.exitCode !== 0) throw new Error(`${args.join(" ")} exited with ${run.exitCode}: ${run.stderr.slice(0, 300)}`);
    if (i >= WARMUPS) times.push(run.wallMs);
  }
  return times;
}

async function run(context: BenchContext): Promise<BenchResult> {
  const analyze = await series([bin, workflow, "--print"], context);
  const bare = await series(["-e", "0"], context);
  const ms = median(analyze);
  return {
    figure: `${ms.toFixed(0)} ms median wall (min ${Math.min(...analyze).toFixed(0)}, bare node ${median(bare).toFixed(0)} ms) over ${RUNS} runs`,
    pass: ms <= TARGET_MS,
    details: { medianMs: ms, minMs: Math.min(...analyze), maxMs: Math.max(...analyze), bareNodeMedianMs: median(bare), runs: RUNS },
  };
}

export const bench: Bench = {
  name: "analyze-cold-start",
  target: `<= ${TARGET_MS} ms wall (the Python analyzer)`,
  budgetMs: 60_000,
  run,
};
