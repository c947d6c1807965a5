/**
 * HTTP to one ComfyUI server with bounded retries. Transient failures (refused, reset,
 * timeouts, 502/503/504, and 500 on reads) are retried with backoff for up to
 * `retryForMs`; everything else surfaces at once as a ServerError with method, URL and status.
 * Every request has a deadline covering its headers and its body, and every body a size cap,
 * so a server that trickles, never ends or lies about its length cannot hold a command.
 */
import { Agent, request, type Dispatcher, type FormData } from "undici";
import type { Readable } from "node:stream";
import { ServerError } from "../errors.js";
import { parseJson, stringifyJson, type JsonValue } from "../json/lossless.js";
import { sleep } from "../time.js";
import type { ServerTarget } from "./server.js";

export interface HttpOptions {
  readonly dispatcher?: Dispatcher;
  /** How long transient failures are retried before giving up (default 60 s). */
  readonly retryForMs?: number;
  /** Deadline of one request, headers and body together (default 60 s). */
  readonly requestTimeoutMs?: number;
}

/** Largest reply body read into memory, unless a request allows more (/object_info, /queue). */
export const DEFAULT_MAX_REPLY_BYTES = 8 * 1024 * 1024;
export const LARGE_REPLY_BYTES = 64 * 1024 * 1024;

export interface RequestOptions {
  readonly body?: JsonValue | Record<string, unknown>;
  readonly raw?: { body: Buffer | Readable; contentType: string };
  readonly form?: FormData;
  readonly signal?: AbortSignal;
  /** Retry transient failures (default: GET yes, POST only when the request never left). */
  readonly retry?: boolean;
  /** Overrides how long transient failures are retried for this request. */
  readonly retryForMs?: number;
  readonly headers?: Record<string, string>;
  /** A refused connection fails at once instead of being retried: the caller counts the server as down. */
  readonly failOnRefused?: boolean;
  /** Overrides the deadline of this request (headers and body). */
  readonly timeoutMs?: number;
  /** Largest body accepted (default DEFAULT_MAX_REPLY_BYTES). */
  readonly maxBytes?: number;
}

/** A reply body, read whole under the request's deadline and size cap. */
export interface ResponseBody {
  text(): Promise<string>;
  /** Discards the body (or the connection, when the body is too large to drain). */
  dump(): Promise<void>;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: ResponseBody;
}

const TRANSIENT_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_CLOSED",
]);
/** Errors where the request certainly never reached the server, so even a POST is safe to repeat. */
const NEVER_SENT_CODES = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT"]);

