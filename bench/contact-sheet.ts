// The contact-sheet bench inside `npm run bench`: runs bench/contact-sheet.mjs (which works
// from dist/) on a batch of 200 short MP4s so the whole suite stays within its 10 minutes,
// and reads its figures. For the 1,000-run figures: `node bench/contact-sheet.mjs 1000`.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { measureChild } from "./lib/measure.js";
import type { Bench, BenchContext, BenchResult } from "./lib/types.js";

const RUNS = 200;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

function figure(output: string, pattern: RegExp): number | undefined {
  const match = pattern.exec(output);
  return match ? Number(match[1]) : undefined;
}

async function run(context: BenchContext): Promise<BenchResult> {
  const child = await measureChild(process.execPath, [path.join(root, "bench", "contact-sheet.mjs"), String(RUNS)], { signal: context.signal, cwd: root });
  if (child.exitCode !== 0) throw new Error(`contact-sheet.mjs exited with ${child.exitCode}: ${child.stderr.slice(0, 300)}`);
  const out = child.stdout;
  const speedup = figure(out, /speed-up ([\d.]+)×/);
  const htmlMs = figure(out, /HTML \(read batch \+ render \+ write\): (\d+) ms/);
  const readyMs = figure(out, /first cards ready (\d+) ms/);
  const parallelS = figure(out, /previews, \d+ at a time: ([\d.]+) s/);
  const pass = speedup !== undefined && speedup > 1.2 && htmlMs !== undefined && htmlMs < 2000 && readyMs !== undefined && readyMs < 1000;
  return {
    figure: `${RUNS} runs: previews ${parallelS ?? "?"} s (${speedup ?? "?"}x vs 1 worker), HTML ${htmlMs ?? "?"} ms, first cards ${readyMs ?? "?"} ms`,
    pass,
    details: { runs: RUNS, output: out },
  };
}

export const bench: Bench = {
  name: "contact-sheet",
  target: "previews use both cores (>1.2x vs 1 worker), HTML < 2 s, first render < 1 s",
  budgetMs: 240_000,
  run,
};
