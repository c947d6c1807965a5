// Cold start of cr-analyze on the WAN 2.2 14B workflow: `node <its bin from package.json> <wf> --print`
// spawned afresh each time, against a bare `node -e 0` in the same run. The two are interleaved
// (bare, analyze, bare, analyze…) after warm-ups, so a busy machine slows both alike; the figure
// is the difference of the medians (issue 16: within 40 ms of bare node). The median CPU time
// (user + sys, from GNU time when present) is reported too: it is less sensitive to other load.
// Run: npm run bench -- --only analyze-cold-start
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { measureChild, median } from "./lib/measure.js";
import type { Bench, BenchContext, BenchResult } from "./lib/types.js";

const TARGET_DIFF_MS = 40;
const WARMUPS = 3;
const RUNS = 20;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
/** The file `cr-analyze` runs once installed (a bundled CommonJS file, see scripts/bundle-bins.mjs). */
const bin = path.join(root, (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { bin: Record<string, string> }).bin["cr-analyze"] ?? "");
const workflow = path.join(root, "test", "golden", "analyze", "inputs", "wan2_14B_flf2v.json");

interface Series {
  readonly wall: number[];
  readonly cpu: number[];
}

async function once(args: readonly string[], context: BenchContext, into: Series | undefined): Promise<void> {
  const run = await measureChild(process.execPath, args, { signal: context.signal, cwd: root });
  if (run.exitCode !== 0) throw new Error(`${args.join(" ")} exited with ${run.exitCode}: ${run.stderr.slice(0, 300)}`);
  into?.wall.push(run.wallMs);
  if (run.cpuSeconds !== undefined) into?.cpu.push(run.cpuSeconds * 1000);
}

async function run(context: BenchContext): Promise<BenchResult> {
  const analyze: Series = { wall: [], cpu: [] };
  const bare: Series = { wall: [], cpu: [] };
  const analyzeArgs = [bin, workflow, "--print"];
  for (let i = 0; i < WARMUPS + RUNS; i++) {
    const keep = i >= WARMUPS;
    await once(["-e", "0"], context, keep ? bare : undefined);
    await once(analyzeArgs, context, keep ? analyze : undefined);
  }
  const ms = median(analyze.wall);
  const bareMs = median(bare.wall);
  const diff = ms - bareMs;
  const cpuDiff = analyze.cpu.length > 0 && bare.cpu.length > 0 ? median(analyze.cpu) - median(bare.cpu) : undefined;
  const cpuText = cpuDiff === undefined ? "" : `; CPU +${cpuDiff.toFixed(0)} ms`;
  return {
    figure: `+${diff.toFixed(0)} ms wall over bare node (cr-analyze ${ms.toFixed(0)} ms, node -e 0 ${bareMs.toFixed(0)} ms; medians of ${RUNS} interleaved runs${cpuText})`,
    pass: diff <= TARGET_DIFF_MS,
    details: {
      medianMs: ms,
      bareNodeMedianMs: bareMs,
      differenceMs: diff,
      cpuDifferenceMs: cpuDiff ?? null,
      minMs: Math.min(...analyze.wall),
      maxMs: Math.max(...analyze.wall),
      runs: RUNS,
    },
  };
}

export const bench: Bench = {
  name: "analyze-cold-start",
  target: `<= ${TARGET_DIFF_MS} ms over a bare node -e 0 (same run)`,
  budgetMs: 90_000,
  run,
};
