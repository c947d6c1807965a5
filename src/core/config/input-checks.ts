/**
 * Does a parameter fit the input it writes? With node definitions from /object_info the
 * check uses the input's kind, range and combo options; without them, only the kind of the
 * value already in the workflow (number, string, boolean), which still catches a number
 * sent to a combo such as weight_dtype.
 */
import { subfolderFile } from "../comfy/input-files.js";
import type { InputSpec } from "../comfy/object-info.js";
import type { JsonValue } from "../json/lossless.js";
import { intLevels } from "../sampling/index.js";
import { closestMatch } from "./issues.js";
import type { Parameter, ScalarValue } from "./types.js";

type Numeric = number | bigint;

/** Every value the parameter can take that matters for a check (all levels, or the range ends). */
function sampleValues(parameter: Parameter): ScalarValue[] {
  switch (parameter.type) {
    case "values":
    case "linear":
      return [...parameter.values];
    case "int":
      return parameter.scale === "log" ? intLevels(parameter.min, parameter.max, parameter.step, "log") : [parameter.min, parameter.max];
    case "continuous":
      return [parameter.min, parameter.max];
    case "random_seed":
      return [0, parameter.max];
  }
}

function kindOfValue(value: ScalarValue | JsonValue): "number" | "string" | "boolean" | "other" {
  if (typeof value === "number" || typeof value === "bigint") return "number";
  if (typeof value === "string") return "string";
  if (typeof value === "boolean") return "boolean";
  return "other";
}

export function isWholeNumber(value: ScalarValue): boolean {
  return typeof value === "bigint" || (typeof value === "number" && Number.isInteger(value));
}

function compare(a: Numeric, b: Numeric): number {
  if (typeof a === "bigint" || typeof b === "bigint") {
    if (isWholeNumber(a) && isWholeNumber(b)) return BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0;
    return Number(a) - Number(b);
  }
  return a - b;
}

/** Problems when nothing but the workflow's current value is known. */
export function checkAgainstCurrentValue(parameter: Parameter, current: JsonValue): string[] {
  const expected = kindOfValue(current);
  if (expected === "other") return [];
  const offending = sampleValues(parameter).find((value) => kindOfValue(value) !== expected);
  if (offending === undefined) return [];
  const shown = typeof offending === "string" ? `"${offending}"` : String(offending);
  return [`the workflow holds a ${expected} here (${JSON.stringify(current)}), but this parameter gives ${kindOfValue(offending)} values such as ${shown}`];
}

/** Problems against the input's definition from /object_info. */
export function checkAgainstSpec(parameter: Parameter, spec: InputSpec): string[] {
  switch (spec.kind) {
    case "COMBO":
      return checkCombo(parameter, spec);
    case "INT":
    case "FLOAT":
      return checkNumber(parameter, spec);
    case "STRING":
    case "BOOLEAN":
      return checkPlain(parameter, spec.kind === "STRING" ? "string" : "boolean");
    case "LINK":
      return [`this input takes a connection (${spec.linkType ?? "link"}), not a value`];
  }
}

function checkCombo(parameter: Parameter, spec: InputSpec): string[] {
  const options = spec.options ?? [];
  if (parameter.type !== "values") {
    return [`this input is a list of choices; use values: [...] with some of: ${shortList(options)}`];
  }
  const problems: string[] = [];
  // An empty list means "not known here" (a server without models in that folder, or the
  // built-in table); the batch's model check speaks about missing files, not this one.
  const known = options.length > 0;
  for (const value of parameter.values) {
    if (typeof value !== "string") {
      problems.push(`${String(value)} is not a valid choice: this input takes one of: ${shortList(options)}`);
    } else if (known && !options.includes(value) && !subfolderFile(spec, value)) {
      // A file in a subfolder (comfy-runner/…) is never in /object_info's list; the server checks it at submit.
      const near = closestMatch(value, options);
      problems.push(`"${value}" is not a valid choice${near ? ` (did you mean "${near}"?)` : ""}; valid: ${shortList(options)}`);
    }
  }
  return problems;
}

function checkNumber(parameter: Parameter, spec: InputSpec): string[] {
  const problems: string[] = [];
  if (spec.kind === "INT") {
    if (parameter.type === "continuous") return ["this input takes whole numbers: use type: int (or a values list of whole numbers)"];
    const fraction = sampleValues(parameter).find((v) => typeof v === "number" && !Number.isInteger(v));
    if (fraction !== undefined) return [`this input takes whole numbers, but ${String(fraction)} is not one`];
  }
  const values = sampleValues(parameter);
  const notNumber = values.find((v) => typeof v !== "number" && typeof v !== "bigint");
  if (notNumber !== undefined) return [`this input takes numbers, not ${JSON.stringify(String(notNumber))}`];
  const numbers = values as Numeric[];
  const low = numbers.reduce((a, b) => (compare(a, b) <= 0 ? a : b));
  const high = numbers.reduce((a, b) => (compare(a, b) >= 0 ? a : b));
  if (spec.min !== undefined && compare(low, spec.min) < 0) problems.push(`${String(low)} is below the input's minimum ${String(spec.min)}`);
  if (spec.max !== undefined && compare(high, spec.max) > 0) problems.push(`${String(high)} is above the input's maximum ${String(spec.max)}`);
  return problems;
}

function checkPlain(parameter: Parameter, kind: "string" | "boolean"): string[] {
  const offending = sampleValues(parameter).find((v) => kindOfValue(v) !== kind);
  return offending === undefined ? [] : [`this input takes ${kind === "string" ? "text" : "true/false"}, not ${String(offending)}`];
}

function shortList(options: readonly string[]): string {
  const shown = options.slice(0, 24).join(", ");
  return options.length > 24 ? `${shown}, … (${options.length} in all)` : shown || "(none)";
}
