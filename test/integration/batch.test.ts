import { cp, readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { dryRun } from "../../src/commands/batch/dry-run.js";
import { batch, type BatchOptions } from "../../src/commands/batch/execute-batch.js";
import { ComfyClient } from "../../src/core/comfy/client.js";
import { parseJson } from "../../src/core/json/lossless.js";
import { startSim, type Sim } from "../../src/sim/index.js";
import { tempDir } from "../helpers/tmp.js";
import { captureUi } from "../helpers/ui.js";
import { repoFile } from "../helpers/workflows.js";
import { demoConfig, demoOptions } from "../helpers/demo-batch.js";

let sim: Sim | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

function options(config: string, extra: Partial<BatchOptions> = {}): BatchOptions {
  return demoOptions(sim!.url, config, extra);
}

async function onlyBatch(dir: string): Promise<string> {
  const batches = (await readdir(path.join(dir, "output"))).filter((n) => n.startsWith("batch_"));
  expect(batches).toHaveLength(1);
  return path.join(dir, "output", batches[0]!);
}

function csvRows(text: string): string[][] {
  return text
    .trim()
    .split("\n")
    .map((l) => l.split(","));
}

describe("cr-batch against the simulator", () => {
  it("runs every planned run, records it, and resumes to nothing left", async () => {
    sim = await startSim({ runTime: { fixedMs: 5 }, models: { ckpt_name: ["sd15-demo.safetensors"] } });
    const { dir, config } = await demoConfig();
    const code = await batch(options(config), { ...captureUi(), signal: new AbortController().signal });
    expect(code).toBe(0);
    const batchDir = await onlyBatch(dir);
    const plan = parseJson(await readFile(path.join(batchDir, "plan.json"), "utf8")) as { runs: { name: string; values: Record<string, unknown> }[] };
    expect(plan.runs).toHaveLength(8);
    for (const run of plan.runs) {
      const params = parseJson(await readFile(path.join(batchDir, "runs", run.name, "params.json"), "utf8")) as Record<string, unknown>;
      expect(params["status"]).toBe("completed");
      expect(params["values"]).toEqual(run.values);
      const outputs = params["outputs"] as { file: string }[];
      expect(outputs).toHaveLength(1);
      expect((await readFile(path.join(batchDir, "runs", run.name, outputs[0]!.file))).subarray(1, 4).toString()).toBe("PNG");
    }
    const rows = csvRows(await readFile(path.join(batchDir, "metadata.csv"), "utf8"));
    expect(rows[0]!.slice(0, 2)).toEqual(["run_id", "run_name"]);
    expect(rows[0]).toContain("cfg");
    expect(rows).toHaveLength(9);
    const progress = JSON.parse(await readFile(path.join(batchDir, "progress.json"), "utf8")) as { completed: number; total: number };
    expect(progress).toMatchObject({ completed: 8, total: 8 });
    // Every prompt went out with its own namespace, so no two runs share a file on the server.
    const prefixes = sim.submittedPrompts().map((p) => (p.prompt["9"] as { inputs: { filename_prefix: string } }).inputs.filename_prefix);
    expect(new Set(prefixes).size).toBe(8);

    // Same config again: the finished batch is not resumed, so a new one starts only with --new.
    const again = captureUi();
    const code2 = await batch(options(config, { resumeDir: batchDir }), { ...again, signal: new AbortController().signal });
    expect(code2).toBe(0);
    expect(again.out()).toMatch(/0 run\(s\) to do, 8 already done/);
    expect(csvRows(await readFile(path.join(batchDir, "metadata.csv"), "utf8"))).toHaveLength(9);

    // The dry run now estimates time and disk from these runs.
    const preview = captureUi();
    await dryRun({ configFile: config }, { ui: preview.ui });
    expect(preview.out()).toMatch(/Time +about .*\n.*Disk +about [\d.]+ KB .*free there/);
    expect(preview.out()).toMatch(/medians of 8 completed run\(s\) in 1 earlier batch/);
  });

  it("records an execution error as a failed run and goes on", async () => {
    sim = await startSim({ runTime: { fixedMs: 5 }, models: { ckpt_name: ["sd15-demo.safetensors"] } });
    const { dir, config } = await demoConfig();
    sim.faults = { failNode: { classType: "VAEDecode", message: "boom" } };
    const code = await batch(options(config), { ...captureUi(), signal: new AbortController().signal });
    expect(code).toBe(1);
    const batchDir = await onlyBatch(dir);
    const progress = JSON.parse(await readFile(path.join(batchDir, "progress.json"), "utf8")) as { failed: number; runs: Record<string, { error: string }> };
    expect(progress.failed).toBe(8);
    expect(Object.values(progress.runs)[0]!.error).toMatch(/VAEDecode.*boom/);
    sim.faults = {};
    const retry = captureUi();
    const code2 = await batch(options(config, { retryFailed: true }), { ...retry, signal: new AbortController().signal });
    expect(code2).toBe(0);
    expect(retry.out()).toMatch(/Resuming the unfinished batch/);
    const after = JSON.parse(await readFile(path.join(batchDir, "progress.json"), "utf8")) as { completed: number; failed: number };
    expect(after).toMatchObject({ completed: 8, failed: 0 });
    expect(csvRows(await readFile(path.join(batchDir, "metadata.csv"), "utf8"))).toHaveLength(9);
  });

  it("records a fully cached execution correctly (output namespaces off)", async () => {
    sim = await startSim({ runTime: { fixedMs: 5 }, models: { ckpt_name: ["sd15-demo.safetensors"] } });
    const dir = await tempDir();
    await cp(repoFile("workflows/demo/txt2img.json"), path.join(dir, "txt2img.json"));
    // Nothing varies and no seed is drawn: the second run is the same prompt, served from the cache.
    const config = path.join(dir, "cached.yaml");
    await (await import("node:fs/promises")).writeFile(
      config,
      "workflow_file: txt2img.json\nseeds_per_sample: 2\nparameters: {}\noutput:\n  base_dir: output\n  namespace_outputs: false\n",
    );
    expect(await batch({ ...options(config), allowDuplicates: true }, { ...captureUi(), signal: new AbortController().signal })).toBe(0);
    const batchDir = await onlyBatch(dir);
    const records = await Promise.all(
      ["0001", "0002"].map(
        async (name) =>
          parseJson(await readFile(path.join(batchDir, "runs", name, "params.json"), "utf8")) as {
            status: string;
            cached: boolean;
            outputs: { file: string; bytes: number }[];
          },
      ),
    );
    // Both are queued at once, so either may reach the server first; the other is the cached one.
    expect(records.map((r) => [r.status, r.cached]).sort()).toEqual([
      ["completed", false],
      ["completed", true],
    ]);
    expect(records[1]!.outputs[0]!.file).toBe(records[0]!.outputs[0]!.file);
    expect(records[1]!.outputs[0]!.bytes).toBeGreaterThan(0);
  });

  it("counts comfyui.timeout from the start of execution, not from the time queued", async () => {
    sim = await startSim({ runTime: { fixedMs: 600 }, models: { ckpt_name: ["sd15-demo.safetensors"] } });
    const dir = await tempDir();
    await cp(repoFile("workflows/demo/txt2img.json"), path.join(dir, "txt2img.json"));
    const config = path.join(dir, "t.yaml");
    // Each run takes ~0.6 s but waits ~0.6 s in the queue behind the previous one (queue_depth 2).
    await (await import("node:fs/promises")).writeFile(
      config,
      "workflow_file: txt2img.json\nnum_samples: 4\nparameters:\n  seed: {type: random_seed, path: nodes.3.inputs.seed}\noutput: {base_dir: output}\ncomfyui: {timeout: 1, queue_depth: 2}\n",
    );
    expect(await batch(options(config), { ...captureUi(), signal: new AbortController().signal })).toBe(0);

    // A run that really takes longer than the timeout is failed and taken off the server
    // (noticed at the next poll, every 2 s while the websocket is up).
    await sim.stop();
    sim = await startSim({ runTime: { fixedMs: 3000 }, models: { ckpt_name: ["sd15-demo.safetensors"] } });
    const slow = path.join(dir, "slow.yaml");
    await (await import("node:fs/promises")).writeFile(
      slow,
      "workflow_file: txt2img.json\nnum_samples: 1\nparameters:\n  seed: {type: random_seed, path: nodes.3.inputs.seed}\noutput: {base_dir: slow}\ncomfyui: {timeout: 0.2}\n",
    );
    const c = captureUi();
    expect(await batch(options(slow), { ...c, signal: new AbortController().signal })).toBe(1);
    expect(c.out()).toMatch(/1 × timeout: Prompt .* did not finish within 0\.2 s/);
    // It was interrupted on the server (the flag takes effect at the next node boundary).
    const client = new ComfyClient({ url: sim.url, headers: {} });
    const until = Date.now() + 10_000;
    while ((await client.queue()).running.length > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    const [prompt] = sim.submittedPrompts();
    const entry = await client.history(prompt!.prompt_id);
    expect(entry?.status?.messages.at(-1)?.[0]).toBe("execution_interrupted");
    await client.close();
  });
});
