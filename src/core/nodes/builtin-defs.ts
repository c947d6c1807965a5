/**
 * Definitions of every core node of ComfyUI v0.3.64, used when no /object_info is available.
 * Generated from the real /object_info (tooltips dropped) so that ranges, steps and combo
 * options match what a server validates. Model-file combos are empty there (no models
 * installed) and stay empty here: they are file references, never enums to vary.
 * Startup cost matters (cr-analyze): the table is a plain text file (data/, ~160 KB) of one
 * "<class>\t<json>" line per class, after a first line that lists each class with the byte length
 * of its JSON. On first use only that list is read (~11 KB); a class's line is read, parsed and
 * normalised when asked for (a workflow uses a dozen of 383). Gzip would save ~140 KB on disk but
 * cost ~10 ms of every start (loading zlib, base64, inflating), and reading and indexing the whole
 * file ~2 ms: a quarter and a twentieth of cr-analyze's start budget.
 */
import { closeSync, existsSync, openSync, readSync } from "node:fs";
import { parseObjectInfo, type NodeDef, type NodeDefs } from "../comfy/object-info.js";
import type { JsonValue } from "../json/lossless.js";

export { SAMPLER_NAMES, SCHEDULER_NAMES } from "./sampler-names.js";

/** Where the generated table lives, from the package root. */
export const BUILTIN_DEFS_FILE = "data/comfyui-v0.3.64-nodes.tsv";
const BIGINT_TAG = "#bigint:";

/** Where one class's JSON sits in the file. */
interface LineRange {
  readonly offset: number;
  readonly bytes: number;
}

/** A ReadonlyMap over the file's lines that reads, parses and normalises each class on first access. */
class LazyNodeDefs implements ReadonlyMap<string, NodeDef> {
  private readonly parsed = new Map<string, NodeDef | undefined>();

  constructor(
    private readonly file: URL,
    private readonly lines: ReadonlyMap<string, LineRange>,
  ) {}

  get(name: string): NodeDef | undefined {
    const range = this.lines.get(name);
    if (range === undefined) return undefined;
    if (!this.parsed.has(name)) {
      const bytes = readRange(this.file, range.offset, range.bytes);
      if (bytes.length < range.bytes) throw new Error(`${BUILTIN_DEFS_FILE} is shorter than its index says`);
      const text = bytes.toString("utf8");
      // No reviver: calling one for every value costs more than the rare walk for tagged seeds.
      const spec = JSON.parse(text) as JsonValue;
      const def = parseObjectInfo({ [name]: text.includes(BIGINT_TAG) ? untagBigints(spec) : spec }).get(name);
      this.parsed.set(name, def);
    }
    return this.parsed.get(name);
  }

  has(name: string): boolean {
    return this.lines.has(name) && this.get(name) !== undefined;
  }

  get size(): number {
    return [...this.keys()].length;
  }

  *entries(): MapIterator<[string, NodeDef]> {
    for (const name of this.lines.keys()) {
      const def = this.get(name);
      if (def) yield [name, def];
    }
  }

  *keys(): MapIterator<string> {
    for (const [name] of this.entries()) yield name;
  }

  *values(): MapIterator<NodeDef> {
    for (const [, def] of this.entries()) yield def;
  }

  forEach(callback: (value: NodeDef, key: string, map: ReadonlyMap<string, NodeDef>) => void): void {
    for (const [name, def] of this.entries()) callback(def, name, this);
  }

  [Symbol.iterator](): MapIterator<[string, NodeDef]> {
    return this.entries();
  }
}

let table: NodeDefs | undefined;

/** The package root holds data/; this module sits a few folders down (src/, dist/ or a bundle chunk). */
function tablePath(): URL {
  for (let up = "../"; up.length <= 15; up += "../") {
    const candidate = new URL(`${up}${BUILTIN_DEFS_FILE}`, import.meta.url);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`${BUILTIN_DEFS_FILE} is missing from the installation`);
}

/** Up to `bytes` bytes from `offset`: fewer only at the end of the file. */
function readRange(file: URL, offset: number, bytes: number): Buffer {
  const buffer = Buffer.alloc(bytes);
  const fd = openSync(file, "r");
  let done = 0;
  try {
    while (done < bytes) {
      const read = readSync(fd, buffer, done, bytes - done, offset + done);
      if (read === 0) break;
      done += read;
    }
  } finally {
    closeSync(fd);
  }
  return buffer.subarray(0, done);
}

/** Integers beyond 2^53 travel as "#bigint:<digits>" strings (plain JSON.parse would round them). */
function untagBigints(value: JsonValue): JsonValue {
  if (typeof value === "string") return value.startsWith(BIGINT_TAG) ? BigInt(value.slice(BIGINT_TAG.length)) : value;
  if (Array.isArray(value)) return value.map(untagBigints);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, untagBigints(v)]));
  return value;
}

/** The first line: a JSON list of [class, bytes of its JSON], in the order of the lines after it. */
function readIndex(file: URL): Map<string, LineRange> {
  let head: Buffer = Buffer.alloc(0);
  let newline = -1;
  for (let size = 16_384; newline === -1; size *= 2) {
    head = readRange(file, 0, size);
    newline = head.indexOf(0x0a);
    if (newline === -1 && head.length < size) throw new Error(`${BUILTIN_DEFS_FILE} has no index line`);
  }
  const entries = JSON.parse(head.toString("utf8", 0, newline)) as [string, number][];
  const lines = new Map<string, LineRange>();
  let offset = newline + 1;
  for (const [name, bytes] of entries) {
    const start = offset + Buffer.byteLength(name) + 1; // "<class>\t"
    lines.set(name, { offset: start, bytes });
    offset = start + bytes + 1; // "\n"
  }
  return lines;
}

/** The built-in table, read once on first use. */
export function builtinNodeDefs(): NodeDefs {
  if (!table) {
    const file = tablePath();
    table = new LazyNodeDefs(file, readIndex(file));
  }
  return table;
}
