/**
 * Waits for one prompt to finish. /history/{id} is the source of truth; the websocket
 * gives the live view and early notice of completion; /queue tells pending, running
 * and lost apart. Two limits: the whole run (timeoutMs) and no sign of life (idleTimeoutMs).
 */
import { RunFailedError, ServerError } from "../errors.js";
import { sleep } from "../time.js";
import type { ComfyClient } from "./client.js";
import { collectOutputs, socketImageOutputs, websocketSaveNodes, type OutputItem } from "./outputs.js";
import type { ExecutionErrorInfo } from "./render-errors.js";
import type { HistoryEntry, WsMessage } from "./schemas.js";
import type { ComfySocket } from "./socket.js";
import type { Workflow } from "../workflow/model.js";

export type PromptEvent =
  | { kind: "queued"; position: number }
  | { kind: "started" }
  | { kind: "cached"; nodes: string[] }
  | { kind: "executing"; node: string }
  | { kind: "progress"; node: string | undefined; value: number; max: number }
  | { kind: "executed"; node: string };

export interface PromptOutcome {
  readonly promptId: string;
  readonly status: "success" | "error" | "interrupted";
  readonly entry: HistoryEntry;
  readonly outputs: OutputItem[];
  readonly error?: ExecutionErrorInfo;
  readonly cachedNodes: string[];
  readonly startedAt?: number;
  readonly finishedAt?: number;
  /** Images of SaveImageWebsocket nodes may be missing: the socket was down during the run. */
  readonly socketImagesIncomplete?: boolean;
}

export interface WaitOptions {
  readonly socket?: ComfySocket | undefined;
  readonly timeoutMs?: number;
  /**
   * Where timeoutMs counts from: submission (cr-run) or the start of execution (a batch keeps
   * prompts queued behind each other, and waiting in the queue is not the run being slow).
   */
  readonly timeoutFrom?: "submit" | "start";
  readonly idleTimeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: PromptEvent) => void;
  readonly includeTemp?: boolean;
  /**
   * Look again whenever the queue changes (the `status` broadcast every socket gets): for a prompt
   * another client submitted, whose own messages go to that client only.
   */
  readonly wakeOnQueueChange?: boolean;
  /** Poll interval while the socket is connected / disconnected (defaults 2000 / 1000 ms). */
  readonly pollMs?: number;
  readonly pollDisconnectedMs?: number;
}

/** The prompt left the queue without reaching the history: deleted, or the server restarted. */
export class PromptLostError extends RunFailedError {}

/** --timeout or --idle-timeout ran out; the prompt may still be on the server. */
export class PromptTimeoutError extends ServerError {}

