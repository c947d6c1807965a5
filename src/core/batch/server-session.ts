/**
 * One server as the batch sees it: client, websocket, uploads, version, and health.
 * When the server stops answering it is paused, probed with backoff, and resumed;
 * its work waits instead of being burnt through as failures.
 */
import { ComfyClient } from "../comfy/client.js";
import { errorCode } from "../comfy/http.js";
import { ServerError } from "../errors.js";
import type { ServerTarget } from "../comfy/server.js";
import { ComfySocket } from "../comfy/socket.js";
import { Uploader } from "../comfy/upload.js";
import { sleep } from "../time.js";

export class ServerSession {
  readonly client: ComfyClient;
  readonly socket: ComfySocket;
  readonly uploader: Uploader;
  version: string | null = null;
  /** Prompts whose runs moved to another server while this one was down; cancelled when it is back. */
  readonly abandoned = new Set<string>();
  private pausedUntilHealthy: Promise<void> | undefined;
  /** When the current outage began (ms since 1970); undefined while healthy. */
  private downAt: number | undefined;
  private readonly healthListeners = new Set<(healthy: boolean, reason?: string) => void>();

  /** `retryForMs`: how long transient HTTP failures are retried before the server counts as down. */
  constructor(
    readonly target: ServerTarget,
    readonly index: number,
    retryForMs = 20_000,
  ) {
    this.client = new ComfyClient(target, { retryForMs, failOnRefused: true });
    this.socket = new ComfySocket({ baseUrl: target.url, clientId: this.client.clientId, headers: { ...target.headers } });
    this.uploader = new Uploader(this.client.http);
  }

  get url(): string {
    return this.target.url;
  }

  get paused(): boolean {
    return this.pausedUntilHealthy !== undefined;
  }

  /** When the server was found down, while it is; undefined while healthy. */
  get downSince(): number | undefined {
    return this.downAt;
  }

  /**
   * A dropped websocket is checked at once: a refused connection means the server is down now,
   * so it gets no new work and its runs' failover clock starts. Returns the unsubscribe.
   */
  watch(signal: AbortSignal): () => void {
    return this.socket.onConnection((open) => {
      if (open || this.paused || signal.aborted) return;
      void this.client.systemStats(signal, 0).catch((error: unknown) => {
        if (!signal.aborted && error instanceof ServerError && errorCode(error.cause) === "ECONNREFUSED") {
          void this.pause(error.message, signal).catch(() => undefined);
        }
      });
    });
  }

  onHealth(listener: (healthy: boolean, reason?: string) => void): () => void {
    this.healthListeners.add(listener);
    return () => this.healthListeners.delete(listener);
  }

  async connect(signal: AbortSignal): Promise<void> {
    const stats = await this.client.systemStats(signal, 5_000);
    this.version = stats.system.comfyui_version ?? null;
    await this.socket.start(2_000);
  }

  /** Marks the server unhealthy (once) and returns a promise that resolves when it answers again. */
  pause(reason: string, signal: AbortSignal): Promise<void> {
    if (this.pausedUntilHealthy) return this.pausedUntilHealthy;
    this.downAt = Date.now();
    for (const l of this.healthListeners) l(false, reason);
    this.pausedUntilHealthy = this.probe(signal).finally(() => {
      this.pausedUntilHealthy = undefined;
      this.downAt = undefined;
      for (const l of this.healthListeners) l(true);
    });
    void this.pausedUntilHealthy.then(
      () => this.cancelAbandoned(),
      () => undefined,
    );
    return this.pausedUntilHealthy;
  }

  /** Resolves at once when healthy, or when a pause ends. */
  async whenHealthy(): Promise<void> {
    await this.pausedUntilHealthy;
  }

  private async cancelAbandoned(): Promise<void> {
    if (this.abandoned.size === 0) return;
    const ids = [...this.abandoned];
    this.abandoned.clear();
    await this.client.cancel(ids, AbortSignal.timeout(10_000)).catch(() => undefined);
  }

  async close(): Promise<void> {
    this.socket.close();
    await this.client.close();
  }

  private async probe(signal: AbortSignal): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      await sleep(Math.min(30_000, 1_000 * 2 ** Math.min(attempt, 5)), signal);
      try {
        const stats = await this.client.systemStats(signal);
        this.version = stats.system.comfyui_version ?? this.version;
        return;
      } catch (error) {
        if (signal.aborted) throw error;
      }
    }
  }
}
