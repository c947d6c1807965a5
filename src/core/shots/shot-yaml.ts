/**
 * shot.yaml: per-shot `set:` overrides, checked as strictly as the config before anything
 * starts: unknown keys (with the closest key), paths that do not exist in the workflow,
 * links, and values the node definition does not allow, each with its file:line:column.
 */
import { readFile } from "node:fs/promises";
import type { NodeDefs } from "../comfy/object-info.js";
import { checkAgainstSpec } from "../config/input-checks.js";
import { didYouMean } from "../config/issues.js";
import { parseConfigSource } from "../config/source.js";
import type { DiscreteParameter } from "../config/types.js";
import type { JsonValue } from "../json/lossless.js";
import { describeNode, isLink, type Workflow } from "../workflow/model.js";
import { parsePath, type InputPath } from "../workflow/paths.js";

/** What shot.yaml `set:` entries are checked against. */
export interface OverrideTarget {
  readonly workflow: Workflow;
  /** Node definitions (a server's, a saved /object_info, or the built-in table). */
  readonly defs?: NodeDefs;
  /** The built-in table knows core combo options only: an unknown choice is not an error then. */
  readonly partialDefs?: boolean;
}

/** The keys a shot.yaml may have. */
const SHOT_YAML_KEYS = ["set"];

/** The overrides of one shot; every problem goes to `problems`. No shot.yaml: no overrides. */
export async function readShotYaml(file: string, problems: string[], target: OverrideTarget | undefined): Promise<Record<string, string | number | boolean>> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return {};
  }
  const source = parseConfigSource(text, file);
  if (source.syntaxErrors.length > 0) {
    problems.push(...source.syntaxErrors);
    return {};
  }
  const data = source.data;
  if (data === null || data === undefined) return {};
  if (typeof data !== "object" || Array.isArray(data)) {
    problems.push(`${source.locate([])} shot.yaml must be a mapping, e.g. "set: {nodes.67.inputs.length: 81}"`);
    return {};
  }
  for (const key of Object.keys(data)) {
    if (!SHOT_YAML_KEYS.includes(key))
      problems.push(`${source.locate([key], "key")} unknown key "${key}"${didYouMean(key, SHOT_YAML_KEYS)}; shot.yaml has only set:`);
  }
  const set = (data as { set?: unknown }).set;
  if (set === undefined || set === null) return {};
  if (typeof set !== "object" || Array.isArray(set)) {
    problems.push(`${source.locate(["set"])} set: must map input paths to values, e.g. "set: {nodes.67.inputs.length: 81}"`);
    return {};
  }
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(set)) {
    const where = `${source.locate(["set", key], "key")} set.${key}:`;
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
      problems.push(`${where} must be a string, number or boolean`);
      continue;
    }
    const problem = target === undefined ? undefined : overrideProblem(target, key, value);
    if (problem !== undefined) problems.push(`${where} ${problem}`);
    else out[key] = value;
  }
  return out;
}

/** Why `set: {path: value}` cannot apply to this workflow, or undefined when it can. */
function overrideProblem({ workflow, defs, partialDefs }: OverrideTarget, pathText: string, value: string | number | boolean): string | undefined {
  let target: InputPath;
  try {
    target = parsePath(pathText);
  } catch (error) {
    return (error as Error).message;
  }
  const node = workflow[target.node];
  if (!node) return `the workflow has no node "${target.node}"`;
  if (!Object.hasOwn(node.inputs, target.input)) {
    return `${describeNode(workflow, target.node)} has no input "${target.input}"${didYouMean(target.input, Object.keys(node.inputs))}; its inputs: ${Object.keys(node.inputs).join(", ") || "(none)"}`;
  }
  const current = node.inputs[target.input] as JsonValue;
  if (isLink(current))
    return `${describeNode(workflow, target.node)} input "${target.input}" is a link from node ${String(current[0])}, not a value that can be set`;
  const kind = (v: unknown): string => (typeof v === "bigint" ? "number" : typeof v);
  if (current !== null && kind(current) !== kind(value) && ["string", "number", "boolean"].includes(kind(current))) {
    return `${describeNode(workflow, target.node)} input "${target.input}" holds a ${kind(current)}, not a ${kind(value)} like ${JSON.stringify(value)}`;
  }
  const spec = defs?.get(node.class_type)?.inputs.get(target.input);
  if (spec === undefined || (partialDefs === true && spec.kind === "COMBO")) return undefined;
  // The same range, whole-number and choice checks as a config parameter with this one value.
  const asParameter: DiscreteParameter = { type: "values", name: pathText, values: [value], paths: [target], at: [] };
  const problems = checkAgainstSpec(asParameter, spec);
  return problems.length > 0 ? `${describeNode(workflow, target.node)} input "${target.input}": ${problems.join("; ")}` : undefined;
}
