/**
 * cr-run: submit one workflow, follow it live, download every output.
 */
import { randomUUID } from "node:crypto";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Ui } from "../../ui/ui.js";
import { signalOf, type CommandContext } from "../context.js";
import { oneLine } from "../../ui/sanitize.js";
import { ComfyClient } from "../../core/comfy/client.js";
import { downloadOutput, type DownloadedFile } from "../../core/comfy/download.js";
import { requireServerFile } from "../../core/comfy/input-files.js";
import type { NodeDefs } from "../../core/comfy/object-info.js";
import { renderExecutionError } from "../../core/comfy/render-errors.js";
import type { ServerTarget } from "../../core/comfy/server.js";
import { ComfySocket } from "../../core/comfy/socket.js";
import { isFullyCached, promptEventOf, waitForPrompt, type PromptEvent, type PromptOutcome } from "../../core/comfy/wait.js";
import { InterruptedError, RunFailedError } from "../../core/errors.js";
import { ensureWritableFolder } from "../../core/fs/writable-folder.js";
import { formatDuration } from "../../core/time.js";
import { formatBytes } from "../../ui/format.js";
import { loadWorkflowFile } from "../../core/workflow/load.js";
import type { Workflow } from "../../core/workflow/model.js";
import { formatPath } from "../../core/workflow/paths.js";
import { applyOverrides, parseOverride, parseOverrideTarget } from "../../core/workflow/set-value.js";

export interface RunOptions {
  readonly workflowFile: string;
  readonly server: ServerTarget;
  readonly outDir: string;
  readonly sets: readonly string[];
  readonly timeoutSeconds?: number;
  readonly idleTimeoutSeconds: number;
  readonly includeTemp: boolean;
  readonly download: boolean;
}

export interface RunResult {
  readonly promptId: string;
  readonly status: PromptOutcome["status"];
  readonly files: DownloadedFile[];
  readonly outDir: string;
}

export async function run(options: RunOptions, ctx: CommandContext): Promise<RunResult> {
  const { ui } = ctx;
  const signal = signalOf(ctx);
  const workflow = await loadWorkflowFile(options.workflowFile);
  // Before the server spends a GPU run: a bad --out would only be found at download time.
  const outCheck = { what: "--out", create: false };
  if (options.download) await ensureWritableFolder(options.outDir, outCheck);
  // A malformed --set is found before connecting; the server's node definitions refine it below.
  for (const text of options.sets) parseOverrideTarget(workflow, text);
  // --timeout also bounds every single request, so a server that trickles cannot outlast it.
  const requestTimeoutMs = Math.min(60_000, (options.timeoutSeconds ?? Infinity) * 1000);
  const client = new ComfyClient(options.server, { retryForMs: 30_000, requestTimeoutMs });
  const socket = new ComfySocket({ baseUrl: options.server.url, clientId: client.clientId, headers: { ...options.server.headers } });
  let failedReported = false;
  try {
    const stats = await client.systemStats(signal, 4_000);
    ui.info(`Connected to ComfyUI ${oneLine(stats.system.comfyui_version ?? "(unknown version)")} at ${options.server.url}`);
    if (options.sets.length > 0) {
      const defs: NodeDefs | undefined = await client.objectInfo(signal).catch(() => undefined);
      const overrides = options.sets.map((s) => parseOverride(workflow, s, defs));
      for (const o of overrides) if (o.serverFile) await requireServerFile(client.http, o.serverFile, formatPath(o.path), signal);
      applyOverrides(workflow, overrides);
    }
    if (options.download) await ensureWritableFolder(options.outDir, { ...outCheck, create: true });
    await socket.start(2_000);
    // A quick server runs the first nodes before POST /prompt has answered: keep what it says from the start.
    const early = earlyEvents(socket, randomUUID());
    const submitted = await client.submit(workflow, { signal, promptId: early.promptId });
    for (const warning of submitted.warnings) ui.warn(warning);
    ui.event("queued", { prompt_id: submitted.promptId, number: submitted.number, server: options.server.url });
    const outcome = await waitWithCancel(client, submitted.promptId, options, ctx, socket, workflow, early);

    if (outcome.status !== "success") {
      ui.event("failed", { prompt_id: outcome.promptId, status: outcome.status, ...outcome.error });
      failedReported = true;
    }
    if (outcome.status === "interrupted") {
      throw new RunFailedError(`The run was interrupted on the server (prompt ${outcome.promptId}).`);
    }
    if (outcome.status === "error") {
      const text = outcome.error ? renderExecutionError(outcome.error, workflow) : "failed";
      throw new RunFailedError(`The run ${text}`, { hint: `Prompt ${outcome.promptId}; see the ComfyUI console for the traceback.` });
    }
    if (outcome.socketImagesIncomplete) ui.warn("The websocket was down during the run: images sent over it (SaveImageWebsocket) may be missing.");
    if (outcome.outputs.length > 0 && isFullyCached(outcome, workflow))
      ui.warn("ComfyUI served every node from its cache: the files listed are the ones an identical earlier run produced.");
    const outDir = path.resolve(options.outDir, outcome.promptId);
    const files = options.download ? await downloadAll(client, outcome, outDir, ui, signal, options) : [];
    ui.event("completed", {
      prompt_id: outcome.promptId,
      outputs: outcome.outputs.map((o) => ({ node_id: o.nodeId, filename: o.filename, subfolder: o.subfolder, type: o.type })),
      files: files.map((f) => ({ path: f.path, bytes: f.bytes })),
    });
    if (outcome.outputs.length === 0) ui.warn("The run succeeded but produced no output files (check that the workflow has a Save node).");
    return { promptId: outcome.promptId, status: outcome.status, files, outDir };
  } catch (error) {
    // --json consumers get one terminal event whatever went wrong (rejected, lost, unreachable…).
    if (!failedReported) {
      ui.event("failed", { error: error instanceof Error ? error.message : String(error), error_class: error instanceof Error ? error.name : "unknown" });
    }
    throw error;
  } finally {
    socket.close();
    await client.close();
  }
}

