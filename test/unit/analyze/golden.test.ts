/**
 * Golden files: the YAML config and the JSON analysis of every reference workflow, with the
 * built-in node table and with the real /object_info. UPDATE_GOLDEN=1 rewrites them; review the diff.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { analysisToJson } from "../../../src/commands/analyze/json-output.js";
import { stringifyJson } from "../../../src/core/json/lossless.js";
import { analyze, GOLDEN_DIR, INPUT_DIR, readInput, renderFixed } from "./helpers.js";

const update = process.env["UPDATE_GOLDEN"] === "1";
// Rejected by the loader (a link to a missing node): covered by the bad-input tests.
const NOT_LOADABLE = new Set(["mf-error-validation-missing-link.json"]);
const inputs = readdirSync(INPUT_DIR)
  .filter((f) => f.endsWith(".json") && !NOT_LOADABLE.has(f))
  .sort();

function matchGolden(file: string, actual: string): void {
  const target = path.join(GOLDEN_DIR, file);
  if (update || !existsSync(target)) {
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, actual);
    if (!update) throw new Error(`${file} did not exist and was written: check it and run again`);
    return;
  }
  expect(actual, `${file} differs (UPDATE_GOLDEN=1 rewrites it)`).toBe(readFileSync(target, "utf8"));
}

describe.each(["builtin", "real"] as const)("golden analysis with %s definitions", (defs) => {
  it.each(inputs)("%s", (input) => {
    const analysis = analyze(readInput(input), defs, input);
    const stem = input.replace(/\.json$/, "");
    matchGolden(`${stem}.${defs}.yaml`, renderFixed(analysis));
    matchGolden(`${stem}.${defs}.json`, `${stringifyJson(analysisToJson(analysis, undefined), 2)}\n`);
  });
});

it("has golden files for both definition sources of every input", () => {
  const files = new Set(readdirSync(GOLDEN_DIR));
  const missing = inputs.flatMap((i) => ["builtin", "real"].map((d) => `${i.replace(/\.json$/, "")}.${d}.yaml`)).filter((f) => !files.has(f));
  expect(missing).toEqual([]);
});
