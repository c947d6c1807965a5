/**
 * Definitions of every core node of ComfyUI v0.3.64, used when no /object_info is available.
 * Generated from the real /object_info (tooltips dropped) so that ranges, steps and combo
 * options match what a server validates. Model-file combos are empty there (no models
 * installed) and stay empty here: they are file references, never enums to vary.
 * Startup cost matters (cr-analyze): the table is a plain text file of one "<class>\t<json>" line
 * per class (data/, ~150 KB), read on first use; a class is decoded, parsed and normalised only
 * when asked for (a workflow uses a dozen of 383). Gzip would save ~135 KB on disk but cost ~10 ms
 * of every start (loading zlib, base64, inflating), a quarter of cr-analyze's start budget.
 */
import { existsSync, readFileSync } from "node:fs";
import { parseObjectInfo, type NodeDef, type NodeDefs } from "../comfy/object-info.js";
import type { JsonValue } from "../json/lossless.js";

export { SAMPLER_NAMES, SCHEDULER_NAMES } from "./sampler-names.js";

/** Where the generated table lives, from the package root. */
export const BUILTIN_DEFS_FILE = "data/comfyui-v0.3.64-nodes.tsv";
const BIGINT_TAG = "#bigint:";

/** A ReadonlyMap over the raw lines that parses and normalises each class on first access. */
class LazyNodeDefs implements ReadonlyMap<string, NodeDef> {
  private readonly parsed = new Map<string, NodeDef | undefined>();

  /** `lines` maps each class to the byte range of its JSON in `text`. */
  constructor(
    private readonly text: Buffer,
    private readonly lines: ReadonlyMap<string, readonly [number, number]>,
  ) {}

  get(name: string): NodeDef | undefined {
    const range = this.lines.get(name);
    if (range === undefined) return undefined;
    if (!this.parsed.has(name)) {
      const spec = JSON.parse(this.text.toString("utf8", range[0], range[1]), (_key, value: unknown) =>
        typeof value === "string" && value.startsWith(BIGINT_TAG) ? BigInt(value.slice(BIGINT_TAG.length)) : value,
      ) as JsonValue;
      this.parsed.set(name, parseObjectInfo({ [name]: spec }).get(name));
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

/**
 * Indexes the lines by class name without decoding the JSON parts. Read as latin1, one byte is one
 * character, so the offsets found in the text are byte offsets in the file (class names are ASCII).
 */
function indexLines(bytes: Buffer): Map<string, readonly [number, number]> {
  const text = bytes.toString("latin1");
  const lines = new Map<string, readonly [number, number]>();
  for (let start = 0; start < text.length; ) {
    const newline = text.indexOf("\n", start);
    const end = newline === -1 ? text.length : newline;
    const tab = text.indexOf("\t", start);
    if (tab !== -1 && tab < end) lines.set(text.slice(start, tab), [tab + 1, end]);
    start = end + 1;
  }
  return lines;
}

/** The built-in table, read once on first use. */
export function builtinNodeDefs(): NodeDefs {
  if (!table) {
    const text = readFileSync(tablePath());
    table = new LazyNodeDefs(text, indexLines(text));
  }
  return table;
}
