/**
 * One run on one server: build its workflow, submit, wait, hand the server slot back as
 * soon as the prompt is done (so the next queued prompt already runs), then download and
 * record. Returns "requeue" when the run never really happened (server down, prompt lost).
 */
import { randomUUID } from "node:crypto";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { PromptRejectedError } from "../comfy/client.js";
import { downloadOutput } from "../comfy/download.js";
import { mediaKind } from "../comfy/outputs.js";
import { renderExecutionError } from "../comfy/render-errors.js";
import { isFullyCached, PromptLostError, PromptTimeoutError, waitForPrompt, type PromptOutcome } from "../comfy/wait.js";
import { ServerError, messageOf } from "../errors.js";
import { sleep } from "../time.js";
import { isDiskFull } from "../fs/atomic.js";
import type { JsonValue } from "../json/lossless.js";
import type { Workflow } from "../workflow/model.js";
import { applyPatches } from "./apply.js";
import type { BatchEventSink } from "./events.js";
import { discardRunDir, markSubmitted, prepareRunDir, type BatchPaths } from "../store/index.js";
import type { Limiter } from "../async/concurrency.js";
import { namespaceOutputs, stripNamespace } from "./namespace.js";
import type { ServerSession } from "./server-session.js";
import type { OutputRecord, PlannedRun, RunRecord, SubmittedRecord } from "./types.js";

export interface RunEnvironment {
  readonly paths: BatchPaths;
  readonly workflow: Workflow;
  readonly namespaceOutputs: boolean;
  readonly timeoutMs?: number;
  readonly idleTimeoutMs?: number;
  readonly emit: BatchEventSink;
  readonly downloads: Limiter;
  /**
   * Extra per-run changes after the patches (cr-shots injects prompts and uploaded images).
   * Returns the inputs it set (path → value), recorded with the plan's patches in params.json.
   */
  readonly prepare?: (workflow: Workflow, run: PlannedRun, session: ServerSession, signal: AbortSignal) => Promise<Record<string, JsonValue>>;
  /** Same-machine mode: link files from ComfyUI's output folder instead of downloading. */
  readonly fetchOutput?: (
    item: PromptOutcome["outputs"][number],
    runDir: string,
    localSubfolder: string,
    claimed: Set<string>,
  ) => Promise<{ path: string; bytes: number }>;
  /**
   * True when another server could take this server's runs. A prompt on a server that has been
   * unreachable for `failOverAfterMs` is then abandoned and its run goes back to the queue.
   */
  readonly canFailOver?: (session: ServerSession) => boolean;
  readonly failOverAfterMs?: number;
  /** Unique per batch: output namespaces on the server start with it. */
  readonly namespaceRoot?: string;
  /** A run ended successfully on its server after `seconds` of execution (the time box measures with it). */
  readonly onExecuted?: (seconds: number | null, cached: boolean) => void;
  /** Prompt ids currently on each server, for cancelling on Ctrl-C. */
  readonly inFlight: Map<ServerSession, Set<string>>;
}

export type RunResult = { kind: "recorded"; record: RunRecord } | { kind: "requeue"; reason: string; lost: boolean };

export class DiskFullError extends Error {}

/**
 * `adopted`: the run's params.json from an earlier process says its prompt was sent to this
 * server; the prompt is waited for (or its finished result taken) instead of submitted again.
 */
