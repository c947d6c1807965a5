/** Turns zod issues into located, human messages, with "did you mean" for unknown keys and options. */
import { z } from "zod";
import { didYouMean, type IssueList } from "./issues.js";
import type { ConfigPath } from "./source.js";

type Issue = z.core.$ZodIssue;

export function reportZodIssues(issues: readonly Issue[], schema: z.ZodType, list: IssueList): void {
  for (const issue of issues) reportIssue(issue, [], schema, list);
}

function reportIssue(issue: Issue, prefix: ConfigPath, schema: z.ZodType, list: IssueList): void {
  const path: ConfigPath = [...prefix, ...issue.path.map((p) => (typeof p === "symbol" ? String(p) : p))];
  switch (issue.code) {
    case "unrecognized_keys": {
      const known = knownKeysAt(schema, path);
      for (const key of issue.keys) {
        list.add([...path, key], `unknown key "${key}"${didYouMean(key, known)}`, "key");
      }
      return;
    }
    case "invalid_value": {
      const options = issue.values.map(String);
      const input = (issue as { input?: unknown }).input;
      const shown = typeof input === "string" ? `"${input}"` : String(input);
      const hint = typeof input === "string" ? didYouMean(input, options) : "";
      list.add(path, `${shown} is not one of ${options.join(", ")}${hint}`);
      return;
    }
    case "invalid_union": {
      // Report the branch that matched the value's shape (a list, or a mapping).
      const branch = issue.errors.find((errors) => !errors.some((e) => e.code === "invalid_type" && e.path.length === 0));
      if (branch) for (const inner of branch) reportIssue(inner, path, schema, list);
      else list.add(path, `expected ${describeUnion(issue)}, got ${describeInput((issue as { input?: unknown }).input)}`);
      return;
    }
    case "invalid_type": {
      const input = (issue as { input?: unknown }).input;
      if (input === undefined) list.add(path, `is required (${issue.expected})`);
      else list.add(path, `expected ${article(issue.expected)}, got ${describeInput(input)}`);
      return;
    }
    default:
      list.add(path, issue.message);
  }
}

function describeUnion(issue: Extract<Issue, { code: "invalid_union" }>): string {
  const expected = issue.errors.flatMap((errors) => errors.filter((e) => e.code === "invalid_type").map((e) => (e as { expected: string }).expected));
  return [...new Set(expected.map(article))].join(" or ") || "a different value";
}

function article(expected: string): string {
  const names: Record<string, string> = {
    array: "a list",
    object: "a mapping",
    string: "a string",
    number: "a number",
    boolean: "true or false",
    int: "a whole number",
    bigint: "a number",
  };
  return names[expected] ?? expected;
}

export function describeInput(input: unknown): string {
  if (input === null) return "null";
  if (Array.isArray(input)) return "a list";
  if (typeof input === "object") return "a mapping";
  if (typeof input === "string") return `the string "${input.length > 40 ? `${input.slice(0, 40)}…` : input}"`;
  // YAML's .nan and .inf are numbers to JavaScript but never a usable value.
  if (typeof input === "number" && Number.isNaN(input)) return "NaN (.nan), which is not a valid number";
  if (typeof input === "number" && !Number.isFinite(input)) return `${input < 0 ? "-" : ""}infinity (.inf), which is not a valid number`;
  return `${typeof input === "bigint" ? "number" : typeof input} ${String(input)}`;
}

/** The keys the schema allows at `path`, found by walking the schema like the data. */
export function knownKeysAt(schema: z.ZodType, path: ConfigPath): string[] {
  let node: z.ZodType | undefined = schema;
  for (const segment of path) {
    node = childSchema(unwrap(node), segment);
    if (!node) return [];
  }
  const object = findObject(unwrap(node));
  return object ? Object.keys(object.shape) : [];
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let current = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodNullable || current instanceof z.ZodDefault || current instanceof z.ZodPrefault) {
    current = current.unwrap() as z.ZodType;
  }
  return current;
}

function findObject(schema: z.ZodType | undefined): z.ZodObject | undefined {
  if (schema instanceof z.ZodObject) return schema;
  if (schema instanceof z.ZodUnion) {
    for (const option of schema.options) {
      const found = findObject(unwrap(option as z.ZodType));
      if (found) return found;
    }
  }
  return undefined;
}

function childSchema(schema: z.ZodType | undefined, segment: string | number): z.ZodType | undefined {
  if (schema instanceof z.ZodRecord) return schema.valueType as z.ZodType;
  if (schema instanceof z.ZodArray) return schema.element as z.ZodType;
  const object = findObject(schema);
  return object ? (object.shape[String(segment)] as z.ZodType | undefined) : undefined;
}
