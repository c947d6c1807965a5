/**
 * `--set PATH=VALUE` overrides: the text is coerced to the type of the value it replaces,
 * and checked against the node definition when one is known.
 */
import { UserError } from "../errors.js";
import type { JsonValue } from "../json/lossless.js";
import { subfolderFile, type ServerFileRef } from "../comfy/input-files.js";
import type { InputSpec, NodeDefs } from "../comfy/object-info.js";
import { getInput, isLink, setInput, type Workflow } from "./model.js";
import { formatPath, parsePath, type InputPath } from "./paths.js";

export interface Override {
  readonly path: InputPath;
  readonly value: JsonValue;
  /** A file in a subfolder of the server's input folder: not in /object_info's list, so the caller checks it with the server. */
  readonly serverFile?: ServerFileRef;
}

/** Splits at the first "=" that is not inside brackets or quotes of the path. */
export function splitAssignment(text: string): { path: string; value: string } {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === "[") depth++;
    else if (ch === "]" && --depth < 0) throw badPath(text, `the ']' at character ${i + 1} closes no '['`);
    else if (ch === "=" && depth === 0) return { path: text.slice(0, i), value: text.slice(i + 1) };
  }
  if (quote) throw badPath(text, `the ${quote} quote is never closed`);
  if (depth > 0) throw badPath(text, `${depth === 1 ? "a '[' is" : `${depth} '[' are`} never closed with ']'`);
  throw new UserError(`--set '${text}' has no '='.`, { hint: "Write it as --set nodes.3.inputs.steps=30." });
}

function badPath(text: string, why: string): UserError {
  return new UserError(`--set '${text}': invalid path: ${why}.`, {
    hint: `Write it as --set nodes.3.inputs.steps=30, or --set 'nodes["1926:1623"].inputs.steps=30' when the id has a colon or dot.`,
  });
}

/**
 * The path half of `--set PATH=VALUE`, checked against the workflow: a literal input that
 * exists. Needs no node definitions, so it can run before any server is contacted.
 */
export function parseOverrideTarget(workflow: Workflow, text: string): { path: InputPath; raw: string; current: JsonValue } {
  const { path: pathText, value: raw } = splitAssignment(text);
  const path = parsePath(pathText);
  const current = getInput(workflow, path);
  if (isLink(current)) throw new UserError(`${formatPath(path)} is a link, not a value; --set cannot change it.`);
  return { path, raw, current };
}

export function parseOverride(workflow: Workflow, text: string, defs?: NodeDefs): Override {
  const { path, raw, current } = parseOverrideTarget(workflow, text);
  const spec = defs?.get(workflow[path.node]?.class_type ?? "")?.inputs.get(path.input);
  const value = coerce(raw, current, spec, formatPath(path));
  const listed = spec?.options?.includes(String(value)) ?? false;
  const serverFile = spec && !listed ? subfolderFile(spec, value) : undefined;
  if (serverFile) return { path, value, serverFile };
  if (spec) checkAgainstSpec(value, spec, formatPath(path));
  return { path, value };
}

export function applyOverrides(workflow: Workflow, overrides: readonly Override[]): void {
  for (const o of overrides) setInput(workflow, o.path, o.value);
}

function coerce(raw: string, current: JsonValue, spec: InputSpec | undefined, where: string): JsonValue {
  const kind = spec?.kind ?? kindOf(current);
  const text = raw.trim();
  switch (kind) {
    case "INT": {
      if (!/^[+-]?\d+$/.test(text)) throw new UserError(`${where} is an integer input; '${raw}' is not a whole number.`);
      const big = BigInt(text);
      return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
    }
    case "INT_OR_FLOAT":
    case "FLOAT": {
      if (kind === "INT_OR_FLOAT" && /^[+-]?\d+$/.test(text)) return coerce(raw, current, { ...(spec ?? dummySpec), kind: "INT" }, where);
      const n = Number(text);
      if (text === "" || !Number.isFinite(n)) throw new UserError(`${where} is a number input; '${raw}' is not a number.`);
      return n;
    }
    case "BOOLEAN": {
      if (/^(true|1|yes|on)$/i.test(text)) return true;
      if (/^(false|0|no|off)$/i.test(text)) return false;
      throw new UserError(`${where} is a true/false input; '${raw}' is neither.`);
    }
    default:
      return raw;
  }
}

const dummySpec: InputSpec = { name: "", kind: "INT", required: true, upload: false, multiline: false };

function kindOf(value: JsonValue): string {
  if (typeof value === "bigint") return "INT";
  if (typeof value === "number") return Number.isInteger(value) ? "INT_OR_FLOAT" : "FLOAT";
  if (typeof value === "boolean") return "BOOLEAN";
  return "STRING";
}

function checkAgainstSpec(value: JsonValue, spec: InputSpec, where: string): void {
  if (spec.kind === "COMBO" && spec.options && spec.options.length > 0 && !spec.options.includes(String(value))) {
    const shown = spec.options.length > 40 ? `${spec.options.slice(0, 40).join(", ")}, …` : spec.options.join(", ");
    throw new UserError(`${where}: '${String(value)}' is not one of the valid options.`, { hint: `Valid: ${shown}` });
  }
  if ((typeof value === "number" || typeof value === "bigint") && (spec.kind === "INT" || spec.kind === "FLOAT")) {
    if (spec.min !== undefined && value < spec.min) throw new UserError(`${where}: ${value} is below the minimum ${spec.min}.`);
    if (spec.max !== undefined && value > spec.max) throw new UserError(`${where}: ${value} is above the maximum ${spec.max}.`);
  }
}
