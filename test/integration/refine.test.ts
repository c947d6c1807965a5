/**
 * The loop on the simulator's landscape: cr-batch → scores → cr-refine → the written config
 * dry-runs and runs (most promising first), and again with --strategy tpe.
 */
import { cp, mkdtemp, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dryRun } from "../../src/commands/batch/dry-run.js";
import { refine, type RefineOptions } from "../../src/commands/refine/index.js";
import { parseConfigText } from "../../src/core/config/index.js";
import { UserError } from "../../src/core/errors.js";
import { batchPaths, BatchReader, readPlan, writeScores } from "../../src/core/store/index.js";
import { landscapeQuality, startSim, type Sim } from "../../src/sim/index.js";
import { onlyBatch, runInProcess } from "../helpers/batch-reliability.js";
import { imageScores } from "../helpers/fake-scores.js";
import { captureUi } from "../helpers/ui.js";
import { videoPrompt } from "../../src/sim/landscape-workflow.js";

const CONFIG = `# my sweep notes: WAN-like landscape
workflow_file: workflow.json
sampling_strategy: sobol
num_samples: 8
seeds_per_sample: 2
seed: 11
parameters:
  # how hard the prompt pulls
  cfg: {path: nodes.5.inputs.cfg, type: continuous, min: 1, max: 12}
  steps: {path: nodes.5.inputs.steps, type: int, min: 4, max: 30}
  shift: {path: nodes.2.inputs.shift, type: continuous, min: 1, max: 12}
  sampler: {path: nodes.5.inputs.sampler_name, values: [euler, ddim]}
  seed: {path: nodes.5.inputs.seed, type: random_seed}
output:
  base_dir: output
comfyui:
  queue_depth: 2 # keep the GPU busy
`;

/** Scores every completed run with blur = 1 − the landscape's true quality, plus a little seed noise (lower is better). */
async function scoreBatch(dir: string): Promise<void> {
  const reader = new BatchReader(dir);
  const plan = (await reader.plan()).value!;
  for (const run of plan.runs) {
    if ((await reader.finishedRun(run))?.status !== "completed") continue;
    const v = run.values as Record<string, number>;
    const quality = landscapeQuality({ cfg: v["cfg"], steps: v["steps"], shift: v["shift"] });
    await writeScores(batchPaths(dir), { name: run.name }, imageScores(1 - quality + 0.002 * (Number(v["seed"]) % 5)));
  }
}

