/**
 * An in-process ComfyUI v0.3.64 look-alike for tests and benchmarks: HTTP + websocket on one
 * 127.0.0.1 port, following docs/comfyui-protocol.md. Nodes do no real work; they take the
 * configured time and write real (generated) files.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, statSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Executor } from "./executor.js";
import { HeldConnections } from "./hostile.js";
import { createHttpServer, type RequestRecord } from "./http.js";
import { loadRealObjectInfo, NodeCatalog, type ModelLists } from "./nodes.js";
import { ffmpegAvailable } from "./outputs/video.js";
import { SimState } from "./state.js";
import type { FaultOptions, JsonObject, Log, RunTime } from "./types.js";
import { WsHub } from "./ws.js";

export type { FaultOptions, JsonObject, RunTime } from "./types.js";
export type { RequestRecord } from "./http.js";
export type { ModelLists } from "./nodes.js";
export { LANDSCAPE, landscapeEffects, landscapeInputsFromPrompt, landscapeQuality, type LandscapeInputs } from "./landscape.js";

export interface SimOptions {
  /** 0 = a free port (default). The server always binds to 127.0.0.1 unless host says otherwise. */
  port?: number;
  host?: string;
  /** Where outputs are written; default a fresh temp dir (removed on stop). */
  outputDir?: string;
  /** Where uploads go; default a fresh temp dir (removed on stop). */
  inputDir?: string;
  /** Node definitions: "real" (default) = ComfyUI v0.3.64's /object_info. */
  objectInfo?: "real" | JsonObject;
  runTime?: RunTime;
  /** Model-file combos: "any" (default) accepts every name; else allowed lists keyed by input or folder name. */
  models?: ModelLists;
  cache?: "classic" | "none";
  /** Encode real mp4/webm/webp/flac with ffmpeg; default: when ffmpeg is on PATH. */
  ffmpeg?: boolean;
  /**
   * Videos get measurable defects that follow the submitted cfg/steps/shift/seed through the
   * synthetic landscape of landscape.ts (a test fixture, not a model of real samplers). Default off.
   */
  landscape?: boolean;
  /** Pad every output file to this size (sparse, streamed) for download benchmarks. */
  outputSizeBytes?: number;
  faults?: FaultOptions;
  log?: ((line: string) => void) | undefined;
}

export interface RestartOptions {
  /** Also delete uploaded inputs (real ComfyUI keeps them). */
  wipeInputs?: boolean;
  /** Keep the port closed this long, so clients see refused connections. */
  downMs?: number;
}

export interface Sim {
  readonly url: string;
  readonly port: number;
  readonly outputDir: string;
  readonly inputDir: string;
  readonly requests: RequestRecord[];
  faults: FaultOptions;
  restart(options?: RestartOptions): Promise<void>;
  dropSockets(): void;
  /** Connections the hostileReply / hostileWebsocket faults still hold open (0 once clients let go). */
  heldConnections(): number;
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
  submittedPrompts(): Array<{ prompt_id: string; prompt: JsonObject; client_id?: string }>;
  busyIntervals(): Array<{ start: number; end: number; prompt_id: string }>;
  /** Every prompt that began executing, in order (a prompt executed twice appears twice). */
  executions(): Array<{ start: number; prompt_id: string }>;
}

/** A bad option (a busy port, a file where a folder should be): cr-sim prints it as one line, exit 2. */
export class SimOptionError extends Error {
  override name = "SimOptionError";
}

