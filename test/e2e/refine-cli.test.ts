/** cr-refine as a user runs it: the built binary on a finished, scored batch (needs `npm run build`). */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BatchReader, batchPaths, writeScores } from "../../src/core/store/index.js";
import { startSim, type Sim } from "../../src/sim/index.js";
import { DEMO_MODELS, demoWorkspace, onlyBatch, runInProcess } from "../helpers/batch-reliability.js";
import { runBin, type BinResult } from "../helpers/bin.js";
import { imageScores } from "../helpers/fake-scores.js";
import { writeFakeBatch } from "../helpers/fake-batch.js";
import { tempDir } from "../helpers/tmp.js";

function expectOneClearError(result: BinResult, message: RegExp): void {
  expect(result.code).toBe(2);
  expect(result.stderr.split("\n")[0]).toMatch(message);
  expect(result.stderr).not.toMatch(/\n\s+at |Internal error/);
}

describe("cr-refine (built)", () => {
  let sim: Sim;
  beforeAll(async () => {
    sim = await startSim({ models: DEMO_MODELS, runTime: { fixedMs: 1, perStepMs: 0 } });
  });
  afterAll(async () => {
    await sim?.stop();
  });

  /** The demo sweep run on the simulator (8 points × 2 seeds), scored: blur grows away from cfg 6. */
  async function scoredBatch(): Promise<{ dir: string; batch: string }> {
    const ws = await demoWorkspace({ seedsPerSample: 2 });
    const outcome = await runInProcess(ws.config, [sim.url]);
    expect(outcome.code, outcome.err).toBe(0);
    const batch = await onlyBatch(ws.baseDir);
    const plan = (await new BatchReader(batch).plan()).value!;
    for (const run of plan.runs) {
      const blur = Math.abs(Number(run.values["cfg"]) - 6) + 0.01 * (run.run_id % 2);
      await writeScores(batchPaths(batch), { name: run.name }, imageScores(blur));
    }
    return { dir: ws.dir, batch };
  }

  it("writes a tpe config that cr-batch --dry-run accepts, and never replaces it without --force", async () => {
    const { dir, batch } = await scoredBatch();
    const out = path.join(dir, "next.yaml");
    const args = [batch, "-o", out, "--target", "score:-blur", "--strategy", "tpe", "--runs", "4"];
    const written = await runBin("cr-refine", args, { cwd: dir });
    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout).toMatch(/Wrote .*next\.yaml \(tpe, seed \d+\)/);
    const text = await readFile(out, "utf8");
    expect(text).toMatch(/# Demo sweep for the simulator/);
    expect(text).toMatch(/# cr-refine: /);
    expect(text).toMatch(/sampling_strategy: tpe/);
    const dry = await runBin("cr-batch", [out, "--dry-run"], { cwd: dir });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/most promising first: TPE on score:-blur from 8 design point/);
    expectOneClearError(await runBin("cr-refine", args, { cwd: dir }), /next\.yaml already exists/);
    expect(await readFile(out, "utf8")).toBe(text);
  }, 120_000);

  it("exits 2 with a clear line for a batch whose config copy is not a config", async () => {
    const fake = await writeFakeBatch(await tempDir("cr-refine-e2e-"), { media: false });
    const runs = fake.runs.filter((r) => r.status === "completed");
    for (const run of runs) await writeScores(batchPaths(fake.dir), { name: run.name }, imageScores(Number(run.values["cfg"])));
    await writeFile(path.join(fake.dir, "config.yaml"), "sampling_strategy: sobol\n");
    const result = await runBin("cr-refine", [fake.dir, "-o", path.join(fake.dir, "..", "n.yaml"), "--target", "score:-blur"]);
    expectOneClearError(result, /config\.yaml/);
  });
});
