import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readBatch } from "../../../src/commands/contact-sheet/read-batch.js";
import { BIG_SEED, HOSTILE_ERROR, HOSTILE_FILE, writeFakeBatch } from "../../helpers/fake-batch.js";

async function fixture(options: { shots?: boolean } = {}) {
  return writeFakeBatch(await mkdtemp(path.join(os.tmpdir(), "cr-read-")), { ...options, media: false });
}

describe("readBatch", () => {
  it("merges plan, progress, metadata.csv and params.json", async () => {
    const batch = await fixture();
    const model = await readBatch(batch.dir);
    expect(model.kind).toBe("batch");
    expect(model.runs).toHaveLength(12);
    expect(model.runs.map((r) => r.status).filter((s) => s === "completed")).toHaveLength(10);
    expect(model.runs[3]).toMatchObject({ status: "failed", error: HOSTILE_ERROR, outputs: [] });
    expect(model.runs[2]).toMatchObject({ status: "completed", error: undefined, attempts: 2 }); // the retry's row wins
    expect(model.runs[11]).toMatchObject({ status: "pending", outputs: [] });
    expect(model.runs[0]?.values["seed"]).toBe(BIG_SEED);
    expect(model.runs[0]?.patches["nodes.57.inputs.noise_seed"]).toBe(BIG_SEED);
    expect(model.runs[0]?.outputs).toEqual([{ file: `runs/0001/video/${HOSTILE_FILE}`, kind: "video" }]);
    expect(model.runs[5]?.outputs[0]?.kind).toBe("image");
    expect(model.params.filter((p) => p.varies).map((p) => p.name)).toEqual(["cfg", "sampler", "seed"]);
    expect(model.workflowFile).toBe("workflow.json");
  });

  it("reads a shots batch: shot names, per-shot folders and prompts", async () => {
    const batch = await fixture({ shots: true });
    const model = await readBatch(batch.dir);
    expect(model.kind).toBe("shots");
    expect(model.runs).toHaveLength(24);
    expect(model.shots.map((s) => s.name)).toEqual(["shot_a", "shot_ü&b"]);
    expect(model.shots[1]?.negative).toBe("blurry & <low> quality");
    expect(model.runs[12]?.outputs[0]?.file).toMatch(/^shot_ü&b\/runs\/0001\//);
  });

  it("falls back to metadata.csv columns without plan.json", async () => {
    const batch = await fixture();
    await rm(path.join(batch.dir, "plan.json"));
    const model = await readBatch(batch.dir);
    expect(model.runs).toHaveLength(11); // the pending run was only in the plan
    expect(model.params.map((p) => p.name)).toEqual(["cfg", "sampler", "steps", "prompt", "seed"]);
    expect(model.runs[0]?.values["cfg"]).toBe(1);
  });

  it("counts a run whose params.json says submitted as not finished, even over an older failed row", async () => {
    const batch = await fixture();
    const submitted = { run_id: 4, status: "submitted", prompt_id: "p-4", server: "http://127.0.0.1:8188", error: null, outputs: [] };
    await writeFile(path.join(batch.dir, "runs", "0004", "params.json"), JSON.stringify(submitted));
    const model = await readBatch(batch.dir);
    expect(model.runs[3]).toMatchObject({ status: "pending", outputs: [] });
  });

  it("ignores output paths that leave the batch folder", async () => {
    const batch = await fixture();
    const params = path.join(batch.dir, "runs", "0002", "params.json");
    await writeFile(params, JSON.stringify({ status: "completed", outputs: [{ file: "../../../../etc/passwd", kind: "image" }] }));
    const model = await readBatch(batch.dir);
    expect(model.runs[1]?.outputs).toEqual([]);
    expect(model.warnings.join("\n")).toContain("outside the batch folder");
  });

  it("names every problem of a broken plan.json", async () => {
    const batch = await fixture();
    await writeFile(path.join(batch.dir, "plan.json"), JSON.stringify({ parameters: "nope", runs: [{}] }));
    await expect(readBatch(batch.dir)).rejects.toMatchObject({ name: "UserError", message: expect.stringContaining("plan.json does not match") });
  });

  it("reads past a corrupt progress.json, taking each run's status from its params.json", async () => {
    const batch = await fixture();
    await writeFile(path.join(batch.dir, "progress.json"), '{"version": 1, "runs": {"1": {"status": "completed"},}}');
    const model = await readBatch(batch.dir);
    expect(model.runs.filter((r) => r.status === "completed")).toHaveLength(10);
    expect(model.runs[3]).toMatchObject({ status: "failed", error: HOSTILE_ERROR });
    expect(model.runs[2]?.attempts).toBe(2);
    expect(model.warnings.join("\n")).toMatch(/progress\.json is not valid JSON.*taken from its params\.json/);
  });
});