function makeDir(given: string | undefined, prefix: string, owned: string[], what: string): string {
  if (given) {
    try {
      mkdirSync(given, { recursive: true });
      if (!statSync(given).isDirectory()) throw Object.assign(new Error("not a folder"), { code: "ENOTDIR" });
      return realpathSync(given);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === "EEXIST" || code === "ENOTDIR" ? "it (or a folder above it) is a file, not a folder" : `${code ?? (error as Error).message}`;
      throw new SimOptionError(`${what} ${given} cannot be used: ${why}.`);
    }
  }
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), prefix)));
  owned.push(dir);
  return dir;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE")
        reject(
          new SimOptionError(
            `Port ${port} on ${host} is already in use (another ComfyUI or cr-sim?); choose another with --port, or --port 0 for any free port.`,
          ),
        );
      else if (error.code === "EACCES") reject(new SimOptionError(`No permission to listen on port ${port} on ${host}; choose a port above 1023.`));
      else reject(error);
    });
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startSim(options: SimOptions = {}): Promise<Sim> {
  const owned: string[] = [];
  const host = options.host ?? "127.0.0.1";
  const removeOwned = (): void => owned.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  let outputDir: string, inputDir: string, tempDir: string;
  try {
    outputDir = makeDir(options.outputDir, "cr-sim-output-", owned, "--output");
    inputDir = makeDir(options.inputDir, "cr-sim-input-", owned, "--input");
    tempDir = makeDir(undefined, "cr-sim-temp-", owned, "temp");
  } catch (error) {
    removeOwned();
    throw error;
  }
  const log: Log = options.log ?? (() => undefined);
  const faults: FaultOptions = options.faults ?? {};
  const objectInfo = options.objectInfo === undefined || options.objectInfo === "real" ? loadRealObjectInfo() : options.objectInfo;
  const catalog = new NodeCatalog(objectInfo, options.models ?? "any", inputDir);
  const state = new SimState(
    {
      outputDir,
      inputDir,
      tempDir,
      runTime: { fixedMs: options.runTime?.fixedMs ?? 30, perStepMs: options.runTime?.perStepMs ?? 10, historyDelayMs: options.runTime?.historyDelayMs },
      cacheMode: options.cache ?? "classic",
      ffmpeg: options.ffmpeg ?? (await ffmpegAvailable()),
      landscape: options.landscape ?? false,
      outputSizeBytes: options.outputSizeBytes,
      log,
    },
    catalog,
    faults,
  );
  const hub = new WsHub({
    queueRemaining: () => state.queueRemaining(),
    currentNodeFor: (sid) => (state.running?.extraData["client_id"] === sid ? state.currentNode : undefined),
    faults: () => state.faults,
  });
  const executor = new Executor(state, hub);
  const requests: RequestRecord[] = [];
  const held = new HeldConnections();
  const server = createHttpServer({ state: () => state, hub: () => hub, executor: () => executor, requests, held });
  const port = await listen(server, options.port ?? 0, host).catch(async (error: unknown) => {
    state.reset();
    await hub.close();
    removeOwned();
    throw error;
  });
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  log(`sim: listening on ${url}`);

  const closeServer = async (): Promise<void> => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  };
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    state.reset();
    held.destroyAll();
    await hub.close();
    if (server.listening) await closeServer();
    removeOwned();
  };

  return {
    url,
    port,
    outputDir,
    inputDir,
    requests,
    get faults() {
      return state.faults;
    },
    set faults(value: FaultOptions) {
      for (const key of Object.keys(state.faults) as Array<keyof FaultOptions>) delete state.faults[key];
      Object.assign(state.faults, value);
    },
    async restart(opts: RestartOptions = {}) {
      state.reset();
      hub.dropAll();
      held.destroyAll();
      if (opts.wipeInputs) {
        rmSync(inputDir, { recursive: true, force: true });
        mkdirSync(inputDir, { recursive: true });
      }
      if (opts.downMs && opts.downMs > 0) {
        await closeServer();
        await new Promise((r) => setTimeout(r, opts.downMs));
        await listen(server, port, host);
      } else {
        server.closeAllConnections();
        // Give clients a moment to see the FINs before they reuse pooled keep-alive sockets.
        await new Promise((r) => setTimeout(r, 20));
      }
      log("sim: restarted");
    },
    dropSockets: () => hub.dropAll(),
    heldConnections: () => held.count,
    stop,
    [Symbol.asyncDispose]: stop,
    submittedPrompts: () => state.submitted.map((s) => ({ ...s })),
    busyIntervals: () => state.busy.map((b) => ({ ...b })),
    executions: () => state.executions.map((e) => ({ ...e })),
  };
}
