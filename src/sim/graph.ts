/**
 * What the simulator tracks per node instead of tensors: a cache signature (class + inputs +
 * upstream signatures, never node ids, §9) and a rough image shape for the generated files.
 */
import { createHash, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { stringifyJson } from "../core/json/lossless.js";
import { isObject } from "./nodes.js";
import type { JsonObject, JsonValue } from "./types.js";

export interface NodeValue {
  signature: string;
  width: number;
  height: number;
  /** Images in the batch (frames for video). */
  count: number;
  fps: number;
}

export interface GraphEnv {
  prompt: JsonObject;
  /** Absolute path of an annotated input file name, if it exists. */
  resolveInput(name: string): string | undefined;
}

const FILE_INPUTS: Record<string, string> = { LoadImage: "image", LoadImageMask: "image", LoadImageOutput: "image", LoadAudio: "audio", LoadVideo: "file" };
/** IS_CHANGED returns time.time(): these never hit the cache. */
const NEVER_CACHED = new Set(["SaveImageWebsocket"]);

export function isLink(value: JsonValue | undefined): value is [string, number] {
  return Array.isArray(value) && value.length === 2 && typeof value[0] === "string" && typeof value[1] === "number";
}

export function nodeInputs(prompt: JsonObject, id: string): JsonObject {
  const node = prompt[id];
  const inputs = isObject(node) ? node["inputs"] : undefined;
  return isObject(inputs) ? inputs : {};
}

export function classOf(prompt: JsonObject, id: string): string {
  const node = prompt[id];
  return isObject(node) ? String(node["class_type"]) : "";
}

export class Graph {
  private readonly values = new Map<string, NodeValue>();

  constructor(private readonly env: GraphEnv) {}

  get prompt(): JsonObject {
    return this.env.prompt;
  }

  value(id: string): NodeValue {
    const known = this.values.get(id);
    if (known) return known;
    const inputs = nodeInputs(this.env.prompt, id);
    const classType = classOf(this.env.prompt, id);
    const parts: JsonValue[] = [classType];
    const upstream: NodeValue[] = [];
    for (const name of Object.keys(inputs).sort()) {
      const v = inputs[name];
      if (isLink(v) && this.env.prompt[v[0]] !== undefined) {
        const up = this.value(v[0]);
        upstream.push(up);
        parts.push([name, "link", up.signature, v[1]]);
      } else {
        parts.push([name, v ?? null]);
      }
    }
    const file = FILE_INPUTS[classType];
    const filePath = file && typeof inputs[file] === "string" ? this.env.resolveInput(inputs[file]) : undefined;
    if (filePath) parts.push(["file-hash", hashFile(filePath)]);
    if (NEVER_CACHED.has(classType)) parts.push(randomUUID());
    const signature = createHash("sha256").update(stringifyJson(parts)).digest("hex");
    const value = { signature, ...shape(classType, inputs, upstream, filePath) };
    this.values.set(id, value);
    return value;
  }

  /** Upstream node ids of `id`, deduplicated, in input order. */
  dependencies(id: string): string[] {
    const deps: string[] = [];
    for (const v of Object.values(nodeInputs(this.env.prompt, id))) {
      if (isLink(v) && this.env.prompt[v[0]] !== undefined && !deps.includes(v[0])) deps.push(v[0]);
    }
    return deps;
  }
}

function hashFile(file: string): string {
  try {
    return createHash("sha256").update(readFileSync(file)).digest("hex");
  } catch {
    return "unreadable";
  }
}

function num(value: JsonValue | undefined): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : typeof value === "bigint" ? Number(value) : undefined;
}

function shape(classType: string, inputs: JsonObject, upstream: NodeValue[], filePath: string | undefined): Omit<NodeValue, "signature"> {
  const first = upstream[0];
  let width = num(inputs["width"]) ?? first?.width ?? 64;
  let height = num(inputs["height"]) ?? first?.height ?? 64;
  if (filePath) [width, height] = pngSize(filePath) ?? [width, height];
  const length = num(inputs["length"]);
  const batch = num(inputs["batch_size"]);
  let count = first?.count ?? 1;
  if (length !== undefined) count = length * (batch ?? 1);
  else if (batch !== undefined) count = batch;
  if (classType === "ImageBatch" || classType === "LatentBatch") count = upstream.reduce((n, v) => n + v.count, 0) || 1;
  const amount = num(inputs["amount"]);
  if (amount !== undefined && /^Repeat(Image|Latent)Batch$/.test(classType)) count *= amount;
  const fps = num(inputs["fps"]) ?? num(inputs["frame_rate"]) ?? first?.fps ?? 8;
  return { width: Math.max(1, Math.round(width)), height: Math.max(1, Math.round(height)), count: Math.max(1, Math.round(count)), fps };
}

function pngSize(file: string): [number, number] | undefined {
  try {
    const head = readFileSync(file).subarray(0, 24);
    if (head.length < 24 || head.toString("latin1", 12, 16) !== "IHDR") return undefined;
    return [head.readUInt32BE(16), head.readUInt32BE(20)];
  } catch {
    return undefined;
  }
}

/** Sizes of the generated files: real aspect ratio, at most `max` pixels a side. */
export function renderSize(value: NodeValue, max = 256): { width: number; height: number } {
  const scale = Math.min(1, max / Math.max(value.width, value.height));
  return { width: Math.max(1, Math.round(value.width * scale)), height: Math.max(1, Math.round(value.height * scale)) };
}

export class ClassicCache {
  private entries = new Map<string, JsonObject | null>();

  constructor(private readonly enabled: boolean) {}

  /** Keeps only the signatures of the prompt now starting (classic cache, §9). */
  retainOnly(signatures: Set<string>): void {
    for (const key of this.entries.keys()) if (!signatures.has(key)) this.entries.delete(key);
  }

  has(signature: string): boolean {
    return this.enabled && this.entries.has(signature);
  }

  /** The cached UI output (null for nodes without one). */
  ui(signature: string): JsonObject | null {
    return this.entries.get(signature) ?? null;
  }

  set(signature: string, ui: JsonObject | null): void {
    if (this.enabled) this.entries.set(signature, ui);
  }

  clear(): void {
    this.entries.clear();
  }
}
