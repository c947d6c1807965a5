/**
 * cr-batch under faults (issue 5, "Reliability tests"), in process against the simulator:
 * server restart, outage, websocket drops, hostile filenames, a full disk, Ctrl-C and
 * same-machine linking. Each test ends with checkBatch(): every run complete once with the
 * plan's values, one CSV row per run, no partial file passing as an output.
 */
import { execFileSync } from "node:child_process";
import type { WriteStream } from "node:fs";
import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { Writable } from "node:stream";
import { afterEach, describe, expect, it, vi } from "vitest";
import { stringifyJson } from "../../src/core/json/lossless.js";
import { startSim, type Sim } from "../../src/sim/index.js";
import {
  checkBatch,
  checkStopped,
  DEMO_MODELS,
  demoWorkspace,
  executionsPerRun,
  listFiles,
  onlyBatch,
  readParams,
  readPlanRuns,
  runInProcess,
  until,
} from "../helpers/batch-reliability.js";
import { tempDir } from "../helpers/tmp.js";

/**
 * The injected disk-full: downloads (temp files under `under`) after the first `allow` get one
 * chunk written, then ENOSPC, like a disk filling mid-file. Everything else writes normally.
 */
const diskFull = vi.hoisted(() => ({ under: "", allow: 0 }));
vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs")>();
  const createWriteStream = ((file: string, options?: Parameters<typeof fs.createWriteStream>[1]): WriteStream => {
    const real = fs.createWriteStream(file, options);
    if (!diskFull.under || !String(file).startsWith(diskFull.under) || !String(file).endsWith(".part") || diskFull.allow-- > 0) return real;
    let chunks = 0;
    const failing = new Writable({
      write(chunk: Buffer, _encoding, done) {
        if (chunks++ === 0) real.write(chunk, done);
        else real.end(() => done(Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", errno: -28, syscall: "write" })));
      },
      final(done) {
        real.end(done);
      },
    });
    return failing as unknown as WriteStream;
  }) as typeof fs.createWriteStream;
  return { ...fs, createWriteStream, default: { ...fs, createWriteStream } };
});

const sims: Sim[] = [];
afterEach(async () => {
  diskFull.under = "";
  await Promise.all(sims.splice(0).map((s) => s.stop()));
});

async function sim(options: Parameters<typeof startSim>[0] = {}): Promise<Sim> {
  const started = await startSim({ models: DEMO_MODELS, ffmpeg: false, runTime: { fixedMs: 40, perStepMs: 0 }, ...options });
  sims.push(started);
  return started;
}

interface QueueReply {
  queue_running: unknown[][];
  queue_pending: unknown[][];
}

