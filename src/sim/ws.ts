/**
 * The /ws endpoint (§8): one socket per clientId (a newer one silently replaces the older),
 * feature-flag handshake, JSON events and binary frames routed by client id.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { stringifyJson } from "../core/json/lossless.js";
import type { FaultOptions, JsonObject } from "./types.js";

export const SERVER_FEATURES = { supports_preview_metadata: true, max_upload_size: 104857600 };

export interface HubHooks {
  queueRemaining(): number;
  /** The node the running prompt is executing, when it belongs to this client (for reconnects). */
  currentNodeFor(clientId: string): string | undefined;
  faults: () => FaultOptions;
}

export class WsHub {
  private readonly wss = new WebSocketServer({ noServer: true });
  /** Only the latest socket of each client id is addressable, as in server.py's dict. */
  private readonly sockets = new Map<string, WebSocket>();
  private readonly metadataPreviews = new WeakSet<WebSocket>();
  private readonly all = new Set<WebSocket>();
  private sentSinceFault = 0;
  /** Set between reaching the drop limit and the drop, so nothing slips out after message N. */
  private dropping = false;

  constructor(private readonly hooks: HubHooks) {}

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, clientId: string | undefined): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnect(ws, clientId));
  }

  private onConnect(ws: WebSocket, clientId: string | undefined): void {
    const sid = clientId || randomUUID().replace(/-/g, "");
    this.sockets.set(sid, ws);
    this.all.add(ws);
    let first = true;
    ws.on("message", (data, isBinary) => {
      if (!first || isBinary) return;
      first = false;
      try {
        const msg = JSON.parse(String(data)) as { type?: unknown; data?: { supports_preview_metadata?: unknown } };
        if (msg.type !== "feature_flags") return;
        if (msg.data?.supports_preview_metadata === true) this.metadataPreviews.add(ws);
        this.send("feature_flags", { ...SERVER_FEATURES }, sid);
      } catch {
        // Non-JSON text is ignored, as the real handler logs and continues.
      }
    });
    ws.on("close", () => {
      this.all.delete(ws);
      // Unlike server.py (which pops the id whichever socket closes), keep a newer socket alive.
      if (this.sockets.get(sid) === ws) this.sockets.delete(sid);
    });
    ws.on("error", () => undefined);
    this.sendTo(ws, { type: "status", data: { status: { exec_info: { queue_remaining: this.hooks.queueRemaining() } }, sid } });
    const node = this.hooks.currentNodeFor(sid);
    if (node !== undefined) this.sendTo(ws, { type: "executing", data: { node } });
  }

  /** sid undefined = broadcast to every addressable socket. */
  send(type: string, data: JsonObject, sid?: string): void {
    for (const ws of this.targets(sid)) this.sendTo(ws, { type, data });
  }

  /** A preview frame: type 1 (PNG) for legacy sockets, type 4 with metadata for flagged ones. */
  sendPreview(png: Buffer, meta: JsonObject, sid: string | undefined, progress?: JsonObject): void {
    for (const ws of this.targets(sid)) {
      if (this.metadataPreviews.has(ws)) {
        const json = Buffer.from(JSON.stringify({ ...meta, image_type: "image/png" }));
        const head = Buffer.alloc(8);
        head.writeUInt32BE(4, 0);
        head.writeUInt32BE(json.length, 4);
        this.sendTo(ws, Buffer.concat([head, json, png]));
        if (progress) this.sendTo(ws, { type: "progress", data: progress });
      } else {
        if (progress) this.sendTo(ws, { type: "progress", data: progress });
        const head = Buffer.alloc(8);
        head.writeUInt32BE(1, 0);
        head.writeUInt32BE(2, 4);
        this.sendTo(ws, Buffer.concat([head, png]));
      }
    }
  }

  /** A type 3 TEXT frame; GetImageSize broadcasts these to every socket (§8.4). */
  sendText(nodeId: string, text: string): void {
    const id = Buffer.from(nodeId);
    const head = Buffer.alloc(8);
    head.writeUInt32BE(3, 0);
    head.writeUInt32BE(id.length, 4);
    const frame = Buffer.concat([head, id, Buffer.from(text)]);
    for (const ws of this.targets(undefined)) this.sendTo(ws, frame);
  }

  /** Closes every client socket abruptly, as a network drop would. */
  dropAll(): void {
    for (const ws of this.all) ws.terminate();
    this.all.clear();
    this.sockets.clear();
  }

  async close(): Promise<void> {
    this.dropAll();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private targets(sid: string | undefined): WebSocket[] {
    if (sid === undefined) return [...this.sockets.values()];
    const ws = this.sockets.get(sid);
    return ws ? [ws] : [];
  }

  private sendTo(ws: WebSocket, message: JsonObject | Buffer): void {
    if (ws.readyState !== ws.OPEN || this.dropping) return;
    ws.send(Buffer.isBuffer(message) ? message : stringifyJson(message));
    const faults = this.hooks.faults();
    const limit = faults.dropWebsocketAfterMessages;
    if (limit === undefined) {
      this.sentSinceFault = 0;
      return;
    }
    this.sentSinceFault++;
    if (this.sentSinceFault >= limit) {
      delete faults.dropWebsocketAfterMessages;
      this.sentSinceFault = 0;
      this.dropping = true;
      // Let the last frame leave before the drop.
      setTimeout(() => {
        this.dropping = false;
        this.dropAll();
      }, 5);
    }
  }
}
