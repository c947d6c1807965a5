/**
 * Hostile-server faults: replies that never end, trickle, or lie about their length, and
 * websockets that break the handshake or never answer a close frame. Clients must bound
 * every request and never let such a connection keep them alive.
 */
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import type { FaultOptions } from "./types.js";

export type HostileReplyKind = NonNullable<FaultOptions["hostileReply"]>["kind"];

const WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
/** Endless bodies are paced (64 KiB per 10 ms, ~6 MB/s) so a test never floods a busy machine. */
const ENDLESS_CHUNK = Buffer.from("0,".repeat(32 * 1024));

/** Connections held open by these faults, destroyed when the simulator stops or restarts. */
export class HeldConnections {
  private readonly held = new Set<Duplex>();

  add(socket: Duplex): void {
    this.held.add(socket);
    socket.once("close", () => this.held.delete(socket));
    // The client hung up: finish our half too (an upgraded socket would otherwise stay half-open).
    socket.once("end", () => socket.destroy());
  }

  get count(): number {
    return this.held.size;
  }

  destroyAll(): void {
    for (const socket of this.held) socket.destroy();
    this.held.clear();
  }
}

function matches(pattern: RegExp | string | undefined, path: string): boolean {
  return pattern === undefined || (typeof pattern === "string" ? pattern === path : pattern.test(path));
}

/** Answers the request with the hostileReply fault when its path matches; true when it did. */
export function hostileReply(faults: FaultOptions, path: string, res: ServerResponse, held: HeldConnections): boolean {
  const fault = faults.hostileReply;
  if (!fault || !matches(fault.path, path)) return false;
  held.add(res.socket as Duplex);
  const type = path === "/view" ? "application/octet-stream" : "application/json; charset=utf-8";
  const timers: NodeJS.Timeout[] = [];
  res.once("close", () => timers.forEach(clearInterval));
  res.on("error", () => undefined);
  switch (fault.kind) {
    case "endless":
      res.writeHead(200, { "Content-Type": type });
      res.write("[");
      timers.push(setInterval(() => res.write(ENDLESS_CHUNK), 10));
      break;
    case "trickle":
      res.writeHead(200, { "Content-Type": type });
      res.write("{");
      timers.push(setInterval(() => res.write(" "), 1_000));
      break;
    case "lying-length":
      // 2 GB announced, a few bytes sent, and the connection held open.
      res.writeHead(200, { "Content-Type": type, "Content-Length": 2_000_000_000 });
      res.write('{"system": {');
      break;
  }
  return true;
}

/** Takes over a websocket upgrade with the hostileWebsocket fault; true when it did. */
export function hostileUpgrade(kind: FaultOptions["hostileWebsocket"], req: IncomingMessage, socket: Duplex, held: HeldConnections): boolean {
  if (!kind) return false;
  held.add(socket);
  socket.on("error", () => undefined);
  // Whatever the client sends (its feature flags, its close frame) is read and ignored.
  socket.resume();
  if (kind === "silent-handshake") return true;
  const key = String(req.headers["sec-websocket-key"] ?? "");
  const accept =
    kind === "bad-handshake"
      ? "d3JvbmcgYWNjZXB0IGtleQ=="
      : createHash("sha1")
          .update(key + WS_GUID)
          .digest("base64");
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
  return true;
}
