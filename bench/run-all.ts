/**
 * Runs every benchmark module in bench/ (compiled to dist-bench/bench/) one after the other,
 * within a total time budget, prints a table and updates bench/results.local.json (ignored by
 * git), or with --save the tracked bench/results.json.
 *
 *   node dist-bench/bench/run-all.js [--only NAME] [--budget SECONDS] [--save]
 *
 * The default budget (510 s) is a cap, far above what a whole run takes (bench/README.md).
 */
import { readdir } from "node:fs/promises";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseBenchArgs, resultsFileFor } from "./lib/options.js";
import { formatTable, machineInfo, writeResults, type ResultEntry } from "./lib/report.js";
import { isBench, type Bench, type BenchResult } from "./lib/types.js";

const DEFAULT_PER_BENCH_MS = 180_000;
/** Below this much time left a benchmark is skipped rather than started and cut off. */
const MIN_START_MS = 5_000;

const here = path.dirname(fileURLToPath(import.meta.url));
const benchDir = path.resolve(here, "..", "..", "bench");

async function findBenches(): Promise<Bench[]> {
  const files = (await readdir(here)).filter((file) => file.endsWith(".js") && file !== "run-all.js").sort();
  const benches: Bench[] = [];
  for (const file of files) {
    const mod: unknown = await import(pathToFileURL(path.join(here, file)).href);
    const candidate = typeof mod === "object" && mod !== null ? (mod as { bench?: unknown }).bench : undefined;
    if (isBench(candidate)) benches.push(candidate);
    else console.warn(`bench/${file.replace(/\.js$/, ".ts")} exports no \`bench\` object; skipped.`);
  }
  return benches;
}

/** Runs one benchmark; a timeout or a throw becomes a failed result instead of ending the whole run. */
async function runOne(bench: Bench, budgetMs: number): Promise<BenchResult> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<BenchResult>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new Error(`time budget of ${Math.round(budgetMs / 1000)} s exceeded`));
      resolve({ figure: `timed out after ${Math.round(budgetMs / 1000)} s`, pass: false });
    }, budgetMs);
  });
  const work = bench
    .run({ signal: controller.signal, deadline: Date.now() + budgetMs })
    .catch((error: unknown): BenchResult => ({ figure: `error: ${error instanceof Error ? error.message : String(error)}`, pass: false }));
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
    if (!controller.signal.aborted) controller.abort(new Error("benchmark finished"));
  }
}

async function main(): Promise<void> {
  const options = parseBenchArgs(process.argv.slice(2));
  const resultsFile = resultsFileFor(benchDir, options.save);
  const totalMs = options.budgetS * 1000;
  const endBy = Date.now() + totalMs;
  let benches = await findBenches();
  if (options.only !== undefined) {
    benches = benches.filter((bench) => bench.name === options.only);
    if (benches.length === 0) throw new Error(`No benchmark named ${options.only}.`);
  }
  const entries: ResultEntry[] = [];
  for (const bench of benches) {
    const left = endBy - Date.now();
    const start = performance.now();
    let result: BenchResult;
    if (left < MIN_START_MS) {
      result = { figure: "skipped: total time budget used up", pass: undefined };
    } else {
      console.log(`» ${bench.name} (target: ${bench.target})`);
      result = await runOne(bench, Math.min(bench.budgetMs ?? DEFAULT_PER_BENCH_MS, left));
      console.log(`  ${result.figure}`);
    }
    entries.push({
      name: bench.name,
      figure: result.figure,
      target: bench.target,
      pass: result.pass,
      seconds: (performance.now() - start) / 1000,
      date: new Date().toISOString(),
      ...machineInfo(),
      ...(result.details ? { details: result.details } : {}),
    });
  }
  console.log(`\n${formatTable(entries)}`);
  await writeResults(resultsFile, entries);
  console.log(
    `\nWrote ${path.relative(process.cwd(), resultsFile)}${options.save ? "" : " (not tracked by git; --save records the figures in bench/results.json)"}`,
  );
  process.exitCode = entries.some((entry) => entry.pass === false) ? 1 : 0;
}

main().then(
  // Exit explicitly: a timed-out benchmark may still hold sockets or timers open.
  () => process.exit(),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
