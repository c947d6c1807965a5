/**
 * The built-in node table is every core node of ComfyUI v0.3.64, generated from the real
 * /object_info (tooltips and other prose dropped, one "<class>\t<json>" line each).
 * UPDATE_BUILTIN=1 regenerates the table in data/; review the diff.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseObjectInfo } from "../../../src/core/comfy/object-info.js";
import { parseJson, type JsonValue } from "../../../src/core/json/lossless.js";
import { BUILTIN_DEFS_FILE, builtinNodeDefs, SAMPLER_NAMES, SCHEDULER_NAMES } from "../../../src/core/nodes/builtin-defs.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const SOURCE = path.join(ROOT, "test/fixtures/reference/comfyui/object_info-v0.3.64.json");
const TARGET = path.join(ROOT, BUILTIN_DEFS_FILE);
/** Plain JSON.parse reads the table fast; the few integers beyond 2^53 (seed limits) travel as tagged strings. */
const BIGINT_TAG = "#bigint:";

function tagBigints(value: Json): Json {
  if (typeof value === "bigint") return `${BIGINT_TAG}${value.toString()}`;
  if (Array.isArray(value)) return value.map(tagBigints);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, tagBigints(v)]));
  return value;
}

type Json = JsonValue;

/** Only what the analysis reads: input specs without prose, outputs, output_node, display_name. */
function compact(objectInfo: Record<string, Json>): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [name, raw] of Object.entries(objectInfo)) {
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) continue;
    const input = (raw["input"] ?? {}) as Record<string, Record<string, Json[]>>;
    const sections: Record<string, Json> = {};
    for (const section of ["required", "optional"]) {
      const entries = input[section];
      if (!entries) continue;
      sections[section] = Object.fromEntries(
        Object.entries(entries).map(([key, spec]) => {
          if (!Array.isArray(spec)) return [key, spec];
          const [head, opts] = spec;
          if (opts === null || typeof opts !== "object" || Array.isArray(opts)) return [key, [head ?? null]];
          const kept = Object.fromEntries(Object.entries(opts).filter(([k]) => !["tooltip", "display_name", "placeholder"].includes(k)));
          return [key, Object.keys(kept).length > 0 ? [head ?? null, kept] : [head ?? null]];
        }),
      );
    }
    out[name] = { display_name: raw["display_name"] ?? null, output_node: raw["output_node"] === true, output: raw["output"] ?? [], input: sections };
  }
  return out;
}

/**
 * Every core node, one "<class>\t<json>" line each (integers beyond 2^53 as "#bigint:<digits>"),
 * after an index line: a JSON list of [class, bytes of its JSON], in line order.
 */
function generated(): string {
  const source = parseJson(readFileSync(SOURCE, "utf8")) as Record<string, Json>;
  const entries = Object.entries(tagBigints(compact(source)) as Record<string, Json>).map(([name, def]) => [name, JSON.stringify(def)] as const);
  const index = JSON.stringify(entries.map(([name, json]) => [name, Buffer.byteLength(json)]));
  return `${[index, ...entries.map(([name, json]) => `${name}\t${json}`)].join("\n")}\n`;
}

describe("built-in node table", () => {
  it("is generated from the real /object_info and up to date", () => {
    const text = generated();
    if (process.env["UPDATE_BUILTIN"] === "1") writeFileSync(TARGET, text);
    expect(
      readFileSync(TARGET, "utf8") === text,
      `${BUILTIN_DEFS_FILE} is stale: run UPDATE_BUILTIN=1 npx vitest run test/unit/analyze/builtin-defs.test.ts`,
    ).toBe(true);
  });

  it("holds every core node with the same inputs, limits and options as the server", () => {
    const real = parseObjectInfo(parseJson(readFileSync(SOURCE, "utf8")));
    const builtin = builtinNodeDefs();
    expect([...builtin.keys()].sort()).toEqual([...real.keys()].sort());
    expect(builtin.size).toBeGreaterThan(300);
    for (const [name, def] of real) {
      const mine = builtin.get(name);
      expect(mine?.outputNode, name).toBe(def.outputNode);
      for (const [input, spec] of def.inputs) {
        const { tooltip: _drop, ...wanted } = spec;
        expect(mine?.inputs.get(input), `${name}.${input}`).toEqual(wanted);
      }
    }
  });

  it("keeps the sampler and scheduler name lists in step with KSampler's", () => {
    const ksampler = builtinNodeDefs().get("KSampler");
    expect(ksampler?.inputs.get("sampler_name")?.options).toEqual(SAMPLER_NAMES);
    expect(ksampler?.inputs.get("scheduler")?.options).toEqual(SCHEDULER_NAMES);
  });
});
