/**
 * The HTTP server: routing (every route also under /api), the Origin check of §0, the http500
 * fault, the request log and the websocket upgrade on the same port.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import type { Executor } from "./executor.js";
import { hostileReply, hostileUpgrade, type HeldConnections } from "./hostile.js";
import { HttpError, sendEmpty, sendText, TROUBLE, type Ctx } from "./http-util.js";
import * as info from "./routes/info.js";
import * as prompt from "./routes/prompt.js";
import { postUploadImage } from "./routes/upload.js";
import { getView } from "./routes/view.js";
import type { SimState } from "./state.js";
import type { WsHub } from "./ws.js";

type Handler = (ctx: Ctx) => void | Promise<void>;

const ROUTES: Array<[string, RegExp, Handler]> = [
  ["GET", /^\/$/, info.getRoot],
  ["GET", /^\/prompt$/, prompt.getPrompt],
  ["POST", /^\/prompt$/, prompt.postPrompt],
  ["GET", /^\/queue$/, prompt.getQueue],
  ["POST", /^\/queue$/, prompt.postQueue],
  ["POST", /^\/interrupt$/, prompt.postInterrupt],
  ["GET", /^\/history$/, prompt.getHistory],
  ["GET", /^\/history\/([^/]+)$/, prompt.getHistory],
  ["POST", /^\/history$/, prompt.postHistory],
  ["POST", /^\/free$/, prompt.postFree],
  ["GET", /^\/view$/, getView],
  ["POST", /^\/upload\/image$/, postUploadImage],
  ["GET", /^\/object_info$/, info.getObjectInfo],
  ["GET", /^\/object_info\/([^/]+)$/, info.getObjectInfo],
  ["GET", /^\/system_stats$/, info.getSystemStats],
  ["GET", /^\/features$/, info.getFeatures],
  ["GET", /^\/models$/, info.getModels],
  ["GET", /^\/models\/([^/]+)$/, info.getModels],
  ["GET", /^\/embeddings$/, info.getEmptyList],
  ["GET", /^\/extensions$/, info.getEmptyList],
];

export interface RequestRecord {
  method: string;
  path: string;
  body?: unknown;
  at: number;
}

export interface HttpDeps {
  state: () => SimState;
  hub: () => WsHub;
  executor: () => Executor;
  requests: RequestRecord[];
  held: HeldConnections;
}

function stripApi(pathname: string): string {
  return pathname === "/api" ? "/" : pathname.startsWith("/api/") ? pathname.slice(4) : pathname;
}

/** server.py's origin_only_middleware: loopback Host whose host:port differs from Origin's. */
function originRejected(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  const host = req.headers.host?.toLowerCase();
  if (!origin || !host) return false;
  let o: URL;
  let h: URL;
  try {
    o = new URL(origin);
    h = new URL(`http://${host}`);
  } catch {
    return false;
  }
  const loopback = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(h.hostname);
  if (!loopback) return false;
  const hostSide = o.port === "" ? h.hostname : host;
  const originSide = h.port === "" ? o.hostname : o.host.toLowerCase();
  return hostSide !== originSide;
}

function takeHttp500(state: SimState, pathname: string, full: string): boolean {
  const fault = state.faults.http500;
  if (!fault || fault.count <= 0) return false;
  const p = fault.path;
  const hit = p === undefined || (typeof p === "string" ? stripApi(pathname) === stripApi(p) : p.test(full));
  if (!hit) return false;
  fault.count--;
  if (fault.count <= 0) delete state.faults.http500;
  return true;
}

export function createHttpServer(deps: HttpDeps): Server {
  const server = createServer((req, res) => void handle(deps, req, res));
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (stripApi(url.pathname) !== "/ws" || originRejected(req)) {
      socket.end(originRejected(req) ? "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n" : "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    deps.requests.push({ method: "GET", path: url.pathname + url.search, at: Date.now() });
    if (hostileUpgrade(deps.state().faults.hostileWebsocket, req, socket, deps.held)) return;
    deps.hub().handleUpgrade(req, socket, head, url.searchParams.get("clientId") ?? undefined);
  });
  return server;
}

async function handle(deps: HttpDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const entry: RequestRecord = { method: req.method ?? "GET", path: url.pathname + url.search, at: Date.now() };
  deps.requests.push(entry);
  const state = deps.state();
  try {
    if (originRejected(req)) return sendEmpty(res, 403);
    if (takeHttp500(state, url.pathname, entry.path)) return sendText(res, 500, TROUBLE);
    const path = stripApi(url.pathname);
    if (hostileReply(state.faults, path, res, deps.held)) return;
    const method = req.method === "HEAD" ? "GET" : req.method;
    const matches = ROUTES.filter(([, re]) => re.test(path));
    const route = matches.find(([m]) => m === method);
    if (!route) return sendText(res, matches.length > 0 ? 405 : 404, matches.length > 0 ? "405: Method Not Allowed" : "404: Not Found");
    const params = (route[1].exec(path) ?? []).slice(1).map((p) => decodeURIComponent(p));
    await route[2]({ req, res, url, path, params, state, hub: deps.hub(), executor: deps.executor(), logEntry: entry });
  } catch (e) {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (e instanceof HttpError) return e.body ? sendText(res, e.status, e.body) : sendEmpty(res, e.status);
    state.config.log(`sim: ${req.method} ${entry.path} crashed: ${e instanceof Error ? e.stack : String(e)}`);
    sendText(res, 500, TROUBLE);
  } finally {
    // Drain unread bodies so keep-alive connections stay usable.
    if (!req.complete) req.resume();
  }
}