export async function waitForPrompt(client: ComfyClient, promptId: string, options: WaitOptions = {}): Promise<PromptOutcome> {
  const started = Date.now();
  let lastLife = started;
  let running = false;
  let runningSince: number | undefined;
  let finishedHint = false;
  let wake: (() => void) | undefined;
  const notify = (): void => wake?.();
  const emit = options.onEvent ?? (() => undefined);
  // Seen running, by the websocket's execution_start or by /queue, whichever comes first.
  const markRunning = (): void => {
    if (running) return;
    running = true;
    runningSince = Date.now();
    lastLife = runningSince;
    emit({ kind: "started" });
  };

  const unsubscribe = options.socket?.onMessage((message) => {
    if (options.wakeOnQueueChange && message.type === "status") notify();
    if (!isFor(message, promptId, running)) return;
    lastLife = Date.now();
    const event = promptEventOf(message);
    if (event) emit(event);
    const data = message.data;
    switch (message.type) {
      case "execution_start":
        markRunning();
        break;
      case "executing":
        if (data["node"] === null || data["node"] === undefined) {
          finishedHint = true;
          notify();
        }
        break;
      case "execution_success":
      case "execution_error":
      case "execution_interrupted":
        finishedHint = true;
        notify();
        break;
    }
  });
  // SaveImageWebsocket images exist only on the socket: a gap in it may have lost some.
  let socketGap = options.socket !== undefined && !options.socket.connected;
  const unsubscribeConn = options.socket?.onConnection((open) => {
    lastLife = Date.now();
    if (!open) socketGap = true;
    // Back after a drop: the completion message may have been missed, so look now rather than
    // at the next poll (up to pollMs later).
    if (open) notify();
  });

  try {
    let misses = 0;
    let lastPosition = -1;
    for (;;) {
      options.signal?.throwIfAborted();
      const entry = await fetchHistory(client, promptId, finishedHint, options.signal);
      if (entry) {
        const saveNodes = websocketSaveNodes(entry.prompt);
        if (saveNodes.size > 0 && options.socket?.connected && !finishedHint) {
          // The history can be read before the socket delivered the last frames; the end message follows them.
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, 2_000);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          wake = undefined;
        }
        return withSocketImages(outcomeOf(promptId, entry, options.includeTemp ?? false), saveNodes, options.socket, socketGap);
      }

      const now = Date.now();
      const timeoutStart = options.timeoutFrom === "start" ? runningSince : started;
      if (options.timeoutMs && timeoutStart !== undefined && now - timeoutStart > options.timeoutMs) {
        throw new PromptTimeoutError(`Prompt ${promptId} did not finish within ${seconds(options.timeoutMs)} (--timeout).`, { url: client.url });
      }
      if (options.idleTimeoutMs && running && now - lastLife > options.idleTimeoutMs) {
        throw new PromptTimeoutError(`No sign of life from prompt ${promptId} for ${seconds(options.idleTimeoutMs)} (--idle-timeout).`, { url: client.url });
      }

      const queue = await client.queue(options.signal);
      if (queue.running.includes(promptId)) {
        misses = 0;
        markRunning();
      } else if (queue.pending.includes(promptId)) {
        misses = 0;
        const position = queue.pending.indexOf(promptId) + 1;
        if (position !== lastPosition) emit({ kind: "queued", position });
        lastPosition = position;
      } else {
        // Not queued: either just finished (history is written before it leaves the queue) or lost.
        // A first miss is nearly always a prompt that finished between our /history and /queue
        // requests, so the history is read again at once (a 300 ms pause here capped short jobs at
        // ~25 runs/s, bench/batch-pipeline.ts); a loss is declared only after a second look, 300 ms on.
        misses++;
        if (misses >= 3) {
          throw new PromptLostError(
            `Prompt ${promptId} disappeared from ${client.url}: it is in neither the queue nor the history (deleted from the queue, or the server restarted).`,
          );
        }
        if (misses === 2) await sleep(300, options.signal);
        continue;
      }
      const interval = options.socket?.connected ? (options.pollMs ?? 2_000) : (options.pollDisconnectedMs ?? 1_000);
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(done, interval);
        function done(): void {
          clearTimeout(timer);
          wake = undefined;
          options.signal?.removeEventListener("abort", onAbort);
          resolve();
        }
        function onAbort(): void {
          clearTimeout(timer);
          wake = undefined;
          reject(options.signal?.reason);
        }
        wake = done;
        if (finishedHint) done();
        options.signal?.addEventListener("abort", onAbort, { once: true });
      });
    }
  } finally {
    unsubscribe?.();
    unsubscribeConn?.();
    options.socket?.takeImages(promptId);
  }
}

/** Adds the websocket images of SaveImageWebsocket-like nodes to the outputs. */
function withSocketImages(outcome: PromptOutcome, saveNodes: ReadonlySet<string>, socket: ComfySocket | undefined, gap: boolean): PromptOutcome {
  if (!socket || saveNodes.size === 0) return outcome;
  const { images, complete } = socket.takeImages(outcome.promptId);
  const inline = socketImageOutputs(images, saveNodes);
  return { ...outcome, outputs: [...outcome.outputs, ...inline], ...(gap || !complete ? { socketImagesIncomplete: true } : {}) };
}