describe("cr-batch reliability", () => {
  it("requeues the prompts a server restart loses, and completes every run", async () => {
    const server = await sim();
    const ws = await demoWorkspace();
    const running = runInProcess(ws.config, [server.url]);
    // Restart while one prompt runs and another waits (queue_depth 2).
    await until(() => server.busyIntervals().length >= 2 && server.submittedPrompts().length >= 4, "two runs done, two in flight");
    await server.restart();
    const result = await running;
    expect(result.code, result.err).toBe(0);
    const params = await checkBatch(await onlyBatch(ws.baseDir), { sims: [server] });
    // The lost prompts went out again (more prompts than runs) and no run failed or counted an attempt.
    expect(server.submittedPrompts().length).toBeGreaterThan(8);
    expect(result.out + result.err).toMatch(/will run again/);
    expect([...params.values()].every((p) => p.attempts === 1)).toBe(true);
  });

  it("on resume, takes a submitted run's result from the server's history and submits an unknown one again", async () => {
    const server = await sim();
    const ws = await demoWorkspace();
    const first = await runInProcess(ws.config, [server.url]);
    expect(first.code, first.err).toBe(0);
    const batchDir = await onlyBatch(ws.baseDir);
    // As if killed after POST /prompt: run 1's prompt finished on the server, run 2's never arrived.
    const [one, two] = await readPlanRuns(batchDir);
    if (!one || !two) throw new Error("the demo plan has fewer than 2 runs");
    const finished = await readParams(batchDir, one);
    for (const [run, promptId] of [
      [one, finished.prompt_id],
      [two, "never-sent-0000"],
    ] as const) {
      const dir = path.join(batchDir, "runs", run.name);
      const params = await readParams(batchDir, run);
      await rm(dir, { recursive: true });
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, "params.json"), stringifyJson({ ...params, status: "submitted", prompt_id: promptId, outputs: [], finished_at: null }));
    }
    await rm(path.join(batchDir, "progress.json"));
    const resumed = await runInProcess(ws.config, [server.url]);
    expect(resumed.code, resumed.err).toBe(0);
    const params = await checkBatch(batchDir, { sims: [server] });
    expect(params.get(one.run_id)?.prompt_id).toBe(finished.prompt_id);
    const executions = executionsPerRun([server]);
    expect(executions.get(one.name)).toBe(1);
    expect(executions.get(two.name)).toBe(2);
    expect(server.submittedPrompts()).toHaveLength(9);
  });

  it("waits out a server outage instead of failing the remaining runs", async () => {
    const server = await sim({ runTime: { fixedMs: 80, perStepMs: 0 } });
    const ws = await demoWorkspace();
    const running = runInProcess(ws.config, [server.url]);
    await until(() => server.busyIntervals().length >= 2, "two runs done");
    const outage = server.restart({ downMs: 2_500 });
    // Half-way through the outage nothing may have been recorded as failed.
    await new Promise((r) => setTimeout(r, 1_500));
    const during = await onlyBatch(ws.baseDir);
    const progress = JSON.parse(await readFile(path.join(during, "progress.json"), "utf8")) as { failed: number; completed: number };
    expect(progress.failed).toBe(0);
    expect(progress.completed).toBeLessThan(8);
    await outage;
    const result = await running;
    expect(result.code, result.err).toBe(0);
    await checkBatch(during, { sims: [server] });
  });

  it("completes every run through websocket drops", async () => {
    const server = await sim({ faults: { dropWebsocketAfterMessages: 12 } });
    const ws = await demoWorkspace();
    const running = runInProcess(ws.config, [server.url]);
    // Besides the fault's drop (one-shot), cut the socket each time a run ends on the server,
    // when the next one has just started and its messages are flowing.
    let drops = 0;
    let seen = 0;
    const dropper = setInterval(() => {
      if (server.busyIntervals().length === seen) return;
      seen = server.busyIntervals().length;
      server.dropSockets();
      drops++;
    }, 5);
    const result = await running.finally(() => clearInterval(dropper));
    expect(result.code, result.err).toBe(0);
    expect(drops).toBeGreaterThanOrEqual(4);
    expect(server.faults.dropWebsocketAfterMessages).toBeUndefined(); // the fault fired
    expect(server.requests.filter((r) => r.path.startsWith("/ws")).length).toBeGreaterThan(2); // and we reconnected
    await checkBatch(await onlyBatch(ws.baseDir), { sims: [server] });
  });

  it("keeps hostile output names from the server inside each run folder", async () => {
    const server = await sim({ faults: { hostileFilenames: true } });
    const ws = await demoWorkspace();
    const result = await runInProcess(ws.config, [server.url]);
    const batchDir = await onlyBatch(ws.baseDir);
    expect(result.code, result.err).toBe(0);
    const params = await checkBatch(batchDir, { sims: [server] });
    // The workspace holds exactly the inputs, the batch bookkeeping and files inside run folders.
    const runNames = new Set([...params.values()].map((p) => p.run_name));
    const batchRel = path.relative(ws.dir, batchDir).split(path.sep).join("/");
    for (const file of await listFiles(ws.dir)) {
      const inside = file.startsWith(`${batchRel}/runs/`) && runNames.has(file.slice(batchRel.length + 6).split("/")[0] ?? "");
      const known = [
        "sweep.yaml",
        "txt2img.json",
        ...["config.yaml", "workflow.json", "plan.json", "progress.json", "metadata.csv", "batch.log"].map((f) => `${batchRel}/${f}`),
      ];
      expect(inside || known.includes(file), `unexpected file ${file}`).toBe(true);
    }
    // Every recorded output is a real PNG under its run folder (the traversal names were neutralised).
    for (const p of params.values()) {
      for (const output of p.outputs) {
        expect(output.file).not.toMatch(/(^|\/)\.\.(\/|$)|^\//);
        const bytes = await readFile(path.join(batchDir, "runs", p.run_name, output.file));
        expect(bytes.subarray(1, 4).toString()).toBe("PNG");
      }
    }
  });

  it("stops on Ctrl-C with exit 130, removes our queued prompts and prints the resume command", async () => {
    const server = await sim({ runTime: { fixedMs: 250, perStepMs: 0 } });
    const ws = await demoWorkspace({ comfyui: { queue_depth: 3 } });
    const controller = new AbortController();
    const running = runInProcess(ws.config, [server.url], {}, controller.signal);
    // Checked on every turn of the event loop, so the abort lands just after the simulator
    // queued the 4th prompt and before its reply reaches the client: the id we must still cancel.
    await new Promise<void>((resolve) => {
      const check = (): void => {
        if (server.busyIntervals().length >= 1 && server.submittedPrompts().length >= 4) resolve();
        else setImmediate(check);
      };
      check();
    });
    controller.abort();
    const result = await running;
    expect(result.code).toBe(130);
    const queue = (await (await fetch(`${server.url}/queue`)).json()) as QueueReply;
    expect(queue.queue_pending).toEqual([]);
    // The running prompt was interrupted, so it is gone from the running slot (or about to be).
    await until(
      async () => ((await (await fetch(`${server.url}/queue`)).json()) as QueueReply).queue_running.length === 0,
      "the running prompt interrupted",
      5_000,
    );
    const batchDir = await onlyBatch(ws.baseDir);
    const command = /resume with: (cr-batch .* --resume (\S+))/.exec(result.out + result.err);
    expect(command?.[1]).toBeDefined();
    expect(path.resolve(command?.[2] ?? "")).toBe(batchDir);
    const progress = JSON.parse(await readFile(path.join(batchDir, "progress.json"), "utf8")) as { completed: number; failed: number };
    expect(progress.failed).toBe(0);
    expect(progress.completed).toBeLessThan(8);

    // The printed command finishes the batch.
    server.faults = {};
    const resumed = await runInProcess(ws.config, [server.url], { resumeDir: command?.[2] ?? "" });
    expect(resumed.code, resumed.err).toBe(0);
    await checkBatch(batchDir, { sims: [server] });
  });

  it("same-machine mode hard-links outputs, and deletes ComfyUI's copy once ours is verified", async () => {
    const comfyOut = await tempDir("cr-comfy-out-");
    const server = await sim({ outputDir: comfyOut });
    const linked = await demoWorkspace({ samples: 2, comfyui: { output_dir: comfyOut } });
    expect((await runInProcess(linked.config, [server.url])).code).toBe(0);
    const linkedBatch = await onlyBatch(linked.baseDir);
    const linkedParams = await checkBatch(linkedBatch, { sims: [server] });
    for (const p of linkedParams.values()) {
      const ours = await stat(path.join(linkedBatch, "runs", p.run_name, p.outputs[0]?.file ?? ""));
      const theirs = await stat(path.join(comfyOut, await serverFolder(comfyOut, linkedBatch), p.run_name, p.outputs[0]?.file ?? ""));
      expect(ours.ino).toBe(theirs.ino); // one file, two names: a hard link, not a copy
      expect(ours.nlink).toBe(2);
    }

    // A second server keeps the delete case apart from the linked files checked above.
    const movedOut = await tempDir("cr-comfy-out-");
    const other = await sim({ outputDir: movedOut });
    const moved = await demoWorkspace({ samples: 2, comfyui: { output_dir: movedOut, delete_from_comfyui: true } });
    expect((await runInProcess(moved.config, [other.url])).code).toBe(0);
    const movedBatch = await onlyBatch(moved.baseDir);
    const movedParams = await checkBatch(movedBatch, { sims: [other] });
    for (const p of movedParams.values()) {
      const file = p.outputs[0]?.file ?? "";
      expect((await stat(path.join(movedBatch, "runs", p.run_name, file))).nlink).toBe(1);
      await expect(stat(path.join(movedOut, await serverFolder(movedOut, movedBatch), p.run_name, file))).rejects.toMatchObject({ code: "ENOENT" });
    }
    // Nothing was fetched over HTTP in either mode.
    expect([...server.requests, ...other.requests].filter((r) => r.path.startsWith("/view"))).toEqual([]);
  });

  it("stops cleanly when a download hits ENOSPC, marks nothing half-written complete, and resumes", async () => {
    const server = await sim({ outputSizeBytes: 256 * 1024 });
    const ws = await demoWorkspace();
    Object.assign(diskFull, { under: ws.baseDir, allow: 3 });
    const full = await runInProcess(ws.config, [server.url]);
    expect(full.code).toBe(1);
    expect(full.out + full.err).toMatch(/disk is full while saving \S+: ENOSPC/);
    expect(full.out + full.err).toMatch(/Free some space, then resume: cr-batch/);
    const batchDir = await onlyBatch(ws.baseDir);
    const recorded = await checkStopped(batchDir);
    expect(recorded).toBeGreaterThanOrEqual(3);
    expect(recorded).toBeLessThan(8);

    diskFull.under = "";
    const resumed = await runInProcess(ws.config, [server.url]);
    expect(resumed.code, resumed.err).toBe(0);
    await checkBatch(batchDir, { sims: [server], outputBytes: 256 * 1024 });
  });

  // A real full disk also hits params.json, metadata.csv and progress.json, not only downloads.
  // Needs root (mount); skipped elsewhere, where the injected failure above still runs.
  it("stops cleanly on a real 1 MB filesystem, and resumes once it is bigger", async (ctx) => {
    const mountPoint = await tempDir("cr-tiny-fs-");
    const mount = (...args: string[]): boolean => {
      try {
        execFileSync("mount", args, { stdio: "ignore" });
        return true;
      } catch {
        return false;
      }
    };
    if (process.getuid?.() !== 0 || !mount("-t", "tmpfs", "-o", "size=1m", "tmpfs", mountPoint)) return ctx.skip("cannot mount a tmpfs here (needs root)");
    try {
      const server = await sim({ outputSizeBytes: 150_000 });
      const ws = await demoWorkspace({ baseDir: mountPoint });
      const full = await runInProcess(ws.config, [server.url]);
      expect(full.code, full.err).toBe(1);
      expect(full.out + full.err).toMatch(/disk is full/i);
      const batchDir = await onlyBatch(ws.baseDir);
      expect(await checkStopped(batchDir)).toBeLessThan(8);

      expect(mount("-o", "remount,size=16m", mountPoint)).toBe(true);
      const resumed = await runInProcess(ws.config, [server.url]);
      expect(resumed.code, resumed.err).toBe(0);
      await checkBatch(batchDir, { sims: [server], outputBytes: 150_000 });
    } finally {
      execFileSync("umount", ["-l", mountPoint]);
    }
  });
});

/** The batch's namespace folder in ComfyUI's output: its name plus a hash of its path. */
async function serverFolder(comfyOut: string, batchDir: string): Promise<string> {
  const { readdir } = await import("node:fs/promises");
  const found = (await readdir(comfyOut)).filter((n) => n.startsWith(`${path.basename(batchDir)}_`));
  expect(found).toHaveLength(1);
  return found[0] ?? "";
}
