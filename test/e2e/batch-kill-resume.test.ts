/**
 * Kill and resume (issue 5, "Reliability tests"): the built cr-batch is SIGKILLed at random
 * moments, 20 times, each time started again with the same config (automatic resume). After
 * every kill the folder must be consistent; at the end every planned run is complete exactly
 * once with the plan's values, and no partial file passes as an output.
 * The simulator runs in this process, so every recorded prompt_id is checked against it.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startSim, type Sim } from "../../src/sim/index.js";
import { checkBatch, checkStopped, DEMO_MODELS, demoWorkspace, executionsPerRun, onlyBatch } from "../helpers/batch-reliability.js";
import { repoRoot } from "../helpers/workflows.js";

const BIN = path.join(repoRoot, "dist/bin/cr-batch.js");
const KILLS = 20;
const RUNS = 96;
// 21 start-ups of the built CLI dominate (several seconds each on a loaded 2-core machine).
const TIMEOUT_MS = 120_000;
const OUTPUT_BYTES = 256 * 1024;

let sim: Sim | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

/** mulberry32: a seeded generator, so a failing sequence of kill times can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/**
 * Starts cr-batch (--json) and SIGKILLs it, unless it exits first: `afterMs` after spawning
 * (`afterRuns` undefined: a kill in start-up), or `afterMs` after its `afterRuns`-th run_finished
 * event (0: after batch_started). Counting events rather than seconds keeps the kills inside the
 * batch however fast or loaded the machine is.
 */
function runBatchProcess(cwd: string, args: readonly string[], kill?: { afterMs: number; afterRuns?: number }): Promise<Exit> {
  const child = spawn(process.execPath, [BIN, ...args, "--json"], { cwd, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
  let stderr = "";
  let timer: NodeJS.Timeout | undefined;
  let finished = 0;
  let pending = "";
  const arm = (): void => {
    timer ??= setTimeout(() => child.kill("SIGKILL"), kill?.afterMs);
  };
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on("data", (chunk: Buffer) => {
    if (kill?.afterRuns === undefined) return;
    const lines = (pending + chunk.toString()).split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      if (line.includes('"kind":"run_finished"')) finished++;
      if ((line.includes('"kind":"batch_started"') || line.includes('"kind":"run_finished"')) && finished >= kill.afterRuns) arm();
    }
  });
  if (kill && kill.afterRuns === undefined) arm();
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr });
    });
  });
}

async function batchWithPlan(baseDir: string): Promise<string | undefined> {
  for (const name of await readdir(baseDir).catch(() => [])) {
    if (existsSync(path.join(baseDir, name, "plan.json"))) return path.join(baseDir, name);
  }
  return undefined;
}

describe("cr-batch killed and resumed", () => {
  it(`survives ${KILLS} SIGKILLs at random moments and ends with every run complete and executed exactly once`, { timeout: TIMEOUT_MS }, async () => {
    if (!existsSync(BIN)) execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: repoRoot, stdio: "inherit" });
    const seed = Number(process.env["KILL_SEED"] ?? Date.now() % 1_000_000);
    const next = random(seed);
    const why = `replay with KILL_SEED=${seed}`;
    // 96 runs of 60 ms with 256 KB outputs: each kill lets a start finish at most a few runs (plus
    // what the server runs from its queue meanwhile), so 20 kills leave work for the last start.
    sim = await startSim({ models: DEMO_MODELS, ffmpeg: false, runTime: { fixedMs: 60, perStepMs: 0 }, outputSizeBytes: OUTPUT_BYTES });
    const ws = await demoWorkspace({ samples: RUNS / 8, seedsPerSample: 8 });
    const args = [ws.config, "--server", sim.url, "--no-score"]; // resume is the subject: no ffmpeg work per run

    let killed = 0;
    let recordedBefore = 0;
    for (let i = 0; i < KILLS; i++) {
      // Every third kill lands in start-up (config, plan, folder, preflight), the others within
      // 80 ms after the start's 0th, 1st or 2nd finished run: in submits, waits, downloads and writes.
      const kill = i % 3 === 0 ? { afterMs: Math.round(next() * 600) } : { afterMs: Math.round(next() * 80), afterRuns: Math.floor(next() * 3) };
      const exit = await runBatchProcess(ws.dir, args, kill);
      if (exit.signal === "SIGKILL") killed++;
      else expect(exit.code, `${why}\n${exit.stderr}`).toBe(0);
      const batchDir = await batchWithPlan(ws.baseDir);
      if (batchDir) recordedBefore = await checkStopped(batchDir, { killed: true });
    }
    // The kills really interrupted the batch: most landed while it ran, and work was left.
    expect(killed, why).toBeGreaterThanOrEqual(KILLS - 2);
    expect(recordedBefore, why).toBeGreaterThan(0);
    expect(recordedBefore, why).toBeLessThan(RUNS);

    const last = await runBatchProcess(ws.dir, args);
    expect(last.code, `${why}\n${last.stderr}`).toBe(0);
    const params = await checkBatch(await onlyBatch(ws.baseDir), { sims: [sim], outputBytes: OUTPUT_BYTES });
    // No GPU time wasted: the prompts a killed start left on the server were adopted by the next
    // start, never submitted again, so the server executed every run exactly once.
    const executions = executionsPerRun([sim]);
    const total = [...executions.values()].reduce((a, b) => a + b, 0);
    const twice = [...executions].filter(([, n]) => n !== 1).map(([name, n]) => `${name}×${n}`);
    expect(twice, `${why}: ${total} executions for ${params.size} runs`).toEqual([]);
    expect(total, why).toBe(params.size);
  });
});
