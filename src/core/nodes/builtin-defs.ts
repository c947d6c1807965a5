/**
 * Definitions of every core node of ComfyUI v0.3.64, used when no /object_info is available.
 * Generated from the real /object_info (tooltips dropped) so that ranges, steps and combo
 * options match what a server validates. Model-file combos are empty there (no models
 * installed) and stay empty here: they are file references, never enums to vary.
 * Startup cost matters (cr-analyze): the table is unpacked on first use, one line per class,
 * and a class is parsed and normalised only when asked for (a workflow uses a dozen of 383).
 */
import { gunzipSync } from "node:zlib";
import { parseObjectInfo, type NodeDef, type NodeDefs } from "../comfy/object-info.js";
import type { JsonValue } from "../json/lossless.js";
import { BUILTIN_DEFS_GZ_B64 } from "./builtin-defs-data.js";

export { SAMPLER_NAMES, SCHEDULER_NAMES } from "./sampler-names.js";

const BIGINT_TAG = "#bigint:";

/** A ReadonlyMap over the raw lines that parses and normalises each class on first access. */
class LazyNodeDefs implements ReadonlyMap<string, NodeDef> {
  private readonly parsed = new Map<string, NodeDef | undefined>();

  constructor(private readonly raw: ReadonlyMap<string, string>) {}

  get(name: string): NodeDef | undefined {
    const line = this.raw.get(name);
    if (line === undefined) return undefined;
    if (!this.parsed.has(name)) {
      const spec = JSON.parse(line, (_key, value: unknown) =>
        typeof value === "string" && value.startsWith(BIGINT_TAG) ? BigInt(value.slice(BIGINT_TAG.length)) : value,
      ) as JsonValue;
      this.parsed.set(name, parseObjectInfo({ [name]: spec }).get(name));
    }
    return this.parsed.get(name);
  }

  has(name: string): boolean {
    return this.raw.has(name) && this.get(name) !== undefined;
  }

  get size(): number {
    return [...this.keys()].length;
  }

  *entries(): MapIterator<[string, NodeDef]> {
    for (const name of this.raw.keys()) {
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

/** The built-in table, unpacked once on first use. */
export function builtinNodeDefs(): NodeDefs {
  if (!table) {
    const lines = gunzipSync(Buffer.from(BUILTIN_DEFS_GZ_B64, "base64")).toString("utf8").split("\n");
    table = new LazyNodeDefs(new Map(lines.map((line) => [line.slice(0, line.indexOf("\t")), line.slice(line.indexOf("\t") + 1)])));
  }
  return table;
}
