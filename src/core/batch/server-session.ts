/**
 * One server as the batch sees it: client, websocket, uploads, version, and health.
 * When the server stops answering it is paused, probed with backoff, and resumed;
 * its work waits instead of being burnt through as failures.
 */
import { ComfyClient } from "../comfy/client.js";
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
  private readonly healthListeners = new Set<(healthy: boolean, reason?: string) => void>();

  /** `retryForMs`: how long transient HTTP failures are retried before the server counts as down. */
  constructor(
    readonly target: ServerTarget,
    readonly index: number,
    retryForMs = 20_000,
  ) {
    this.client = new ComfyClient(target, { retryForMs });
    this.socket = new ComfySocket({ baseUrl: target.url, clientId: this.client.clientId, headers: { ...target.headers } });
    this.uploader = new Uploader(this.client.http);
  }

  get url(): string {
    return this.target.url;
  }

  get paused(): boolean {
    return this.pausedUntilHealthy !== undefined;
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
    for (const l of this.healthListeners) l(false, reason);
    this.pausedUntilHealthy = this.probe(signal).finally(() => {
      this.pausedUntilHealthy = undefined;
      for (const l of this.healthListeners) l(true);
    });
    void this.pausedUntilHealthy.then(() => this.cancelAbandoned(), () => undefined);
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
