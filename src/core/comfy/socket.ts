/**
 * The live view: one websocket per client id, reconnected with backoff when it drops.
 * It is an accelerator, never the source of truth: waiting always falls back to
 * polling /history, so a dead socket only makes progress less detailed. The one thing
 * only the socket carries is SaveImageWebsocket's images, kept here per prompt until the
 * wait for that prompt takes them.
 *
 * Built on `ws` rather than undici's WebSocket because a server that never answers the close
 * frame, or sends a broken handshake, must not keep the process alive: `terminate()` ends it.
 */
import WebSocket from "ws";
import { parseImageFrame, type ProgressContext, type SocketImage } from "./socket-frames.js";
import { wsMessageSchema, type WsMessage } from "./schemas.js";

export type SocketListener = (message: WsMessage) => void;
export type ConnectionListener = (connected: boolean) => void;

export interface SocketOptions {
  readonly baseUrl: string;
  readonly clientId: string;
  readonly headers?: Record<string, string>;
  /** Longest pause between reconnect attempts (default 10 s). */
  readonly maxBackoffMs?: number;
  /** How long the opening handshake may take (default 10 s). */
  readonly handshakeTimeoutMs?: number;
  /** How long close() waits for the server's close frame before cutting the connection (default 1 s). */
  readonly closeTimeoutMs?: number;
  /** Image bytes kept for prompts nobody has taken yet; the oldest prompt's go first (default 256 MB). */
  readonly maxImageBytes?: number;
}

/** Largest single message accepted from the server. */
const MAX_PAYLOAD_BYTES = 256 * 1024 * 1024;

export class ComfySocket {
  private ws: WebSocket | undefined;
  private readonly listeners = new Set<SocketListener>();
  private readonly connectionListeners = new Set<ConnectionListener>();
  private closed = false;
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private isOpen = false;
  private lastProgress: ProgressContext | undefined;
  private readonly images = new Map<string, SocketImage[]>();
  private imageBytes = 0;
  /** Prompts whose images were dropped to stay under maxImageBytes. */
  private readonly evicted = new Set<string>();
  /**
   * Prompts this client runs (execution_start goes only to the prompt's client): images of other
   * clients' prompts, broadcast when those have no client id, are not kept.
   */
  private readonly ours = new Set<string>();

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

  /** The images received for a prompt (and forgets them); `complete` is false when some were dropped. */
  takeImages(promptId: string): { images: SocketImage[]; complete: boolean } {
    const images = this.images.get(promptId) ?? [];
    this.images.delete(promptId);
    for (const image of images) this.imageBytes -= image.bytes.length;
    const complete = !this.evicted.delete(promptId);
    this.ours.delete(promptId);
    return { images, complete };
  }

  /** Sends a close frame; a server that does not answer within closeTimeoutMs is cut off. */
  close(): void {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    const ws = this.ws;
    this.ws = undefined;
    this.isOpen = false;
    this.images.clear();
    this.imageBytes = 0;
    if (!ws) return;
    if (ws.readyState !== WebSocket.OPEN) {
      ws.terminate();
      return;
    }
    const cutOff = setTimeout(() => ws.terminate(), this.options.closeTimeoutMs ?? 1_000);
    ws.once("close", () => clearTimeout(cutOff));
    try {
      ws.close(1000);
    } catch {
      ws.terminate();
    }
  }

  private connect(): void {
    if (this.closed || this.ws) return;
    const url = new URL(`${this.options.baseUrl}/ws`);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    url.searchParams.set("clientId", this.options.clientId);
    let ws: WebSocket;
    try {
      ws = new WebSocket(url, {
        headers: { ...this.options.headers },
        handshakeTimeout: this.options.handshakeTimeoutMs ?? 10_000,
        maxPayload: MAX_PAYLOAD_BYTES,
        perMessageDeflate: false,
      });
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    ws.on("open", () => {
      this.attempt = 0;
      // Asks for type 4 image frames, which name their prompt and node (protocol §8.1).
      ws.send(JSON.stringify({ type: "feature_flags", data: { supports_preview_metadata: true } }));
      this.setOpen(true);
    });
    ws.on("message", (data, isBinary) => {
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      if (isBinary) this.onFrame(bytes);
      else this.onText(bytes.toString("utf8"));
    });
    const onGone = (): void => {
      if (this.ws !== ws) return;
      this.ws = undefined;
      ws.terminate();
      this.setOpen(false);
      this.scheduleReconnect();
    };
    ws.on("close", onGone);
    ws.on("error", onGone);
  }

  private onText(text: string): void {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return;
    }
    const parsed = wsMessageSchema.safeParse(raw);
    if (!parsed.success) return;
    const { type, data } = parsed.data;
    if (type === "execution_start" && typeof data["prompt_id"] === "string") remember(this.ours, data["prompt_id"]);
    if (type === "progress" && typeof data["prompt_id"] === "string" && data["node"] !== undefined && data["node"] !== null) {
      this.lastProgress = { promptId: data["prompt_id"], nodeId: String(data["node"]) };
    }
    for (const listener of [...this.listeners]) listener(parsed.data);
  }

  private onFrame(frame: Buffer): void {
    const image = parseImageFrame(frame, this.lastProgress);
    if (!image || !this.ours.has(image.promptId)) return;
    const list = this.images.get(image.promptId) ?? [];
    list.push(image);
    this.images.set(image.promptId, list);
    this.imageBytes += image.bytes.length;
    const max = this.options.maxImageBytes ?? 256 * 1024 * 1024;
    for (const [promptId, old] of this.images) {
      if (this.imageBytes <= max) break;
      this.images.delete(promptId);
      for (const dropped of old) this.imageBytes -= dropped.bytes.length;
      remember(this.evicted, promptId);
    }
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

/** Adds to a set that keeps only its latest 1,000 entries. */
function remember(set: Set<string>, id: string): void {
  set.add(id);
  if (set.size > 1_000) set.delete(set.values().next().value ?? id);
}