export function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && code !== "UND_ERR_ABORTED") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export class Http {
  readonly dispatcher: Dispatcher;
  private readonly retryForMs: number;
  readonly requestTimeoutMs: number;

  constructor(
    readonly target: ServerTarget,
    options: HttpOptions = {},
  ) {
    this.dispatcher = options.dispatcher ?? new Agent({ connectTimeout: 10_000, headersTimeout: 120_000, bodyTimeout: 300_000, keepAliveTimeout: 10_000 });
    this.retryForMs = options.retryForMs ?? 60_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
  }

  url(path: string): string {
    return `${this.target.url}${path}`;
  }

  /** Sends a request and returns the raw response (any status); the caller consumes the body. */
  async send(method: "GET" | "POST", path: string, options: RequestOptions = {}): Promise<HttpResponse> {
    const started = Date.now();
    let attempt = 0;
    for (;;) {
      options.signal?.throwIfAborted();
      const timeoutMs = options.timeoutMs ?? this.requestTimeoutMs;
      const deadline = withDeadline(timeoutMs, options.signal);
      const context: ReadContext = {
        method,
        path,
        timeoutMs,
        deadline,
        maxBytes: options.maxBytes ?? DEFAULT_MAX_REPLY_BYTES,
        ...(options.signal ? { signal: options.signal } : {}),
      };
      try {
        const response = await this.once(method, path, options, deadline.signal, context);
        const retryableStatus = response.status === 502 || response.status === 503 || response.status === 504 || (response.status === 500 && method === "GET");
        if (retryableStatus && this.mayRetry(method, options, undefined) && Date.now() - started < (options.retryForMs ?? this.retryForMs)) {
          await response.body.dump().catch(() => undefined);
          await sleep(backoff(attempt++), options.signal);
          continue;
        }
        return response;
      } catch (error) {
        deadline.release();
        if (options.signal?.aborted) throw options.signal.reason ?? error;
        if (deadline.expired) throw this.deadlineError(context);
        const code = errorCode(error);
        const transient = code !== undefined && TRANSIENT_CODES.has(code) && !(code === "ECONNREFUSED" && options.failOnRefused);
        if (transient && this.mayRetry(method, options, code) && Date.now() - started < (options.retryForMs ?? this.retryForMs)) {
          await sleep(backoff(attempt++), options.signal);
          continue;
        }
        throw this.unreachable(method, path, error, code);
      }
    }
  }

  /** GET or POST expecting a JSON reply; non-2xx becomes a ServerError with a body excerpt. */
  async json(method: "GET" | "POST", path: string, options: RequestOptions = {}): Promise<JsonValue> {
    const response = await this.send(method, path, options);
    const text = await response.body.text();
    if (response.status < 200 || response.status >= 300) throw this.statusError(method, path, response.status, text);
    try {
      return parseJson(text);
    } catch {
      throw new ServerError(`${method} ${this.url(path)} returned something that is not JSON: ${excerpt(text)}`, {
        url: this.url(path),
        status: response.status,
      });
    }
  }

  /** For ComfyUI's empty-body 200 replies (/queue, /interrupt, /history, /free). */
  async post(path: string, body: JsonValue | Record<string, unknown>, options: Omit<RequestOptions, "body"> = {}): Promise<void> {
    const response = await this.send("POST", path, { ...options, body });
    const text = await response.body.text();
    if (response.status < 200 || response.status >= 300) throw this.statusError("POST", path, response.status, text);
  }

  statusError(method: string, path: string, status: number, text: string): ServerError {
    const hint = status === 401 || status === 403 ? "The server refused the request: check --header / COMFYUI_TOKEN for servers behind a proxy." : undefined;
    return new ServerError(`${method} ${this.url(path)} failed with HTTP ${status}${text ? `: ${excerpt(text)}` : ""}`, {
      url: this.url(path),
      status,
      ...(hint ? { hint } : {}),
    });
  }

  /** Closes the connections; one still busy after a second is destroyed, so the process can exit. */
  async close(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 1_000)));
    const closed = await Promise.race([
      this.dispatcher.close().then(
        () => true,
        () => true,
      ),
      late,
    ]);
    clearTimeout(timer);
    if (!closed) await this.dispatcher.destroy().catch(() => undefined);
  }

  deadlineError(context: Pick<ReadContext, "method" | "path" | "timeoutMs">): ServerError {
    return new ServerError(`${context.method} ${this.url(context.path)} did not answer within ${Math.round(context.timeoutMs / 100) / 10} s.`, {
      url: this.url(context.path),
      hint: "The server is overloaded, or something other than ComfyUI answers at that address.",
    });
  }

  private mayRetry(method: string, options: RequestOptions, code: string | undefined): boolean {
    if (options.retry !== undefined) return options.retry && (method === "GET" || code === undefined || NEVER_SENT_CODES.has(code));
    return method === "GET" || (code !== undefined && NEVER_SENT_CODES.has(code));
  }

  private async once(method: "GET" | "POST", path: string, options: RequestOptions, signal: AbortSignal, context: ReadContext): Promise<HttpResponse> {
    const headers: Record<string, string> = { ...this.target.headers, ...options.headers };
    let body: string | Buffer | Readable | FormData | undefined;
    if (options.form) {
      body = options.form;
    } else if (options.raw) {
      body = options.raw.body;
      headers["content-type"] = options.raw.contentType;
    } else if (options.body !== undefined) {
      body = stringifyJson(options.body);
      headers["content-type"] = "application/json";
    }
    const response = await request(this.url(path), {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
      dispatcher: this.dispatcher,
      signal,
    });
    return { status: response.statusCode, headers: response.headers, body: this.cappedBody(response, context) };
  }

  private cappedBody(response: Dispatcher.ResponseData, context: ReadContext): ResponseBody {
    const { body } = response;
    const url = this.url(context.path);
    const tooLarge = (): ServerError =>
      new ServerError(`${context.method} ${url} sent a reply larger than ${Math.round(context.maxBytes / 1024 / 1024)} MB.`, {
        url,
        hint: "Something other than ComfyUI may answer at that address.",
      });
    const announced = Number(response.headers["content-length"] ?? Number.NaN);
    return {
      text: async () => {
        const chunks: Buffer[] = [];
        let size = 0;
        try {
          if (announced > context.maxBytes) throw tooLarge();
          for await (const chunk of body as AsyncIterable<Buffer>) {
            size += chunk.length;
            if (size > context.maxBytes) throw tooLarge();
            chunks.push(chunk);
          }
        } catch (error) {
          body.destroy();
          if (context.signal?.aborted) throw context.signal.reason ?? error;
          if (context.deadline.expired) throw this.deadlineError(context);
          if (error instanceof ServerError) throw error;
          throw this.unreachable(context.method, context.path, error, errorCode(error));
        } finally {
          context.deadline.release();
        }
        return Buffer.concat(chunks).toString("utf8");
      },
      dump: async () => {
        if (announced > context.maxBytes) body.destroy();
        else await body.dump().catch(() => undefined);
        context.deadline.release();
      },
    };
  }

  private unreachable(method: string, path: string, error: unknown, code: string | undefined): ServerError {
    const url = this.url(path);
    const reason = code ?? (error instanceof Error ? error.message : String(error));
    return new ServerError(`Cannot reach ComfyUI at ${this.target.url} (${method} ${path}: ${reason}).`, {
      url,
      cause: error,
      hint: `Check that ComfyUI is running and listening on that address (for a remote server: ssh -L 8188:127.0.0.1:8188 host).`,
    });
  }
}

