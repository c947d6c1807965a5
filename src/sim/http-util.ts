/** Response helpers with aiohttp's shapes: JSON bodies, empty 200s, the 500 text. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { parseJson, stringifyJson } from "../core/json/lossless.js";
import type { Executor } from "./executor.js";
import type { SimState } from "./state.js";
import type { JsonValue } from "./types.js";
import type { WsHub } from "./ws.js";

export const TROUBLE = "500 Internal Server Error\n\nServer got itself in trouble";

export interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Path without the optional /api prefix. */
  path: string;
  params: string[];
  state: SimState;
  hub: WsHub;
  executor: Executor;
  /** The request-log entry, so handlers can attach the parsed body. */
  logEntry: { body?: unknown };
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body = "",
  ) {
    super(`HTTP ${status}`);
  }
}

export function sendJson(res: ServerResponse, value: unknown, status = 200): void {
  const body = Buffer.from(stringifyJson(value));
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": body.length });
  res.end(body);
}

/** The bodiless replies of /queue, /interrupt, /history, /free and the error statuses. */
export function sendEmpty(res: ServerResponse, status = 200): void {
  res.writeHead(status, { "Content-Type": "application/octet-stream", "Content-Length": 0 });
  res.end();
}

export function sendText(res: ServerResponse, status: number, text: string, type = "text/plain; charset=utf-8"): void {
  const body = Buffer.from(text);
  res.writeHead(status, { "Content-Type": type, "Content-Length": body.length });
  res.end(body);
}

export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > limit) throw new HttpError(413, `Maximum request body size ${limit} exceeded, actual body size ${declared}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HttpError(413, `Maximum request body size ${limit} exceeded`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** json.loads on the body whatever the Content-Type (§0); bad JSON is the 500 text. */
export async function readJson(ctx: Ctx, limit: number): Promise<JsonValue> {
  const body = await readBody(ctx.req, limit);
  try {
    const value = parseJson(body.toString("utf8"));
    ctx.logEntry.body = value;
    return value;
  } catch {
    ctx.logEntry.body = body.toString("utf8");
    throw new HttpError(500, TROUBLE);
  }
}
