/**
 * YAML text for the configs cr-analyze writes, without the yaml package: loading yaml was the
 * largest part of cr-analyze's start (bench/analyze-cold-start.ts), and a config needs little of
 * it: block maps, lists of scalars in flow style ([a, b]) and comments. Strings are quoted where
 * yaml's own stringify (single quotes preferred, no line folding) quotes them, so the text is the
 * one yaml's Document API wrote; test/unit/analyze/yaml-text.test.ts checks both against yaml.
 */
import type { Scalar } from "./types.js";

export type YamlValue = Scalar | null | undefined | readonly Scalar[] | YamlMap;
export interface YamlMap {
  readonly [key: string]: YamlValue;
}

const INDENT = "  ";

/** `key: value` lines of a block map; nested maps two spaces further in, lists in flow style. Undefined values are left out. */
export function yamlBlock(map: YamlMap, indent = ""): string[] {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(map)) {
    if (value === undefined) continue;
    const head = `${indent}${yamlString(key, false, true)}:`;
    if (isMap(value)) lines.push(head, ...yamlBlock(value, indent + INDENT));
    else if (value === null) lines.push(head);
    else lines.push(`${head} ${Array.isArray(value) ? yamlFlowList(value) : yamlScalar(value as Scalar, false)}`);
  }
  return lines;
}

export function yamlFlowList(values: readonly Scalar[]): string {
  return `[${values.map((v) => yamlScalar(v, true)).join(", ")}]`;
}

/**
 * A comment as yaml writes it: each line gets "#" (so " text" becomes "# text" and "# title"
 * becomes "## title"), empty lines stay empty, and non-blank lines are indented.
 */
export function yamlComment(text: string, indent = ""): string[] {
  const commented = text.replace(/^(?!$)(?: $)?/gm, "#");
  return (indent ? commented.replace(/^(?! *$)/gm, indent) : commented).split("\n");
}

export function yamlScalar(value: Scalar, inFlow: boolean): string {
  if (typeof value === "string") return yamlString(value, inFlow);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return Number.isNaN(value) ? ".nan" : value < 0 ? "-.inf" : ".inf";
    return Object.is(value, -0) ? "-0" : JSON.stringify(value);
  }
  return String(value);
}

// Plain text that YAML's core schema would read as something other than a string.
const NOT_A_STRING = [
  /^(?:~|[Nn]ull|NULL)?$/,
  /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
  /^0o[0-7]+$/,
  /^[-+]?[0-9]+$/,
  /^0x[0-9a-fA-F]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
];
// yaml's test for text that cannot be written plain (an indicator first, ": ", " #", edge spaces…).
const NEEDS_QUOTES = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
// yaml quotes a key that looks like a document marker; a value below the top level stays plain.
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;
const CONTROL_OR_BREAK = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;

function yamlString(value: string, inFlow: boolean, isKey = false): string {
  // Line breaks and control characters: JSON's escapes, which YAML's double quotes read alike.
  if (CONTROL_OR_BREAK.test(value)) return JSON.stringify(value);
  const plain =
    !(inFlow && /[[\]{},]/.test(value)) && !NEEDS_QUOTES.test(value) && !(isKey && DOCUMENT_MARKER.test(value)) && !NOT_A_STRING.some((re) => re.test(value));
  if (plain) return value;
  // Single quotes unless the text has a single quote and no double one.
  return value.includes("'") && !value.includes('"') ? JSON.stringify(value) : `'${value.replace(/'/g, "''")}'`;
}

function isMap(value: YamlValue): value is YamlMap {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