interface ReadContext {
  readonly method: string;
  readonly path: string;
  readonly timeoutMs: number;
  readonly deadline: Deadline;
  readonly signal?: AbortSignal;
  readonly maxBytes: number;
}

export interface Deadline {
  /** Aborts when the caller's signal does or when the time is up. */
  readonly signal: AbortSignal;
  /** True once the time ran out (as opposed to the caller aborting). */
  readonly expired: boolean;
  /** Stops the timer and detaches from the caller's signal; call once the reply is read. */
  release(): void;
}

/**
 * A per-request deadline tied to the caller's signal. Hand-made rather than AbortSignal.any():
 * a batch sends tens of thousands of requests under one long-lived signal, and every listener
 * here is removed again, so nothing accumulates on it overnight.
 */
export function withDeadline(ms: number, parent?: AbortSignal): Deadline {
  const controller = new AbortController();
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    controller.abort(new Error(`deadline of ${ms} ms`));
  }, ms);
  timer.unref();
  const onAbort = (): void => controller.abort(parent?.reason);
  if (parent?.aborted) onAbort();
  else parent?.addEventListener("abort", onAbort, { once: true });
  return {
    signal: controller.signal,
    get expired() {
      return expired;
    },
    release() {
      clearTimeout(timer);
      parent?.removeEventListener("abort", onAbort);
    },
  };
}

export function excerpt(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

function backoff(attempt: number): number {
  const base = Math.min(250 * 2 ** attempt, 5_000);
  return base / 2 + Math.random() * (base / 2);
}
