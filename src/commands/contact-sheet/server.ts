/**
 * `--serve`: the sheet and the batch folder over HTTP on 127.0.0.1 only, plus
 * GET/POST api/ratings: a POST carries the ratings that changed and the comparisons not yet saved;
 * they are merged into ratings.json (ratings per run, newest wins; comparisons as a union) and the
 * reply holds the merged whole, so every tab sees every other tab's work.
 * Requests whose Host is not this loopback address (DNS rebinding), that carry two Host headers,
 * or whose Origin is another site are refused, and the POST needs a JSON content type, which a
 * cross-site form cannot send.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { z } from "zod";
import { UserError, messageOf } from "../../core/errors.js";
import { parseJson } from "../../core/json/lossless.js";
import {
  batchPaths,
  comparisonsSchema,
  issueLines,
  RATINGS_VERSION,
  loadRatings,
  ratingsMapSchema,
  ratingsObject,
  saveRatings,
} from "../../core/store/index.js";
import { resolveServedFile, sendFile } from "./static-files.js";

const MAX_BODY = 4 * 1024 * 1024;
/** A save carries the ratings that changed, the comparisons not yet saved, or both. */
const postSchema = z
  .object({ ratings: ratingsMapSchema.optional(), comparisons: comparisonsSchema.optional() })
  .refine((post) => post.ratings !== undefined || post.comparisons !== undefined, "send ratings, comparisons or both");

export interface ServeOptions {
  readonly batchDir: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** The page, rendered for the batch folder; called for each request of "/". */
  readonly page: () => Promise<string>;
  readonly pageName: string;
  /** Told when an unreadable ratings.json was copied aside before new ratings replaced it. */
  readonly warn?: (message: string) => void;
}

export interface SheetServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function serveSheet(options: ServeOptions): Promise<SheetServer> {
  let writes: Promise<unknown> = Promise.resolve();
  let port = options.port;
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
      res.end(`${error instanceof UserError ? "" : "internal error: "}${messageOf(error)}\n`);
    });
  });

  async function ratingsApi(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === "GET") {
      const loaded = await loadRatings(options.batchDir);
      return json(res, 200, {
        version: RATINGS_VERSION,
        ratings: ratingsObject(loaded.ratings),
        comparisons: loaded.comparisons,
        ...(loaded.problem ? { problem: loaded.problem } : {}),
      });
    }
    if (req.method !== "POST") return text(res, 405, "method not allowed");
    if (!/^application\/json\b/i.test(req.headers["content-type"] ?? "")) return text(res, 415, "send application/json");
    const body = await readBody(req);
    if (body === undefined) return text(res, 413, "too large");
    let data: unknown;
    try {
      data = parseJson(body);
    } catch (error) {
      return text(res, 400, `bad ratings: ${messageOf(error)}`);
    }
    const parsed = postSchema.safeParse(data);
    if (!parsed.success) return text(res, 400, `bad ratings: ${issueLines(parsed.error).join("; ")}`);
    const incoming = parsed.data.ratings ?? new Map();
    const comparisons = parsed.data.comparisons ?? [];
    // One save at a time: each reads the file the previous one wrote.
    const save = writes.then(() => saveRatings(options.batchDir, incoming, new Date(), comparisons));
    writes = save.catch(() => undefined);
    const saved = await save;
    if (saved.backup)
      options.warn?.(
        `${batchPaths(options.batchDir).ratings} could not be read; it is kept as ${saved.backup}, and a fresh ${path.basename(batchPaths(options.batchDir).ratings)} now holds the ratings.`,
      );
    return json(res, 200, {
      saved: incoming.size,
      ratings: ratingsObject(saved.ratings),
      comparisons: saved.comparisons,
      ...(saved.backup ? { backup: saved.backup } : {}),
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (hostHeaders(req) > 1 || !allowedHost(req.headers.host, port) || !allowedOrigin(req.headers.origin, port)) return text(res, 403, "forbidden");
    const url = new URL(req.url ?? "/", `http://127.0.0.1:${port}`);
    if (url.pathname === "/api/ratings") {
      return ratingsApi(req, res);
    }
    if (req.method !== "GET" && req.method !== "HEAD") return text(res, 405, "method not allowed");
    if (url.pathname === "/" || url.pathname === `/${options.pageName}`) {
      const html = await options.page();
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff" });
      res.end(req.method === "HEAD" ? undefined : html);
      return;
    }
    const file = await resolveServedFile(options.batchDir, url.pathname);
    if (!file) return text(res, 404, "not found");
    await sendFile(req, res, file);
  }

  port = await listenOnLoopback(server, options.port);
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Fails with a UserError when the port cannot be had, so `--serve` can say so before the
 * previews and the page are made rather than after.
 */
export async function checkPortFree(port: number): Promise<void> {
  if (port === 0) return;
  const probe = createServer();
  await listenOnLoopback(probe, port);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
}

async function listenOnLoopback(server: Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => reject(listenError(error, port)));
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

function listenError(error: NodeJS.ErrnoException, port: number): Error {
  if (error.code === "EADDRINUSE") {
    return new UserError(`Port ${port} on 127.0.0.1 is already in use, so --serve cannot listen there.`, {
      hint: "Stop the other server (another cr-contact-sheet --serve?), or choose another port with --port N (--port 0 picks a free one).",
    });
  }
  if (error.code === "EACCES")
    return new UserError(`Port ${port} on 127.0.0.1 needs privileges this user does not have.`, { hint: "Choose a port above 1023 with --port N." });
  return error;
}

/** Node keeps only the first of several Host headers; a request with two is refused outright. */
function hostHeaders(req: IncomingMessage): number {
  let count = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i]?.toLowerCase() === "host") count++;
  return count;
}

function allowedHost(host: string | undefined, port: number): boolean {
  return host === undefined || host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

function allowedOrigin(origin: string | undefined, port: number): boolean {
  return origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY) return undefined;
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function text(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8" }).end(`${body}\n`);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-cache" }).end(JSON.stringify(body));
}
