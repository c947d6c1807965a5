/**
 * The live view: one websocket per client id, reconnected with backoff when it drops.
 * It is an accelerator, never the source of truth: waiting always falls back to
 * polling /history, so a dead socket only makes progress less detailed.
 */
import { WebSocket } from "undici";
import type { Dispatcher } from "undici";
import { wsMessageSchema, type WsMessage } from "./schemas.js";

export type SocketListener = (message: WsMessage) => void;
export type ConnectionListener = (connected: boolean) => void;

export interface SocketOptions {
  readonly baseUrl: string;
  readonly clientId: string;
  readonly headers?: Record<string, string>;
  readonly dispatcher?: Dispatcher;
  /** Longest pause between reconnect attempts (default 10 s). */
  readonly maxBackoffMs?: number;
}

export class ComfySocket {
  private ws: WebSocket | undefined;
  private readonly listeners = new Set<SocketListener>();
  private readonly connectionListeners = new Set<ConnectionListener>();
  private closed = false;
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private isOpen = false;

  constructor(private readonly options: SocketOptions) {}

  get connected(): boolean {
    return this.isOpen;
  }

  /** Starts connecting; resolves when open or after `waitMs`, whichever is first. Never throws. */
  async start(waitMs = 2_000): Promise<boolean> {
    this.connect();
    if (this.isOpen) return true;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.connectionListeners.delete(listener);
        resolve(false);
      }, waitMs);
      const listener: ConnectionListener = (open) => {
        if (!open) return;
        clearTimeout(timer);
        this.connectionListeners.delete(listener);
        resolve(true);
      };
      this.connectionListeners.add(listener);
    });
  }

  onMessage(listener: SocketListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onConnection(listener: ConnectionListener): () => void {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    try {
      this.ws?.close();
    } catch {
      // Already closing.
    }
    this.ws = undefined;
  }

  private connect(): void {
    if (this.closed || this.ws) return;
    const url = new URL(`${this.options.baseUrl}/ws`);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    url.searchParams.set("clientId", this.options.clientId);
    let ws: WebSocket;
    try {
      ws = new WebSocket(url, {
        ...(this.options.headers ? { headers: this.options.headers } : {}),
        ...(this.options.dispatcher ? { dispatcher: this.options.dispatcher } : {}),
      });
    } catch {
      this.scheduleReconnect();
      return;
    }
    ws.binaryType = "arraybuffer";
    this.ws = ws;
    ws.addEventListener("open", () => {
      this.attempt = 0;
      this.setOpen(true);
    });
    ws.addEventListener("message", (event) => {
      // Binary frames are previews; only JSON messages drive the state.
      if (typeof event.data !== "string") return;
      let raw: unknown;
      try {
        raw = JSON.parse(event.data);
      } catch {
        return;
      }
      const parsed = wsMessageSchema.safeParse(raw);
      if (!parsed.success) return;
      for (const listener of [...this.listeners]) listener(parsed.data);
    });
    const onGone = (): void => {
      if (this.ws !== ws) return;
      this.ws = undefined;
      this.setOpen(false);
      this.scheduleReconnect();
    };
    ws.addEventListener("close", onGone);
    ws.addEventListener("error", onGone);
  }

  private setOpen(open: boolean): void {
    if (this.isOpen === open) return;
    this.isOpen = open;
    for (const listener of [...this.connectionListeners]) listener(open);
  }

  private scheduleReconnect(): void {
    if (this.closed) return;
    const max = this.options.maxBackoffMs ?? 10_000;
    const delay = Math.min(max, 250 * 2 ** this.attempt++) * (0.5 + Math.random() / 2);
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
    this.reconnectTimer.unref();
  }
}