export async function executeRun(
  run: PlannedRun,
  attempts: number,
  session: ServerSession,
  env: RunEnvironment,
  releaseSlot: () => void,
  signal: AbortSignal,
  adopted?: SubmittedRecord,
): Promise<RunResult> {
  const root = env.namespaceRoot ?? env.paths.name;
  const namespace = run.shot ? `${root}/${run.shot}/${run.name}` : `${root}/${run.name}`;
  const base = recordBase(run, session, attempts);
  const fail = (kind: string, error: string, extra: Partial<RunRecord> = {}): RunResult => ({
    kind: "recorded",
    record: { ...base, finished_at: new Date().toISOString(), ...extra, status: "failed", error_kind: kind, error },
  });

  // A run that was cut short earlier may have left files; start clean so names never collide.
  // params.json stays until replaced: it may be the only trace of a prompt still on a server.
  const runDir = await prepareRunDir(env.paths, run);
  const queuedAt = adopted?.queued_at ?? new Date().toISOString();
  const ours = env.inFlight.get(session) ?? new Set<string>();
  env.inFlight.set(session, ours);
  let workflow: Workflow;
  let promptId: string;
  let patches: Record<string, JsonValue>;
  if (adopted) {
    // Only the node ids and titles matter from here on (cache check, error text): no uploads.
    workflow = buildWorkflow(run, env, namespace);
    promptId = adopted.prompt_id;
    patches = adopted.patches;
    ours.add(promptId);
  } else {
    const persist = (id: string, sent: Record<string, JsonValue>): Promise<void> =>
      markSubmitted(env.paths, { ...base, patches: sent, status: "submitted", prompt_id: id, server: session.url, queued_at: queuedAt });
    try {
      ({ workflow, promptId, patches } = await submitRun(run, session, env, namespace, ours, persist, signal));
    } catch (error) {
      releaseSlot();
      if (error instanceof PromptRejectedError) return fail("rejected", [error.message, ...error.issues.slice(1)].join("\n"), { queued_at: queuedAt });
      if (error instanceof ServerError && !signal.aborted) {
        void session.pause(error.message, signal).catch(() => undefined);
        return { kind: "requeue", reason: error.message, lost: false };
      }
      throw error;
    }
  }

  env.emit({ kind: "run_submitted", run, server: session.url, promptId });
  const withPrompt = { ...base, patches, prompt_id: promptId, queued_at: queuedAt };
  let outcome: PromptOutcome;
  try {
    outcome = await waitRecovering(session, promptId, env, run, signal, adopted !== undefined);
  } catch (error) {
    releaseSlot();
    if (adopted && error instanceof PromptLostError) {
      // Never reached the server (killed before the POST left), or the server restarted since.
      ours.delete(promptId);
      return { kind: "requeue", reason: `prompt ${promptId} of an earlier start is not on ${session.url}: submitting it again`, lost: false };
    }
    if (error instanceof PromptLostError) {
      ours.delete(promptId);
      session.uploader.reset();
      return { kind: "requeue", reason: error.message, lost: true };
    }
    if (error instanceof ServerAbandonedError) {
      ours.delete(promptId);
      session.abandoned.add(promptId);
      return { kind: "requeue", reason: error.message, lost: false };
    }
    if (error instanceof PromptTimeoutError) {
      await session.client.cancel([promptId], AbortSignal.timeout(10_000)).catch(() => undefined);
      ours.delete(promptId);
      return fail("timeout", error.message, withPrompt);
    }
    throw error;
  }
  const timing = {
    started_at: outcome.startedAt ? new Date(outcome.startedAt).toISOString() : null,
    finished_at: outcome.finishedAt ? new Date(outcome.finishedAt).toISOString() : new Date().toISOString(),
    duration_s: outcome.startedAt && outcome.finishedAt ? (outcome.finishedAt - outcome.startedAt) / 1000 : null,
    cached: isFullyCached(outcome, workflow),
  };
  // Before the slot goes back, so the time box sees this run's time when it weighs the next one.
  if (outcome.status === "success") env.onExecuted?.(timing.duration_s, timing.cached);
  ours.delete(promptId);
  releaseSlot();

  if (adopted && outcome.status === "interrupted") {
    // Interrupted while this batch was stopped: most likely our own Ctrl-C, not a verdict on the run.
    return { kind: "requeue", reason: `prompt ${promptId} of an earlier start was interrupted on ${session.url}: submitting it again`, lost: false };
  }
  if (outcome.status !== "success") {
    const text =
      outcome.status === "interrupted" ? "interrupted on the server" : outcome.error ? renderExecutionError(outcome.error, workflow) : "failed on the server";
    return fail(outcome.status === "interrupted" ? "interrupted" : "execution_error", text, { ...withPrompt, ...timing });
  }

  try {
    const outputs = await env.downloads.run(() => fetchAll(session, outcome, runDir, namespace, env, signal));
    if (outputs.length === 0) return fail("no_outputs", "the run succeeded but reported no output files", { ...withPrompt, ...timing });
    return { kind: "recorded", record: { ...withPrompt, ...timing, status: "completed", error_kind: null, error: null, outputs } };
  } catch (error) {
    if (isDiskFull(error)) throw new DiskFullError(`The disk is full while saving ${run.name}: ${messageOf(error)}`);
    if (signal.aborted) throw error;
    await discardRunDir(env.paths, run);
    return fail("download", messageOf(error), { ...withPrompt, ...timing });
  }
}

/**
 * Builds and submits the run's workflow. When the server rejects an uploaded input image
 * as missing (it restarted and lost its inputs), the uploads are forgotten and the run is
 * prepared and submitted once more.
 */
async function submitRun(
  run: PlannedRun,
  session: ServerSession,
  env: RunEnvironment,
  namespace: string,
  ours: Set<string>,
  persist: (promptId: string, patches: Record<string, JsonValue>) => Promise<void>,
  signal: AbortSignal,
): Promise<{ workflow: Workflow; promptId: string; patches: Record<string, JsonValue> }> {
  for (let attempt = 0; ; attempt++) {
    const workflow = buildWorkflow(run, env, namespace);
    const extra = (await env.prepare?.(workflow, run, session, signal)) ?? {};
    const patches = { ...run.patches, ...extra };
    // The id is ours before the POST leaves: on disk, so a resumed batch finds the prompt instead of
    // running it twice, and in env.inFlight, so a Ctrl-C while the reply is on its way removes it.
    const promptId = randomUUID();
    await persist(promptId, patches);
    ours.add(promptId);
    try {
      const submitted = await session.client.submit(workflow, { signal, promptId });
      ours.delete(promptId);
      ours.add(submitted.promptId);
      for (const warning of submitted.warnings) env.emit({ kind: "warning", message: `${run.name}: ${warning}` });
      return { workflow, promptId: submitted.promptId, patches };
    } catch (error) {
      if (!signal.aborted) ours.delete(promptId);
      if (attempt === 0 && env.prepare && error instanceof PromptRejectedError && missingInputImage(error)) {
        session.uploader.reset();
        continue;
      }
      throw error;
    }
  }
}

