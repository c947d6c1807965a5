/**
 * The ComfyUI client: submit, history, queue, interrupt/cancel, object_info, system_stats,
 * upload. Every reply is validated with zod here; callers get typed values.
 */
import { randomUUID } from "node:crypto";
import { ServerError, UserError } from "../errors.js";
import type { JsonValue } from "../json/lossless.js";
import { parseJson } from "../json/lossless.js";
import { sleep } from "../time.js";
import type { Workflow } from "../workflow/model.js";
import { Http, LARGE_REPLY_BYTES, errorCode, excerpt, type HttpOptions, type HttpResponse } from "./http.js";
import { parseObjectInfo, type NodeDefs } from "./object-info.js";
import { hintForNodeErrors, renderNodeErrors } from "./render-errors.js";
import {
  historySchema,
  nodeErrorsSchema,
  queueSchema,
  submitErrorSchema,
  submitOkSchema,
  systemStatsSchema,
  type HistoryEntry,
  type NodeErrors,
  type SystemStats,
} from "./schemas.js";
import type { ServerTarget } from "./server.js";

/** ComfyUI refused the prompt (HTTP 400). Bad input: exit 2 for cr-run, a failed run in a batch. */
export class PromptRejectedError extends UserError {
  constructor(
    message: string,
    readonly errorType: string,
    readonly nodeErrors: NodeErrors,
    issues: string[],
    hint?: string,
  ) {
    super(message, { issues, ...(hint ? { hint } : {}) });
  }
}

export interface Submitted {
  readonly promptId: string;
  readonly number: number | undefined;
  /** Output nodes that failed validation and were dropped although the prompt was queued. */
  readonly droppedOutputs: NodeErrors;
  readonly warnings: string[];
}

export interface QueueState {
  readonly running: string[];
  /** Pending ids in run order (sorted by number, then id). */
  readonly pending: string[];
}

export interface ClientOptions extends HttpOptions {
  readonly clientId?: string;
  /**
   * Submitting and polling (/prompt, /history, /queue) treat a refused connection as "the server
   * is down now" instead of retrying it: a batch then moves on at once (pause, failover).
   */
  readonly failOnRefused?: boolean;
}

export class ComfyClient {
  readonly http: Http;
  readonly clientId: string;
  private readonly failOnRefused: boolean;

  constructor(
    readonly target: ServerTarget,
    options: ClientOptions = {},
  ) {
    this.http = new Http(target, options);
    this.clientId = options.clientId ?? `comfy-runner-${randomUUID()}`;
    this.failOnRefused = options.failOnRefused ?? false;
  }

  get url(): string {
    return this.target.url;
  }

  async submit(workflow: Workflow, options: { signal?: AbortSignal; promptId?: string; extraData?: Record<string, JsonValue> } = {}): Promise<Submitted> {
    const promptId = options.promptId ?? randomUUID();
    const body = { prompt: workflow, client_id: this.clientId, prompt_id: promptId, ...(options.extraData ? { extra_data: options.extraData } : {}) };
    for (let attempt = 0; ; attempt++) {
      let response: HttpResponse;
      try {
        response = await this.http.send("POST", "/prompt", { body: body as unknown as JsonValue, ...this.polling(options.signal) });
      } catch (error) {
        // The request may have reached the server before the connection broke: look before resubmitting.
        const code = errorCode(error instanceof ServerError ? error.cause : error);
        if (attempt < 3 && code && code !== "ECONNREFUSED") {
          await sleep(500 * (attempt + 1), options.signal);
          const known = await this.findPrompt(promptId, options.signal).catch(() => false);
          if (known) return { promptId, number: undefined, droppedOutputs: {}, warnings: [] };
          continue;
        }
        throw error;
      }
      const text = await response.body.text();
      if (response.status === 200) return this.accepted(text, workflow);
      if (response.status === 400) throw this.rejected(text, workflow);
      throw this.http.statusError("POST", "/prompt", response.status, text);
    }
  }

  /** The finished entry, or undefined while pending/running/unknown. */
  async history(promptId: string, signal?: AbortSignal): Promise<HistoryEntry | undefined> {
    const data = await this.http.json("GET", `/history/${encodeURIComponent(promptId)}`, this.polling(signal));
    const parsed = historySchema.safeParse(data);
    if (!parsed.success) throw new ServerError(`Unexpected /history reply from ${this.url}: ${parsed.error.issues[0]?.message ?? "invalid"}`);
    return parsed.data[promptId];
  }