/** After a completion message the history may lag a little (protocol §8.3 race): retry briefly. */
async function fetchHistory(client: ComfyClient, promptId: string, expectDone: boolean, signal?: AbortSignal): Promise<HistoryEntry | undefined> {
  const delays = expectDone ? [0, 10, 25, 50, 100, 200, 400] : [0];
  for (const delay of delays) {
    if (delay) await sleep(delay, signal);
    const entry = await client.history(promptId, signal);
    if (entry) return entry;
  }
  return undefined;
}

/** The live-view event a websocket message stands for, if any (cr-run also reads the ones before its wait starts). */
export function promptEventOf(message: WsMessage): PromptEvent | undefined {
  const data = message.data;
  switch (message.type) {
    case "execution_cached":
      return { kind: "cached", nodes: Array.isArray(data["nodes"]) ? data["nodes"].map(String) : [] };
    case "executing":
      return data["node"] === null || data["node"] === undefined ? undefined : { kind: "executing", node: String(data["node"]) };
    case "progress":
      return typeof data["value"] === "number" && typeof data["max"] === "number"
        ? { kind: "progress", node: data["node"] === undefined ? undefined : String(data["node"]), value: data["value"], max: data["max"] }
        : undefined;
    case "executed":
      return { kind: "executed", node: String(data["node"]) };
  }
  return undefined;
}

/** Messages after a reconnect can lack prompt_id; they belong to the prompt we know is running. */
function isFor(message: WsMessage, promptId: string, running: boolean): boolean {
  const id = message.data["prompt_id"];
  if (typeof id === "string") return id === promptId;
  return running && message.type === "executing";
}

/** Every node of the workflow came from ComfyUI's cache: the outputs are an earlier run's files. */
export function isFullyCached(outcome: PromptOutcome, workflow: Workflow): boolean {
  return outcome.cachedNodes.length > 0 && Object.keys(workflow).every((id) => outcome.cachedNodes.includes(id));
}

export function outcomeOf(promptId: string, entry: HistoryEntry, includeTemp: boolean): PromptOutcome {
  const messages = entry.status?.messages ?? [];
  const last = messages.at(-1);
  const lastType = last?.[0];
  const find = (type: string): Record<string, unknown> | undefined => messages.find((m) => m[0] === type)?.[1];
  const startedAt = numberOr(find("execution_start")?.["timestamp"]);
  const finishedAt = numberOr(last?.[1]?.["timestamp"]);
  const cached = find("execution_cached")?.["nodes"];
  let status: PromptOutcome["status"] = entry.status?.status_str === "error" ? "error" : "success";
  if (lastType === "execution_interrupted") status = "interrupted";
  else if (lastType === "execution_error") status = "error";
  const errData = lastType === "execution_error" || lastType === "execution_interrupted" ? last?.[1] : undefined;
  const error: ExecutionErrorInfo | undefined = errData
    ? {
        ...(typeof errData["node_id"] === "string" ? { nodeId: errData["node_id"] } : {}),
        ...(typeof errData["node_type"] === "string" ? { nodeType: errData["node_type"] } : {}),
        ...(typeof errData["exception_type"] === "string" ? { exceptionType: errData["exception_type"] } : {}),
        ...(typeof errData["exception_message"] === "string" ? { exceptionMessage: errData["exception_message"] } : {}),
      }
    : undefined;
  return {
    promptId,
    status,
    entry,
    outputs: collectOutputs(entry.outputs, { includeTemp }),
    ...(error ? { error } : {}),
    cachedNodes: Array.isArray(cached) ? cached.map(String) : [],
    ...(startedAt !== undefined ? { startedAt } : {}),
    ...(finishedAt !== undefined ? { finishedAt } : {}),
  };
}

function numberOr(value: unknown): number | undefined {
  return typeof value === "number" ? value : undefined;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}