function buildWorkflow(run: PlannedRun, env: RunEnvironment, namespace: string): Workflow {
  const workflow = applyPatches(env.workflow, run.patches);
  if (env.namespaceOutputs) namespaceOutputs(workflow, namespace);
  return workflow;
}

function missingInputImage(error: PromptRejectedError): boolean {
  return Object.values(error.nodeErrors).some((node) => node.errors.some((e) => e.type === "custom_validation_failed" && /image/i.test(e.details)));
}

const ADOPTED_POLL_MS = 1_000;

/** Waits; while the server is unreachable, pauses it and waits again once it answers. */
async function waitRecovering(
  session: ServerSession,
  promptId: string,
  env: RunEnvironment,
  run: PlannedRun,
  signal: AbortSignal,
  adopted: boolean,
): Promise<PromptOutcome> {
  for (;;) {
    try {
      return await waitForPrompt(session.client, promptId, {
        socket: session.socket,
        // The websocket reports only this process's prompts: an adopted one is looked at whenever
        // the server's queue changes, and polled.
        ...(adopted ? { wakeOnQueueChange: true, pollMs: ADOPTED_POLL_MS } : {}),
        signal,
        ...(env.timeoutMs ? { timeoutMs: env.timeoutMs, timeoutFrom: "start" as const } : {}),
        ...(env.idleTimeoutMs ? { idleTimeoutMs: env.idleTimeoutMs } : {}),
        onEvent: (event) => env.emit({ kind: "run_event", run, server: session.url, event }),
      });
    } catch (error) {
      if (error instanceof ServerError && !(error instanceof PromptTimeoutError) && !signal.aborted) {
        await pauseOrFailOver(session, env, error.message, run, signal);
        continue;
      }
      throw error;
    }
  }
}

/**
 * Waits for the server to answer again, unless another server can take the run first: the
 * failover clock runs from when the server was found down, not from when this run noticed.
 */
async function pauseOrFailOver(session: ServerSession, env: RunEnvironment, reason: string, run: PlannedRun, signal: AbortSignal): Promise<void> {
  const back = session.pause(reason, signal);
  const graceMs = env.failOverAfterMs ?? 120_000;
  const downSince = session.downSince ?? Date.now();
  const failoverAt = downSince + graceMs;
  env.emit({ kind: "server_waiting", run, server: session.url, downSince, failoverAt: env.canFailOver?.(session) ? failoverAt : null });
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    const timedOut = await Promise.race([back.then(() => false), sleep(Math.max(0, failoverAt - Date.now()), stop.signal).then(() => true)]);
    if (timedOut && env.canFailOver?.(session)) {
      throw new ServerAbandonedError(`${session.url} has not answered for ${Math.round(graceMs / 1000)} s; the run moves to another server`);
    }
    await back;
  } finally {
    stop.abort();
    signal.removeEventListener("abort", onAbort);
  }
}

/** The prompt's server stayed unreachable while others were healthy: the run goes elsewhere. */
class ServerAbandonedError extends Error {}

async function fetchAll(
  session: ServerSession,
  outcome: PromptOutcome,
  runDir: string,
  namespace: string,
  env: RunEnvironment,
  signal: AbortSignal,
): Promise<OutputRecord[]> {
  await mkdir(runDir, { recursive: true });
  const claimed = new Set<string>();
  const records: OutputRecord[] = [];
  for (const item of outcome.outputs) {
    const localSubfolder = stripNamespace(item.subfolder, namespace);
    const limits = { ...(env.timeoutMs ? { timeoutMs: env.timeoutMs } : {}), ...(env.idleTimeoutMs ? { idleTimeoutMs: env.idleTimeoutMs } : {}) };
    const file =
      env.fetchOutput && !item.inline
        ? await env.fetchOutput(item, runDir, localSubfolder, claimed)
        : await downloadOutput(session.client.http, item, runDir, { signal, claimed, localSubfolder, ...limits });
    records.push({
      file: path.relative(runDir, file.path).split(path.sep).join("/"),
      bytes: file.bytes,
      node_id: item.nodeId,
      kind: mediaKind(item.filename, item.animated),
      animated: item.animated,
    });
  }
  return records;
}

/** A record with nothing known yet but the run itself (and the server, when there is one). */
export function recordBase(run: PlannedRun, session: ServerSession | undefined, attempts: number): RunRecord {
  return {
    run_id: run.run_id,
    run_name: run.name,
    ...(run.shot ? { shot: run.shot } : {}),
    values: run.values,
    patches: run.patches,
    status: "failed",
    error: null,
    error_kind: null,
    prompt_id: null,
    server: session?.url ?? null,
    comfyui_version: session?.version ?? null,
    queued_at: null,
    started_at: null,
    finished_at: null,
    duration_s: null,
    cached: false,
    outputs: [],
    attempts,
  };
}
