import { fileURLToPath } from "node:url";
/** Shared helpers for the simulator tests: a websocket recorder and small HTTP wrappers. */
import { readFileSync } from "node:fs";
import path from "node:path";
import WebSocket from "ws";
import type { Sim } from "../../src/sim/index.js";

export const REF = fileURLToPath(new URL("../fixtures/reference/comfyui", import.meta.url));

export function refJson<T = unknown>(rel: string): T {
  return JSON.parse(readFileSync(path.join(REF, rel), "utf8")) as T;
}

export function workflow(name: string): Record<string, unknown> {
  return refJson<Record<string, unknown>>(`model-free-workflows/${name}.json`);
}

/** Message types of an observed ws_*.jsonl log (text messages only). */
export function observedTypes(rel: string): string[] {
  return readFileSync(path.join(REF, rel), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { text?: { type: string } })
    .filter((l) => l.text)
    .map((l) => l.text?.type ?? "");
}

export interface Msg {
  type: string;
  data: Record<string, unknown>;
}

export class Recorder {
  readonly messages: Array<Msg | Buffer> = [];
  private waiters: Array<() => void> = [];

  private constructor(readonly ws: WebSocket) {
    ws.on("message", (data, isBinary) => {
      this.messages.push(isBinary ? Buffer.from(data as Buffer) : (JSON.parse(String(data)) as Msg));
      for (const w of this.waiters) w();
    });
  }

  static async open(sim: Sim, clientId?: string, featureFlags = false): Promise<Recorder> {
    const ws = new WebSocket(`${sim.url.replace("http", "ws")}/ws${clientId ? `?clientId=${clientId}` : ""}`);
    const rec = new Recorder(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
    });
    if (featureFlags) ws.send(JSON.stringify({ type: "feature_flags", data: { supports_preview_metadata: true } }));
    await rec.until((m) => m.some((x) => !Buffer.isBuffer(x) && x.type === "status"));
    return rec;
  }

  json(): Msg[] {
    return this.messages.filter((m): m is Msg => !Buffer.isBuffer(m));
  }

  types(): string[] {
    return this.json().map((m) => m.type);
  }

  until(pred: (messages: Array<Msg | Buffer>) => boolean, timeoutMs = 10_000): Promise<void> {
    if (pred(this.messages)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timeout; got ${this.types().join(",")}`)), timeoutMs);
      const check = (): void => {
        if (pred(this.messages)) {
          clearTimeout(timer);
          this.waiters = this.waiters.filter((w) => w !== check);
          resolve();
        }
      };
      this.waiters.push(check);
    });
  }

  /** Waits for executing {node: null} of this prompt: the end marker. */
  done(promptId: string): Promise<void> {
    return this.until((m) => m.some((x) => !Buffer.isBuffer(x) && x.type === "executing" && x.data["node"] === null && x.data["prompt_id"] === promptId));
  }

  close(): void {
    this.ws.close();
  }
}

export async function post(sim: Sim, route: string, body: unknown): Promise<{ status: number; json: any; text: string }> {
  const res = await fetch(`${sim.url}${route}`, { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body) });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}

export async function get(sim: Sim, route: string): Promise<{ status: number; json: any; headers: Headers; bytes: Buffer }> {
  const res = await fetch(`${sim.url}${route}`);
  const bytes = Buffer.from(await res.arrayBuffer());
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString("utf8"));
  } catch {
    json = undefined;
  }
  return { status: res.status, json, headers: res.headers, bytes };
}

export async function submit(sim: Sim, prompt: unknown, extra: Record<string, unknown> = {}): Promise<string> {
  const r = await post(sim, "/prompt", { prompt, ...extra });
  if (r.status !== 200) throw new Error(`submit failed ${r.status}: ${r.text}`);
  return r.json.prompt_id as string;
}

export async function waitHistory(sim: Sim, id: string, timeoutMs = 10_000): Promise<any> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const r = await get(sim, `/history/${id}`);
    if (r.json[id]) return r.json[id];
    await new Promise((res) => setTimeout(res, 10));
  }
  throw new Error(`history for ${id} never appeared`);
}

/** A txt2img graph with a KSampler of `steps` steps (slow under perStepMs). */
export function samplerPrompt(steps: number, prefix = "s/sampled", seed: number | string = 1): Record<string, unknown> {
  return {
    "4": { class_type: "CheckpointLoaderSimple", inputs: { ckpt_name: "model.safetensors" } },
    "6": { class_type: "CLIPTextEncode", inputs: { text: "a cat", clip: ["4", 1] } },
    "5": { class_type: "EmptyLatentImage", inputs: { width: 96, height: 64, batch_size: 1 } },
    "3": {
      class_type: "KSampler",
      inputs: {
        model: ["4", 0],
        seed,
        steps,
        cfg: 7,
        sampler_name: "euler",
        scheduler: "normal",
        positive: ["6", 0],
        negative: ["6", 0],
        latent_image: ["5", 0],
        denoise: 1,
      },
    },
    "8": { class_type: "VAEDecode", inputs: { samples: ["3", 0], vae: ["4", 2] } },
    "9": { class_type: "SaveImage", inputs: { images: ["8", 0], filename_prefix: prefix } },
  };
}

/** Types of one observed log up to and including the first executing {node: null}. */
export function observedFirstRun(rel: string): string[] {
  const lines = readFileSync(path.join(REF, rel), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { text?: Msg });
  const out: string[] = [];
  for (const l of lines) {
    if (!l.text) continue;
    out.push(l.text.type);
    if (l.text.type === "executing" && l.text.data["node"] === null) break;
  }
  return out;
}
