/**
 * Edits the parent's config YAML in place with the yaml package's Document API, so the user's own
 * comments, key order and unrelated keys survive; every change carries a comment saying why.
 */
import { isMap, isScalar, parseDocument, type YAMLSeq, type Document, type Node, type Pair, type YAMLMap } from "yaml";
import type { RefineDecision } from "../../core/analysis/refine.js";

export type ConfigDocument = Document.Parsed;

export function parseConfigDocument(text: string): ConfigDocument {
  return parseDocument(text);
}

/** The pair of `key` in a map node, if any. */
function pairOf(map: YAMLMap, key: string): Pair<unknown, unknown> | undefined {
  return map.items.find((item) => isScalar(item.key) && item.key.value === key) as Pair<unknown, unknown> | undefined;
}

/** Comment lines cr-refine wrote (in an earlier round): replaced, never piled up. */
const OWN_COMMENT = /^ ?(cr-refine:|Refined by cr-refine |The comments starting with cr-refine)/;

/** The user's comment lines kept, this round's line added after them. */
function withComment(existing: string | null | undefined, text: string): string {
  const kept = (existing ?? "").split("\n").filter((line) => line !== "" && !OWN_COMMENT.test(line));
  return [...kept, ` ${text}`].join("\n");
}

/** Adds a comment line above a key (after any comment the user already wrote there). */
function commentAbove(pair: Pair<unknown, unknown>, text: string): void {
  if (isScalar(pair.key)) pair.key.commentBefore = withComment(pair.key.commentBefore, text);
}

function flowList(doc: ConfigDocument, values: readonly unknown[]): YAMLSeq {
  const seq = doc.createNode([...values]) as YAMLSeq;
  seq.flow = true;
  return seq;
}

const RANGE_KEYS = ["type", "min", "max", "step", "scale", "points", "values"];

/** One decision on `parameters.<name>`; false when the config has no such entry. */
function applyDecision(doc: ConfigDocument, parameters: YAMLMap, decision: RefineDecision): boolean {
  const pair = pairOf(parameters, decision.name);
  if (pair === undefined) return false;
  const spec = pair.value as Node | null;
  switch (decision.action) {
    case "keep":
      commentAbove(pair, `cr-refine: kept: ${decision.reason}`);
      return true;
    case "fix":
      if (isMap(spec)) {
        for (const key of RANGE_KEYS) spec.delete(key);
        spec.set("values", flowList(doc, [decision.value]));
      } else pair.value = flowList(doc, [decision.value]);
      commentAbove(pair, `cr-refine: ${decision.reason}`);
      return true;
    case "levels":
      if (isMap(spec)) spec.set("values", flowList(doc, decision.values));
      else pair.value = flowList(doc, decision.values);
      commentAbove(pair, `cr-refine: ${decision.reason}`);
      return true;
    case "range":
      if (!isMap(spec)) return false;
      spec.set("min", decision.min);
      spec.set("max", decision.max);
      commentAbove(pair, `cr-refine: narrowed: ${decision.reason}`);
      return true;
  }
}

/** Applies every decision; returns the names the config did not have as an editable entry. */
export function applyDecisions(doc: ConfigDocument, decisions: readonly RefineDecision[]): string[] {
  const parameters = doc.get("parameters", true);
  if (!isMap(parameters)) return decisions.map((d) => d.name);
  return decisions.filter((d) => !applyDecision(doc, parameters, d)).map((d) => d.name);
}

/** Sets a top-level key (keeping its place when it exists, else at the end) with a comment above it. */
export function setTopLevel(doc: ConfigDocument, key: string, value: unknown, comment?: string): void {
  const root = doc.contents;
  if (!isMap(root)) return;
  let pair = pairOf(root, key);
  if (pair === undefined) {
    const created = doc.createPair(key, value);
    (root.items as unknown[]).push(created);
    pair = created as Pair<unknown, unknown>;
  } else if (isScalar(pair.value) && (typeof value === "string" || typeof value === "number"))
    pair.value.value = value; // keeps a comment after it
  else pair.value = doc.createNode(value);
  if (comment !== undefined) commentAbove(pair, comment);
}

/** Sets a nested key such as output.base_dir only when the parent map exists and holds it. */
export function replaceIn(doc: ConfigDocument, path: readonly string[], value: string): void {
  if (doc.hasIn(path)) doc.setIn(path, value);
}

export function getText(doc: ConfigDocument, path: readonly (string | number)[]): string | undefined {
  const value = doc.getIn(path);
  return typeof value === "string" ? value : undefined;
}

export function prependComment(doc: ConfigDocument, text: string): void {
  const own = (lines: string): string[] => lines.split("\n").filter((line) => !OWN_COMMENT.test(line));
  // Read back, the file's first comment belongs to its first key: an earlier round's header is there.
  const root = doc.contents;
  const first = isMap(root) ? root.items[0]?.key : undefined;
  if (isScalar(first) && first.commentBefore) {
    const kept = own(first.commentBefore);
    while (kept[0] === "") kept.shift();
    first.commentBefore = kept.length > 0 ? kept.join("\n") : null;
  }
  const kept = own(doc.commentBefore ?? "");
  while (kept[0] === "") kept.shift();
  doc.commentBefore = kept.length > 0 ? `${text}\n\n${kept.join("\n")}` : text;
}
