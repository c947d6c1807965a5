/**
 * cr-batch with scoring on (the default when ffmpeg is installed), on the simulator's landscape:
 * every run gets scores.json, the view counts the flagged runs, --json has a run_scored event per
 * run, and the engine never waits for the scorer.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batch } from "../../../src/commands/batch/execute-batch.js";
import { executeSweep, type SweepInput } from "../../../src/commands/sweep/execute.js";
import { prepareBatch } from "../../../src/commands/sweep/prepare.js";
import { resolveServers } from "../../../src/core/comfy/server.js";
import { scoreFile, type ScoreFileOptions } from "../../../src/core/score/score-file.js";
import { ScoresSchema } from "../../../src/core/score/types.js";
import { startSim, type Sim } from "../../../src/sim/index.js";
import type { Ui } from "../../../src/ui/ui.js";
import { withScoring } from "../../helpers/batch-reliability.js";
import { demoOptions } from "../../helpers/demo-batch.js";
import { hasFfmpeg } from "../../helpers/fake-media.js";
import { landscapeSweep, writeLandscapeSweep } from "../../helpers/landscape-sweep.js";
import { tempDir } from "../../helpers/tmp.js";
import { captureUi, ndjsonEvents as events } from "../../helpers/ui.js";

async function batchDir(dir: string): Promise<string> {
  const [name] = (await readdir(path.join(dir, "output"))).filter((n) => n.startsWith("batch_"));
  return path.join(dir, "output", name!);
}

describe.skipIf(!hasFfmpeg())("cr-batch scores runs as they finish", () => {
  let sim: Sim;
  beforeAll(async () => {
    sim = await startSim({ landscape: true, runTime: { fixedMs: 1, perStepMs: 0 }, models: { ckpt_name: ["model.safetensors"] } });
  });
  afterAll(async () => {
    await sim.stop();
  });

  /** cr-batch's sweep with the measurement behind the background scorer replaced. */
  async function sweepWith(configFile: string, measure: NonNullable<SweepInput["score"]>, ui: Ui, signal: AbortSignal, resumeDir?: string): Promise<number> {
    const prepared = await prepareBatch({ configFile, allowLarge: false, duplicates: "refuse" });
    const options = withScoring(demoOptions(sim.url, configFile, resumeDir ? { resumeDir } : {}));
    const { exitCode } = await executeSweep(
      {
        prefix: "batch",
        command: "cr-batch",
        configFile,
        config: prepared.config,
        configBytes: prepared.configBytes,
        workflow: prepared.workflow,
        workflowBytes: prepared.workflowBytes,
        fingerprint: prepared.built.plan.fingerprint,
        newPlan: async () => prepared.built.plan,
        score: measure,
      },
      { ...options, targets: resolveServers(options.servers, [], options.headers) },
      { ui, signal },
    );
    return exitCode;
  }

  /** 2 runs: steps 4 freezes (the landscape's rule), steps 20 is clean. */
  async function setup(extra = ""): Promise<string> {
    const dir = await tempDir();
    await writeLandscapeSweep(dir, landscapeSweep({ shift: false, extra }));
    return dir;
  }

  it("writes scores.json for every run and counts the flagged ones in the view and the summary", async () => {
    const dir = await setup();
    const cap = captureUi();
    expect(await batch(withScoring(demoOptions(sim.url, path.join(dir, "sweep.yaml"))), { ui: cap.ui, signal: new AbortController().signal })).toBe(0);
    const out = await batchDir(dir);
    const frozen: string[] = [];
    for (const run of await readdir(path.join(out, "runs"))) {
      const scores = ScoresSchema.parse(JSON.parse(await readFile(path.join(out, "runs", run, "scores.json"), "utf8")));
      expect(scores.status).toBe("ok");
      if (scores.status === "ok" && scores.flags.frozen) frozen.push(run);
    }
    expect(frozen).toEqual(["0001"]);
    expect(cap.out()).toContain("⚑ runs/0001: frozen");
    expect(cap.out()).toMatch(/scores: 2 scored \(.*1 frozen/);
  });

  it("--json: one run_scored event per run, the summary's scoring counts", async () => {
    const dir = await setup();
    const cap = captureUi({ json: true });
    expect(await batch(withScoring(demoOptions(sim.url, path.join(dir, "sweep.yaml"))), { ui: cap.ui, signal: new AbortController().signal })).toBe(0);
    const all = events(cap.out());
    const scored = all.filter((e) => e["kind"] === "run_scored");
    expect(scored.map((e) => e["run"]).sort()).toEqual(["runs/0001", "runs/0002"]);
    expect(scored.find((e) => e["run"] === "runs/0001")?.["flags"]).toContain("frozen");
    expect(all.find((e) => e["kind"] === "summary")?.["scoring"]).toMatchObject({ scored: 2, left: 0, flags: { frozen: 1 } });
  });

  it("scoring: false scores nothing", async () => {
    const dir = await setup("scoring: false\n");
    const cap = captureUi();
    expect(await batch(withScoring(demoOptions(sim.url, path.join(dir, "sweep.yaml"))), { ui: cap.ui, signal: new AbortController().signal })).toBe(0);
    const out = await batchDir(dir);
    for (const run of await readdir(path.join(out, "runs")))
      expect(await stat(path.join(out, "runs", run, "scores.json")).catch(() => undefined)).toBeUndefined();
    expect(cap.out()).not.toContain("scores:");
  });

  it("the engine submits and finishes every run while the first measurement is held back", async () => {
    const dir = await setup();
    const configFile = path.join(dir, "sweep.yaml");
    const cap = captureUi({ json: true });
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let finished = 0;
    // The Ui sees the engine's events; the gate opens only once every run has finished.
    const ui: Ui = {
      ...cap.ui,
      event(kind, data) {
        if (kind === "run_submitted" || kind === "run_finished" || kind === "run_scored") order.push(kind);
        if (kind === "run_finished" && ++finished === 2) release();
        cap.ui.event(kind, data);
      },
    };
    const slowScore = async (file: string, options: ScoreFileOptions) => {
      order.push("score_called");
      await gate;
      return scoreFile(file, options);
    };
    expect(await sweepWith(configFile, slowScore, ui, new AbortController().signal)).toBe(0);
    // Both runs were submitted and finished while the first score was still held at the gate.
    expect(order.filter((k) => k !== "score_called")).toEqual(["run_submitted", "run_submitted", "run_finished", "run_finished", "run_scored", "run_scored"]);
    expect(order.indexOf("score_called")).toBeLessThan(order.lastIndexOf("run_finished"));
    expect(events(cap.out()).find((e) => e["kind"] === "summary")?.["scoring"]).toMatchObject({ scored: 2, left: 0 });
  });

  it("Ctrl-C while the last scores wait leaves them to cr-score; resuming the batch scores them", async () => {
    const dir = await setup();
    const configFile = path.join(dir, "sweep.yaml");
    const controller = new AbortController();
    const cap = captureUi({ json: true });
    let finished = 0;
    const ui: Ui = {
      ...cap.ui,
      event(kind, data) {
        // Every run is done and recorded: now the user presses Ctrl-C.
        if (kind === "run_finished" && ++finished === 2) controller.abort(new Error("Ctrl-C"));
        cap.ui.event(kind, data);
      },
    };
    // A measurement that never ends unless cancelled.
    const stuck = (_file: string, options: ScoreFileOptions) =>
      new Promise<never>((_, reject) => options.signal?.addEventListener("abort", () => reject(options.signal?.reason), { once: true }));
    await sweepWith(configFile, stuck, ui, controller.signal);
    const out = await batchDir(dir);
    expect(events(cap.out()).find((e) => e["kind"] === "summary")?.["scoring"]).toMatchObject({ scored: 0, left: 2 });
    for (const run of ["0001", "0002"]) expect(await stat(path.join(out, "runs", run, "scores.json")).catch(() => undefined)).toBeUndefined();

    const again = captureUi({ json: true });
    expect(await sweepWith(configFile, scoreFile, again.ui, new AbortController().signal, out)).toBe(0);
    const summary = events(again.out()).find((e) => e["kind"] === "summary");
    expect(summary).toMatchObject({ attempted: 0, scoring: { scored: 2, left: 0 } });
    for (const run of ["0001", "0002"]) expect(await stat(path.join(out, "runs", run, "scores.json")).catch(() => undefined)).toBeDefined();
  });
});