  async queue(signal?: AbortSignal): Promise<QueueState> {
    const data = await this.http.json("GET", "/queue", { maxBytes: LARGE_REPLY_BYTES, ...this.polling(signal) });
    const parsed = queueSchema.safeParse(data);
    if (!parsed.success) throw new ServerError(`Unexpected /queue reply from ${this.url}.`);
    const id = (item: unknown[]): string => String(item[1]);
    const pending = [...parsed.data.queue_pending].sort((a, b) => {
      const na = Number(a[0]);
      const nb = Number(b[0]);
      return na !== nb ? na - nb : id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0;
    });
    return { running: parsed.data.queue_running.map(id), pending: pending.map(id) };
  }

  async findPrompt(promptId: string, signal?: AbortSignal): Promise<boolean> {
    const queue = await this.queue(signal);
    if (queue.running.includes(promptId) || queue.pending.includes(promptId)) return true;
    return (await this.history(promptId, signal)) !== undefined;
  }

  /** Removes our pending prompts and interrupts ours if running; never touches anyone else's. */
  async cancel(promptIds: readonly string[], signal?: AbortSignal): Promise<void> {
    if (promptIds.length === 0) return;
    const queue = await this.queue(signal);
    const pending = promptIds.filter((id) => queue.pending.includes(id));
    if (pending.length > 0) await this.http.post("/queue", { delete: pending }, signal ? { signal } : {});
    for (const id of promptIds) {
      if (queue.running.includes(id)) await this.http.post("/interrupt", { prompt_id: id }, signal ? { signal } : {});
    }
  }

  async objectInfo(signal?: AbortSignal): Promise<NodeDefs> {
    return parseObjectInfo(await this.http.json("GET", "/object_info", { maxBytes: LARGE_REPLY_BYTES, ...(signal ? { signal } : {}) }));
  }

  /** `retryForMs` short for a first contact: a refused connection then usually means "not running". */
  async systemStats(signal?: AbortSignal, retryForMs?: number): Promise<SystemStats> {
    const data = await this.http.json("GET", "/system_stats", { ...(signal ? { signal } : {}), ...(retryForMs !== undefined ? { retryForMs } : {}) });
    const parsed = systemStatsSchema.safeParse(data);
    if (!parsed.success) throw new ServerError(`${this.url} does not look like ComfyUI: /system_stats has no system section.`);
    return parsed.data;
  }

  async close(): Promise<void> {
    await this.http.close();
  }

  private polling(signal: AbortSignal | undefined): { signal?: AbortSignal; failOnRefused?: boolean } {
    return { ...(signal ? { signal } : {}), ...(this.failOnRefused ? { failOnRefused: true } : {}) };
  }

  private accepted(text: string, workflow: Workflow): Submitted {
    const parsed = submitOkSchema.safeParse(safeJson(text));
    if (!parsed.success) throw new ServerError(`POST ${this.url}/prompt answered 200 without a prompt_id: ${excerpt(text)}`);
    const nodeErrors = Array.isArray(parsed.data.node_errors) ? {} : (parsed.data.node_errors ?? {});
    const warnings: string[] = [];
    if (Object.keys(nodeErrors).length > 0) {
      const dropped = [...new Set(Object.values(nodeErrors).flatMap((e) => e.dependent_outputs.map(String)))];
      warnings.push(`ComfyUI queued the prompt but dropped output node(s) ${dropped.join(", ") || "?"} that failed validation:`);
      warnings.push(...renderNodeErrors(nodeErrors, workflow).map((l) => `  ${l}`));
    }
    const number = typeof parsed.data.number === "bigint" ? Number(parsed.data.number) : parsed.data.number;
    return { promptId: parsed.data.prompt_id, number, droppedOutputs: nodeErrors, warnings };
  }

  private rejected(text: string, workflow: Workflow): PromptRejectedError {
    const parsed = submitErrorSchema.safeParse(safeJson(text));
    if (!parsed.success) return new PromptRejectedError(`ComfyUI rejected the prompt: ${excerpt(text)}`, "unknown", {}, []);
    const error = typeof parsed.data.error === "string" ? { type: "", message: parsed.data.error, details: "" } : parsed.data.error;
    const nodeErrors = nodeErrorsSchema.safeParse(parsed.data.node_errors).data ?? {};
    const lines = renderNodeErrors(nodeErrors, workflow);
    const summary = [error.message || error.type, error.details].filter(Boolean).join(": ");
    const message =
      lines.length > 0
        ? `ComfyUI rejected the prompt (${error.type || "validation"}): ${lines[0]}${lines.length > 1 ? ` (+${lines.length - 1} more)` : ""}`
        : `ComfyUI rejected the prompt: ${summary}`;
    return new PromptRejectedError(message, error.type, nodeErrors, lines, hintForNodeErrors(nodeErrors));
  }
}

function safeJson(text: string): JsonValue | undefined {
  try {
    return parseJson(text);
  } catch {
    return undefined;
  }
}