describe("cr-refine on the simulator's landscape", () => {
  let sim: Sim;
  let work: string;
  let first: string;
  beforeAll(async () => {
    sim = await startSim({ landscape: true, runTime: { fixedMs: 1, perStepMs: 0 } });
    // One folder for the whole file (tempDir would remove it after the first test).
    work = await mkdtemp(path.join(os.tmpdir(), "cr-refine-"));
    await writeFile(path.join(work, "workflow.json"), JSON.stringify(videoPrompt({ cfg: 5, steps: 20, shift: 5, seed: 1 }, "land/run"), null, 2));
    await writeFile(path.join(work, "sweep.yaml"), CONFIG);
    const outcome = await runInProcess(path.join(work, "sweep.yaml"), [sim.url], { skipModelCheck: true });
    expect(outcome.code, outcome.err).toBe(0);
    first = await onlyBatch(path.join(work, "output"));
    await scoreBatch(first);
  }, 120_000);
  afterAll(async () => {
    await sim?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  function options(extra: Partial<RefineOptions> = {}): RefineOptions {
    return { batchDirs: [first], output: path.join(work, "next.yaml"), target: "score:-blur", force: false, ...extra };
  }

  it("writes a commented config that keeps the user's comments, fixes noise, narrows what matters, and loads", async () => {
    const { ui } = captureUi();
    const result = await refine(options(), { ui, cwd: work });
    const text = await readFile(result.file, "utf8");
    if (process.env["DUMP_REFINE"]) await writeFile(process.env["DUMP_REFINE"], text);
    expect(text).toContain("# my sweep notes: WAN-like landscape");
    expect(text).toContain("# how hard the prompt pulls");
    expect(text).toMatch(/queue_depth: 2 # keep the GPU busy/);
    expect(text).toMatch(/# Refined by cr-refine from batch_\S+ on score:-blur \(16 runs/);
    // The landscape ignores the sampler: within seed noise, fixed with its evidence.
    const sampler = result.decisions.find((d) => d.name === "sampler")!;
    expect(sampler.action).toBe("fix");
    expect(text).toMatch(/# cr-refine: fixed at the best run's value: its effect is within seed noise \(explains [\d.]+ %/);
    expect(text).toMatch(/sampler: \{ path: nodes\.5\.inputs\.sampler_name, values: \[ (euler|ddim) \] \}/);
    const cfg = result.decisions.find((d) => d.name === "cfg")!;
    if (cfg.action === "range") {
      expect(text).toMatch(/# cr-refine: narrowed: was 1–12; the best \d+ runs lie in/);
      expect(cfg.max - cfg.min).toBeLessThan(11);
    }
    const plan = await readPlan(batchPaths(first).plan);
    expect(text).toContain(`config: ${plan.fingerprint.config}`);
    expect(text).toMatch(/history: \[ output\/batch_\S+ \]|history:\n {2}- output\/batch_/);
    expect(text).toContain("target: score:-blur");
    const loaded = parseConfigText(text, result.file);
    expect(loaded.seed).toBe(result.seed);
    expect(loaded.seed).not.toBe(11);
    expect(loaded.workflowFile).toBe(path.join(work, "workflow.json"));
    expect(loaded.output.baseDir).toBe(path.join(work, "output"));
  });

  it("never replaces an existing file without --force", async () => {
    const target = path.join(work, "taken.yaml");
    await writeFile(target, "mine\n");
    const { ui } = captureUi();
    await expect(refine(options({ output: target }), { ui, cwd: work })).rejects.toThrow(UserError);
    expect(await readFile(target, "utf8")).toBe("mine\n");
    await refine(options({ output: target, force: true }), { ui, cwd: work });
    expect(await readFile(target, "utf8")).toContain("cr-refine:");
  });

  it("rewrites relative paths for a file written into another folder", async () => {
    const { ui } = captureUi();
    const result = await refine(options({ output: path.join(work, "nights", "n2.yaml") }), { ui, cwd: work });
    const loaded = parseConfigText(await readFile(result.file, "utf8"), result.file);
    expect(loaded.workflowFile).toBe(path.join(work, "workflow.json"));
    expect(loaded.output.baseDir).toBe(path.join(work, "output"));
    expect(loaded.history?.dirs.map((d) => d.dir)).toEqual([first]);
  });

  it("keeps the new batches beside the parent when base_dir climbs out of the config's folder", async () => {
    // A config in configs/ writing to ../far/night1: its folder cannot be told from the batch alone.
    const moved = path.join(work, "far", "night1", path.basename(first));
    await cp(first, moved, { recursive: true });
    const snapshot = batchPaths(moved).config;
    await writeFile(snapshot, (await readFile(snapshot, "utf8")).replace("base_dir: output", "base_dir: ../far/night1"));
    const { ui } = captureUi();
    const result = await refine(options({ batchDirs: [moved], output: path.join(work, "elsewhere", "n.yaml") }), { ui, cwd: work });
    const loaded = parseConfigText(await readFile(result.file, "utf8"), result.file);
    expect(loaded.output.baseDir).toBe(path.join(work, "far", "night1"));
    expect(loaded.workflowFile).toBe(batchPaths(moved).workflow);
  });

  it("the refined config dry-runs most promising first and runs as written; --strategy tpe too", async () => {
    const { ui } = captureUi();
    const next = path.join(work, "run-next.yaml");
    await refine(options({ output: next, runs: 4 }), { ui, cwd: work });
    const dry = await dryRun({ configFile: next }, { ui, write: () => undefined });
    expect(dry.plan.priority).toMatchObject({ method: "tpe", target: "score:-blur", observations: 8 });
    expect(dry.plan.runs).toHaveLength(8);
    const ran = await runInProcess(next, [sim.url], { skipModelCheck: true, forceNew: true });
    expect(ran.code, ran.err).toBe(0);

    const tpe = path.join(work, "tpe.yaml");
    const result = await refine(options({ output: tpe, strategy: "tpe", runs: 4 }), { ui, cwd: work });
    expect(await readFile(tpe, "utf8")).toMatch(/sampling_strategy: tpe/);
    const a = await dryRun({ configFile: tpe }, { ui, write: () => undefined });
    const b = await dryRun({ configFile: tpe }, { ui, write: () => undefined });
    expect(a.plan.strategy).toBe("tpe");
    expect(a.plan.seed).toBe(result.seed);
    expect(a.plan.runs.map((r) => r.values)).toEqual(b.plan.runs.map((r) => r.values));
    const tpeRun = await runInProcess(tpe, [sim.url], { skipModelCheck: true, forceNew: true });
    expect(tpeRun.code, tpeRun.err).toBe(0);
  }, 120_000);

  /** A refined tpe config whose first batch failed on every run: a batch left to resume. */
  async function interruptedTpe(name: string): Promise<string> {
    const tpe = path.join(work, name);
    await refine(options({ output: tpe, strategy: "tpe", runs: 2 }), { ui: captureUi().ui, cwd: work });
    sim.faults = { failNode: { classType: "VAEDecode", message: "boom" } };
    const failed = await runInProcess(tpe, [sim.url], { skipModelCheck: true, forceNew: true });
    sim.faults = {};
    expect(failed.code).toBe(1);
    return tpe;
  }

  it("a tpe batch resumes its stored plan exactly, even after the history's scores changed", async () => {
    const { ui } = captureUi();
    const tpe = await interruptedTpe("resume.yaml");
    const batches = (await readdir(path.join(work, "output"))).filter((n) => n.startsWith("batch_")).sort();
    const begun = path.join(work, "output", batches[batches.length - 1]!);
    const stored = await readFile(batchPaths(begun).plan, "utf8");
    // New scores for the history: a plan built now would propose other points.
    const reader = new BatchReader(first);
    for (const run of (await reader.plan()).value!.runs)
      await writeScores(batchPaths(first), { name: run.name }, imageScores(Math.abs(Number(run.values["cfg"]) - 10)));
    const replanned = await dryRun({ configFile: tpe }, { ui, write: () => undefined });
    const planned = JSON.parse(stored) as { runs: { values: Record<string, unknown> }[] };
    expect(replanned.plan.runs.map((r) => r.values)).not.toEqual(planned.runs.map((r) => r.values));
    const resumed = await runInProcess(tpe, [sim.url], { skipModelCheck: true, retryFailed: true });
    expect(resumed.code, resumed.err).toBe(0);
    expect(resumed.out).toMatch(/Resuming the unfinished batch/);
    expect(await readFile(batchPaths(begun).plan, "utf8")).toBe(stored);
    const done = new BatchReader(begun);
    for (const run of (await done.plan()).value!.runs) {
      const record = await done.finishedRun(run);
      expect(record?.status).toBe("completed");
      expect(record?.values).toEqual(run.values);
    }
    await scoreBatch(first); // the other tests' scores back
  }, 120_000);

  it("resumes a tpe batch whose history: folders have gone, and refuses only a new one", async () => {
    const tpe = await interruptedTpe("resume-gone.yaml");
    const away = `${first}.away`;
    await rename(first, away);
    try {
      const resumed = await runInProcess(tpe, [sim.url], { skipModelCheck: true, retryFailed: true });
      expect(resumed.code, resumed.err).toBe(0);
      expect(resumed.out).toMatch(/Resuming the unfinished batch/);
      const before = (await readdir(path.join(work, "output"))).length;
      await expect(runInProcess(tpe, [sim.url], { skipModelCheck: true, forceNew: true })).rejects.toThrow(/history: .* is not a folder/);
      expect((await readdir(path.join(work, "output"))).length).toBe(before);
    } finally {
      await rename(away, first);
    }
  }, 120_000);
});