/** The prompt's events from the moment it is submitted until waitForPrompt listens itself. */
function earlyEvents(socket: ComfySocket, promptId: string): { promptId: string; take: () => PromptEvent[] } {
  const events: PromptEvent[] = [];
  const unsubscribe = socket.onMessage((message) => {
    const event = message.data["prompt_id"] === promptId ? promptEventOf(message) : undefined;
    if (event) events.push(event);
  });
  return {
    promptId,
    take: () => {
      unsubscribe();
      return events;
    },
  };
}

async function waitWithCancel(
  client: ComfyClient,
  promptId: string,
  options: RunOptions,
  ctx: CommandContext,
  socket: ComfySocket,
  workflow: Workflow,
  early: { take: () => PromptEvent[] },
): Promise<PromptOutcome> {
  const status = await ctx.ui.status(`Submitted prompt ${promptId}`);
  const { LiveView } = await import("./live-view.js");
  const view = new LiveView(ctx.ui, status, workflow, promptId);
  const started = Date.now();
  try {
    // Handing over in one synchronous step: waitForPrompt subscribes before any other message is read.
    for (const event of early.take()) view.handle(event);
    const outcome = await waitForPrompt(client, promptId, {
      socket,
      signal: signalOf(ctx),
      idleTimeoutMs: options.idleTimeoutSeconds * 1000,
      ...(options.timeoutSeconds ? { timeoutMs: options.timeoutSeconds * 1000 } : {}),
      includeTemp: options.includeTemp,
      onEvent: (e) => view.handle(e),
    });
    view.stop();
    status.done(`${outcome.status === "success" ? "Finished" : "Ended"} in ${formatDuration(Date.now() - started)} (prompt ${promptId})`);
    return outcome;
  } catch (error) {
    view.stop();
    status.done();
    if (signalOf(ctx).aborted) {
      // Our prompt only: a fresh signal, since ours is already aborted.
      await client.cancel([promptId], AbortSignal.timeout(10_000)).catch(() => undefined);
      throw new InterruptedError(`Cancelled: prompt ${promptId} was removed from the queue or interrupted.`);
    }
    throw error;
  }
}

async function downloadAll(
  client: ComfyClient,
  outcome: PromptOutcome,
  outDir: string,
  ui: Ui,
  signal: AbortSignal,
  options: RunOptions,
): Promise<DownloadedFile[]> {
  await mkdir(outDir, { recursive: true });
  const claimed = new Set<string>();
  const files: DownloadedFile[] = [];
  for (const item of outcome.outputs) {
    const name = oneLine(item.filename);
    const status = await ui.status(`Downloading ${name}`);
    const file = await downloadOutput(client.http, item, outDir, {
      signal,
      claimed,
      idleTimeoutMs: options.idleTimeoutSeconds * 1000,
      ...(options.timeoutSeconds ? { timeoutMs: options.timeoutSeconds * 1000 } : {}),
      onProgress: (got, total) => status.update(`Downloading ${name} ${formatBytes(got)}${total ? ` / ${formatBytes(total)}` : ""}`),
    });
    status.done();
    files.push(file);
    ui.success(`${path.relative(process.cwd(), file.path) || file.path} (${formatBytes(file.bytes)})`);
  }
  return files;
}
