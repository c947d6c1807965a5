/**
 * cr-batch / cr-shots --until and --budget against the simulator. The clock is injected: it moves
 * 1 s for every prompt the simulator has begun, so which runs are sent does not depend on how busy
 * the machine is (a run really takes ~0.2 s; the time box measures that from the server's times).
 */
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { dryRun } from "../../src/commands/batch/dry-run.js";
import { batch } from "../../src/commands/batch/execute-batch.js";
import { shots } from "../../src/commands/shots/index.js";
import { startSim, type Sim } from "../../src/sim/index.js";
import { batchOptions, DEMO_MODELS, demoWorkspace, onlyBatch } from "../helpers/batch-reliability.js";
import { captureUi } from "../helpers/ui.js";
import { shotsProject } from "../helpers/shots-project.js";

let sim: Sim | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

const T0 = Date.UTC(2026, 11, 2, 22, 0);
const simClock = (): number => T0 + (sim?.executions().length ?? 0) * 1000;

async function progress(batchDir: string): Promise<{ completed: number; total: number }> {
  return JSON.parse(await readFile(path.join(batchDir, "progress.json"), "utf8")) as { completed: number; total: number };
}

describe("the time box (--until / --budget)", () => {
  it("stops sending once the measured run time says the next run would end too late, then resumes", async () => {
    sim = await startSim({ runTime: { fixedMs: 200 }, models: DEMO_MODELS });
    const { config, baseDir } = await demoWorkspace({ comfyui: { queue_depth: 1 } });
    const ui = captureUi();
    // Sent at clock 0 s (nothing measured yet), 1 s and 2 s (+0.2 s fits in 3.1 s); at 3 s, 3.2 s does not.
    const code = await batch(batchOptions(config, [sim.url], { timeBox: { budgetMs: 3100 } }), { ...ui, now: simClock });
    expect(code).toBe(0);
    expect(sim.submittedPrompts()).toHaveLength(3);
    const batchDir = await onlyBatch(baseDir);
    expect(await progress(batchDir)).toMatchObject({ completed: 3, total: 8 });
    expect(ui.out()).toMatch(/Batch stopped: time box/);
    expect(ui.out()).toMatch(
      /the next run would finish about [\d-]* ?\d\d:\d\d, after [\d-]* ?\d\d:\d\d \(a run takes \ds, median of 3 run\(s\) of this batch\)/,
    );
    const resume = `cr-batch ${config} --resume ${path.relative(process.cwd(), batchDir)}`;
    expect(ui.out()).toContain(`5 run(s) left; continue with: ${resume}`);
    expect(await readFile(path.join(batchDir, "batch.log"), "utf8")).toMatch(/Time box: the next run would finish/);

    // The command it printed finishes the other five, each once.
    const again = captureUi();
    expect(await batch(batchOptions(config, [sim.url], { resumeDir: batchDir }), again)).toBe(0);
    expect(await progress(batchDir)).toMatchObject({ completed: 8, total: 8 });
    expect(sim.submittedPrompts()).toHaveLength(8);
    expect(again.out()).toMatch(/Batch finished/);
  });

  it("before any run of this batch ends, the earlier batches' run time decides", async () => {
    sim = await startSim({ runTime: { fixedMs: 200 }, models: DEMO_MODELS });
    const { config, baseDir } = await demoWorkspace({ samples: 2, comfyui: { queue_depth: 1 } });
    expect(await batch(batchOptions(config, [sim.url]), captureUi())).toBe(0);
    const before = sim.submittedPrompts().length;
    const ui = captureUi();
    // Earlier runs took ≥ 0.2 s: with 0.1 s left not even the first run is sent.
    const code = await batch(batchOptions(config, [sim.url], { forceNew: true, timeBox: { untilMs: T0 + 100 } }), { ...ui, now: () => T0 });
    expect(code).toBe(0);
    expect(sim.submittedPrompts()).toHaveLength(before);
    expect(ui.out()).toMatch(/a run is taken to last \ds \(median of earlier batches\)/);
    expect(ui.out()).toMatch(/median of earlier batches\); no new runs are sent/);
    expect(ui.out()).toMatch(/2 run\(s\) left; continue with: cr-batch .* --resume /);
    const dirs = (await readdir(baseDir)).filter((n) => n.startsWith("batch_"));
    expect(dirs).toHaveLength(2);

    // --json: the summary event says so too.
    const json = captureUi({ json: true });
    expect(await batch(batchOptions(config, [sim.url], { forceNew: true, timeBox: { untilMs: T0 + 100 } }), { ...json, now: () => T0 })).toBe(0);
    const summary = json
      .out()
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { kind?: string; time_boxed?: { left: number; resume: string } })
      .find((e) => e.kind === "summary");
    expect(summary?.time_boxed).toEqual({ left: 2, resume: expect.stringMatching(/^cr-batch .*sweep\.yaml --resume .*batch_/) });
  });

  it("with queue_depth 2, holds a run back until the one ahead ends rather than stopping", async () => {
    // Runs of 1 s (+ the machine's overhead): one fits in the 1.9 s left, two queued do not.
    sim = await startSim({ runTime: { fixedMs: 1000 }, models: DEMO_MODELS });
    const { config, baseDir } = await demoWorkspace({ samples: 2, comfyui: { queue_depth: 2 } });
    expect(await batch(batchOptions(config, [sim.url]), captureUi())).toBe(0);
    const ui = captureUi();
    // The clock stands still, so every run fits on its own and none behind another.
    const code = await batch(batchOptions(config, [sim.url], { forceNew: true, timeBox: { untilMs: T0 + 1900 } }), { ...ui, now: () => T0 });
    expect(code).toBe(0);
    expect(ui.out()).toMatch(/Batch finished/);
    expect((await readdir(baseDir)).filter((n) => n.startsWith("batch_"))).toHaveLength(2);
    expect(sim.submittedPrompts()).toHaveLength(4);
    // The second batch's two prompts were never on the server together: the second was sent after the first ended.
    const [, , first] = sim.busyIntervals();
    const submits = sim.requests.filter((r) => r.method === "POST" && r.path === "/prompt").map((r) => r.at);
    expect(submits[3]).toBeGreaterThanOrEqual(first!.end);
  });

  it("the dry run says how many runs fit", async () => {
    const { config } = await demoWorkspace();
    const ui = captureUi();
    await dryRun({ configFile: config, estimate: { secondsPerRun: 600 }, timeBox: { budgetMs: 3_600_000 } }, { ui: ui.ui, now: () => T0 });
    expect(ui.out()).toMatch(/Time box +about 6 of 8 runs fit before [\d-]* ?\d\d:\d\d \(10m00s per run, 1 server\(s\)\); the rest wait for --resume/);
    const unknown = captureUi();
    await dryRun({ configFile: config, timeBox: { untilMs: T0 + 1000 } }, { ui: unknown.ui, now: () => T0 });
    expect(unknown.out()).toMatch(/Time box +until [\d-]* ?\d\d:\d\d: no run time known yet/);
  });

  it("cr-shots takes the same time box", async () => {
    sim = await startSim({ runTime: { fixedMs: 2 } });
    const { config } = await shotsProject();
    const ui = captureUi();
    const code = await shots(
      { ...batchOptions(config, [sim.url], { skipModelCheck: true, timeBox: { untilMs: T0 } }), skipIncomplete: false },
      { ...ui, now: () => T0 },
    );
    expect(code).toBe(0);
    expect(sim.submittedPrompts()).toHaveLength(0);
    expect(ui.out()).toMatch(/Time box: it is past/);
    expect(ui.out()).toMatch(/16 run\(s\) left; continue with: cr-shots .*shots\.yaml --resume .*batch_shots_/);
  });
});
