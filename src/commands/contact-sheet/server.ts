/**
 * `--serve`: the sheet and the batch folder over HTTP on 127.0.0.1 only, plus
 * GET/POST api/ratings, which reads and atomically rewrites ratings.json.
 * Requests whose Host is not this loopback address (DNS rebinding) or whose Origin is another
 * site are refused, and the POST needs a JSON content type, which a cross-site form cannot send.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { messageOf } from "../../core/errors.js";
import { readRatings, writeRatings } from "./ratings-file.js";
import { ratingEntrySchema } from "./schemas.js";
import { resolveServedFile, sendFile } from "./static-files.js";

const MAX_BODY = 4 * 1024 * 1024;
const postSchema = z.object({ ratings: z.record(z.string().regex(/^\d{1,12}$/), ratingEntrySchema) });

export interface ServeOptions {
  readonly batchDir: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** The page, rendered for the batch folder; called for each request of "/". */
  readonly page: () => Promise<string>;
  readonly pageName: string;
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
      res.end(`internal error: ${messageOf(error)}\n`);
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!allowedHost(req.headers.host, port) || !allowedOrigin(req.headers.origin, port)) return text(res, 403, "forbidden");
    const url = new URL(req.url ?? "/", `http://127.0.0.1:${port}`);
    if (url.pathname === "/api/ratings") {
      if (req.method === "GET") return json(res, 200, (await readRatings(options.batchDir).catch(() => undefined)) ?? { version: 1, ratings: {} });
      if (req.method !== "POST") return text(res, 405, "method not allowed");
      if (!/^application\/json\b/i.test(req.headers["content-type"] ?? "")) return text(res, 415, "send application/json");
      const body = await readBody(req);
      if (body === undefined) return text(res, 413, "too large");
      let parsed: z.infer<typeof postSchema>;
      try {
        parsed = postSchema.parse(JSON.parse(body));
      } catch (error) {
        return text(res, 400, `bad ratings: ${messageOf(error).slice(0, 300)}`);
      }
      const write = writes.then(() => writeRatings(options.batchDir, parsed.ratings));
      writes = write.catch(() => undefined);
      await write;
      return json(res, 200, { saved: Object.keys(parsed.ratings).length });
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

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () => resolve());
  });
  port = (server.address() as AddressInfo).port;
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
