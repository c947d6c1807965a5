/**
 * A server that never ends a reply, trickles it, or lies about its length must not hold a
 * command: each ends with a ServerError (exit 3) naming what happened, and leaves no temp file.
 */
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { batch } from "../../src/commands/batch/execute-batch.js";
import { run, type RunOptions } from "../../src/commands/run/index.js";
import { ComfySocket } from "../../src/core/comfy/socket.js";
import { ServerError } from "../../src/core/errors.js";
import { parseJson } from "../../src/core/json/lossless.js";
import { startSim, type FaultOptions, type Sim } from "../../src/sim/index.js";
import { batchOptions } from "../helpers/batch-reliability.js";
import { tempDir } from "../helpers/tmp.js";
import { captureUi } from "../helpers/ui.js";
import { repoFile } from "../helpers/workflows.js";

const invert = repoFile("test/fixtures/model-free/invert.json");
let sim: Sim | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

const ctx = () => ({ ...captureUi(), signal: new AbortController().signal });

async function listAll(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => e.name);
}

async function runAgainst(faults: FaultOptions, extra: Partial<RunOptions>): Promise<{ error: unknown; outDir: string }> {
  sim = await startSim({ runTime: { fixedMs: 5 }, faults });
  const outDir = await tempDir();
  const options: RunOptions = {
    workflowFile: invert,
    server: { url: sim.url, headers: {} },
    outDir,
    sets: [],
    idleTimeoutSeconds: 60,
    includeTemp: false,
    download: true,
    ...extra,
  };
  const error = await run(options, ctx()).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error, outDir };
}

function expectServerError(error: unknown, message: RegExp): void {
  expect(error).toBeInstanceOf(ServerError);
  expect((error as ServerError).exitCode).toBe(3);
  expect((error as Error).message).toMatch(message);
}

describe("cr-run against a hostile server", { timeout: 30_000 }, () => {
  it("an endless /view body fails the download at --timeout, leaving no file", async () => {
    const { error, outDir } = await runAgainst({ hostileReply: { path: "/view", kind: "endless" } }, { timeoutSeconds: 2 });
    expectServerError(error, /did not finish within 2 s \(--timeout\)/);
    expect(await listAll(outDir)).toEqual([]);
  });

  it("a /view with a 2 GB Content-Length, a short body and the connection held fails at --idle-timeout", async () => {
    const { error, outDir } = await runAgainst({ hostileReply: { path: "/view", kind: "lying-length" } }, { idleTimeoutSeconds: 1 });
    expectServerError(error, /stalled: no data for 1 s \(--idle-timeout\)/);
    expect(await listAll(outDir)).toEqual([]);
  });

  it("/system_stats at 1 byte per second is cut off at --timeout", async () => {
    const { error } = await runAgainst({ hostileReply: { path: "/system_stats", kind: "trickle" } }, { timeoutSeconds: 2 });
    expectServerError(error, /GET .*\/system_stats did not answer within 2 s/);
  });

  it("/system_stats announcing 2 GB is refused at once", async () => {
    const { error } = await runAgainst({ hostileReply: { path: "/system_stats", kind: "lying-length" } }, {});
    expectServerError(error, /\/system_stats sent a reply larger than 8 MB/);
  });

  it("an endless JSON body is cut off at the size cap, not read into memory", async () => {
    const { error } = await runAgainst({ hostileReply: { path: /^\/history\//, kind: "endless" } }, {});
    expectServerError(error, /\/history\/.* sent a reply larger than 8 MB/);
  });
});

describe("a batch against a hostile /view", { timeout: 30_000 }, () => {
  it("records the run as a failed download and leaves no temp file", async () => {
    sim = await startSim({ runTime: { fixedMs: 5 }, faults: { hostileReply: { path: "/view", kind: "lying-length" } } });
    const dir = await tempDir();
    await writeFile(path.join(dir, "invert.json"), await readFile(invert));
    const config = [
      "workflow_file: invert.json",
      "sampling_strategy: grid",
      "parameters:",
      "  width:",
      "    values: [16]",
      "    path: nodes.1.inputs.width",
      "output:",
      "  base_dir: output",
      "comfyui:",
      "  idle_timeout: 1",
    ].join("\n");
    await writeFile(path.join(dir, "sweep.yaml"), config);
    const code = await batch(batchOptions(path.join(dir, "sweep.yaml"), [sim.url]), ctx());
    expect(code).not.toBe(0);
    const batchDir = path.join(dir, "output", (await readdir(path.join(dir, "output"))).find((n) => n.startsWith("batch_"))!);
    const runs = await readdir(path.join(batchDir, "runs"));
    expect(runs).toHaveLength(1);
    const params = parseJson(await readFile(path.join(batchDir, "runs", runs[0]!, "params.json"), "utf8")) as {
      status: string;
      error_kind: string;
      error: string;
    };
    expect(params).toMatchObject({ status: "failed", error_kind: "download" });
    expect(params.error).toMatch(/stalled/);
    expect((await listAll(batchDir)).filter((f) => f.endsWith(".part") || f.endsWith(".png"))).toEqual([]);
  });
});

describe("a websocket that misbehaves", { timeout: 30_000 }, () => {
  async function heldAfterClose(kind: NonNullable<FaultOptions["hostileWebsocket"]>): Promise<{ before: number; after: number }> {
    sim = await startSim({ faults: { hostileWebsocket: kind } });
    const socket = new ComfySocket({ baseUrl: sim.url, clientId: "c1", closeTimeoutMs: 200, handshakeTimeoutMs: 5_000 });
    await socket.start(300);
    const before = sim.heldConnections();
    socket.close();
    // The fault holds its end open forever: only our side cutting the connection frees it.
    const deadline = Date.now() + 10_000;
    while (sim.heldConnections() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    return { before, after: sim.heldConnections() };
  }

  it("a server that never answers the close frame is cut off after the close deadline", async () => {
    expect(await heldAfterClose("ignore-close")).toEqual({ before: 1, after: 0 });
  });

  it.each(["bad-handshake", "silent-handshake"] as const)("%s: no connection is left open", async (kind) => {
    expect((await heldAfterClose(kind)).after).toBe(0);
  });
});
