import { readFile, readdir, stat } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ComfyClient, PromptRejectedError } from "../../src/core/comfy/client.js";
import { PromptLostError } from "../../src/core/comfy/wait.js";
import { RunFailedError, ServerError, UserError } from "../../src/core/errors.js";
import { run, type RunOptions } from "../../src/commands/run/index.js";
import { startSim, type Sim } from "../../src/sim/index.js";
import { captureUi } from "../helpers/ui.js";
import { tempDir } from "../helpers/tmp.js";
import { repoFile } from "../helpers/workflows.js";

const shared = (name: string): string => repoFile(`test/fixtures/model-free/${name}`);
let sim: Sim | undefined;

afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

async function options(workflowFile: string, extra: Partial<RunOptions> = {}): Promise<RunOptions> {
  return {
    workflowFile,
    server: { url: sim!.url, headers: {} },
    outDir: await tempDir(),
    sets: [],
    idleTimeoutSeconds: 60,
    includeTemp: false,
    download: true,
    ...extra,
  };
}

const ctx = (signal = new AbortController().signal) => ({ ...captureUi(), signal });

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

describe("cr-run against the simulator", () => {
  it("runs a workflow and downloads a real PNG under <out>/<prompt_id>/", async () => {
    sim = await startSim();
    const opts = await options(shared("invert.json"));
    const c = ctx();
    const result = await run(opts, c);
    expect(result.status).toBe("success");
    expect(result.files).toHaveLength(1);
    const file = result.files[0]!;
    expect(file.path.startsWith(path.join(path.resolve(opts.outDir), result.promptId))).toBe(true);
    expect(path.basename(file.path)).toBe("invert_00001_.png");
    const bytes = await readFile(file.path);
    expect(bytes.subarray(1, 4).toString("ascii")).toBe("PNG");
    expect(bytes.length).toBe(file.bytes);
    expect(c.out()).toMatch(/invert_00001_\.png/);
  });

  it("renders a 400 node by node, naming the node, class and input", async () => {
    sim = await startSim();
    const error = await run(await options(shared("error-validation-width-abc.json")), ctx()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PromptRejectedError);
    expect(error).toBeInstanceOf(UserError);
    const text = `${(error as Error).message}\n${(error as UserError).issues.join("\n")}`;
    expect(text).toMatch(/node 1 EmptyImage/);
    expect(text).toMatch(/width/);
    expect(text).toMatch(/abc/);
  });

  it("warns when ComfyUI drops an output that failed validation", async () => {
    sim = await startSim();
    const dir = await tempDir();
    const wf = {
      "1": { class_type: "EmptyImage", inputs: { width: 8, height: 8, batch_size: 1, color: 0 } },
      "2": { class_type: "SaveImage", inputs: { images: ["1", 0], filename_prefix: "ok" } },
      "3": { class_type: "EmptyImage", inputs: { width: "abc", height: 8, batch_size: 1, color: 0 } },
      "4": { class_type: "SaveImage", inputs: { images: ["3", 0], filename_prefix: "bad" } },
    };
    const file = path.join(dir, "partial.json");
    await (await import("node:fs/promises")).writeFile(file, JSON.stringify(wf));
    const c = ctx();
    const result = await run(await options(file), c);
    expect(result.files).toHaveLength(1);
    expect(c.out()).toMatch(/dropped output node\(s\) 4/);
  });

  it("reports an execution error with node, class and exception", async () => {
    sim = await startSim({ faults: { failNode: { classType: "ImageInvert", exceptionType: "RuntimeError", message: "CUDA out of memory" } } });
    const error = await run(await options(shared("invert.json")), ctx()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunFailedError);
    expect((error as Error).message).toMatch(/node 2 ImageInvert/);
    expect((error as Error).message).toMatch(/RuntimeError: CUDA out of memory/);
  });

  it("reports an interrupt from elsewhere as a failed run", async () => {
    sim = await startSim({ runTime: { perStepMs: 100 } });
    const opts = await options(repoFile("workflows/demo/txt2img.json"));
    const pending = run(opts, ctx());
    await waitFor(async () => (await new ComfyClient({ url: sim!.url, headers: {} }).queue()).running.length === 1);
    await fetch(`${sim.url}/interrupt`, { method: "POST", body: "{}" });
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunFailedError);
    expect((error as Error).message).toMatch(/interrupted/);
  });

  it("handles a cached re-run: same files, and says so", async () => {
    sim = await startSim();
    const first = await run(await options(shared("invert.json")), ctx());
    const c = ctx();
    const second = await run(await options(shared("invert.json")), c);
    expect(path.basename(second.files[0]!.path)).toBe(path.basename(first.files[0]!.path));
    expect(c.out()).toMatch(/cache/);
  });

  it("survives a websocket drop mid-run", async () => {
    sim = await startSim({ runTime: { perStepMs: 40 } });
    const pending = run(await options(repoFile("workflows/demo/txt2img.json")), ctx());
    await waitFor(async () => (await new ComfyClient({ url: sim!.url, headers: {} }).queue()).running.length === 1);
    sim.dropSockets();
    const result = await pending;
    expect(result.status).toBe("success");
    expect(result.files).toHaveLength(1);
  });

  it("detects a prompt lost in a server restart within seconds", async () => {
    sim = await startSim({ runTime: { perStepMs: 500 } });
    const pending = run(await options(repoFile("workflows/demo/txt2img.json")), ctx());
    await waitFor(async () => (await new ComfyClient({ url: sim!.url, headers: {} }).queue()).running.length === 1);
    const restartedAt = Date.now();
    await sim.restart();
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PromptLostError);
    expect(Date.now() - restartedAt).toBeLessThan(15_000);
  });

  it("keeps hostile server filenames inside the output folder", async () => {
    sim = await startSim({ faults: { hostileFilenames: true } });
    const opts = await options(shared("invert.json"));
    const result = await run(opts, ctx());
    const root = path.resolve(opts.outDir);
    expect(result.files.length).toBeGreaterThan(0);
    for (const f of result.files) expect(f.path.startsWith(`${root}${path.sep}`)).toBe(true);
    const everything = await listFiles(root);
    expect(everything.every((f) => !f.startsWith(".."))).toBe(true);
  });

  it("retries a truncated download and never leaves a partial file under the final name", async () => {
    sim = await startSim({ faults: { truncateDownloads: { bytes: 10, count: 1 } } });
    const result = await run(await options(shared("invert.json")), ctx());
    const info = await stat(result.files[0]!.path);
    expect(info.size).toBe(result.files[0]!.bytes);
    expect(info.size).toBeGreaterThan(10);

    await sim.stop();
    sim = await startSim({ faults: { truncateDownloads: 10 } });
    const opts = await options(shared("invert.json"));
    const error = await run(opts, ctx()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    const left = await listFiles(path.resolve(opts.outDir));
    expect(left.filter((f) => f.endsWith(".png"))).toEqual([]);
  });

  it("Ctrl-C removes only our prompt", async () => {
    sim = await startSim({ runTime: { perStepMs: 200 } });
    const other = new ComfyClient({ url: sim.url, headers: {} });
    const wf = JSON.parse(await readFile(repoFile("workflows/demo/txt2img.json"), "utf8")) as Record<string, never>;
    const theirs = await other.submit(wf);
    const controller = new AbortController();
    const pending = run(await options(repoFile("workflows/demo/txt2img.json")), ctx(controller.signal));
    await waitFor(async () => (await other.queue()).pending.length === 1);
    const ours = (await other.queue()).pending[0]!;
    expect(ours).not.toBe(theirs.promptId);
    controller.abort();
    await expect(pending).rejects.toThrow(/Cancelled/);
    const queue = await other.queue();
    expect(queue.pending).not.toContain(ours);
    expect([...queue.running, ...queue.pending]).toContain(theirs.promptId);
    await other.close();
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error("condition not met in time");
}
