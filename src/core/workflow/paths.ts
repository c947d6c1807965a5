/**
 * Parameter paths: where a value lives in an API-format workflow.
 *
 * Accepted forms (all address node "91", input "strength_model"):
 *   nodes.91.inputs.strength_model    91.inputs.strength_model
 *   nodes["91"].inputs["strength_model"]   ["91"].inputs.strength_model
 * Node ids such as "1926:1623" and input names with dots ("resize_type.multiplier")
 * need the bracket form: nodes["1926:1623"].inputs["resize_type.multiplier"].
 */
import { UserError } from "../errors.js";

export interface InputPath {
  readonly node: string;
  readonly input: string;
}

const PLAIN_SEGMENT = /^[A-Za-z0-9_\-:]+$/;

export function parsePath(text: string): InputPath {
  const segments = splitSegments(text.trim());
  const invalid = (why: string): UserError =>
    new UserError(`Invalid parameter path '${text}': ${why}.`, {
      hint: `Write it as nodes.<id>.inputs.<name>, or nodes["<id>"].inputs["<name>"] when the id or name contains dots.`,
    });
  if (!segments) throw invalid("unbalanced brackets or quotes");
  const rest = segments[0] === "nodes" && segments.length === 4 ? segments.slice(1) : segments;
  if (rest.length !== 3) throw invalid(`expected a node id, "inputs" and an input name, got ${rest.length} part(s)`);
  const [node, inputs, input] = rest as [string, string, string];
  if (inputs !== "inputs") throw invalid(`the second part must be "inputs", not "${inputs}"`);
  if (node === "" || input === "") throw invalid("empty node id or input name");
  return { node, input };
}

/** The canonical spelling: dotted where possible, bracketed where needed. */
export function formatPath(path: InputPath): string {
  const seg = (s: string): string => (PLAIN_SEGMENT.test(s) && !s.includes(":") ? `.${s}` : `[${JSON.stringify(s)}]`);
  return `nodes${seg(path.node)}.inputs${seg(path.input)}`;
}

export function samePath(a: InputPath, b: InputPath): boolean {
  return a.node === b.node && a.input === b.input;
}

/** Splits `a.b["c.d"][0]` into ["a", "b", "c.d", "0"]; undefined when malformed. */
function splitSegments(text: string): string[] | undefined {
  const segments: string[] = [];
  let i = 0;
  let expectSegment = true;
  while (i < text.length) {
    const ch = text[i];
    if (ch === "[") {
      const close = readBracket(text, i);
      if (!close) return undefined;
      segments.push(close.value);
      i = close.end;
      expectSegment = false;
    } else if (ch === ".") {
      if (expectSegment) return undefined;
      i++;
      expectSegment = true;
      if (text[i] === "[") return undefined;
    } else {
      let j = i;
      while (j < text.length && text[j] !== "." && text[j] !== "[") j++;
      segments.push(text.slice(i, j));
      i = j;
      expectSegment = false;
    }
  }
  if (expectSegment && segments.length > 0) return undefined;
  return segments;
}

function readBracket(text: string, start: number): { value: string; end: number } | undefined {
  const quote = text[start + 1];
  if (quote === '"' || quote === "'") {
    let j = start + 2;
    let value = "";
    while (j < text.length && text[j] !== quote) {
      if (text[j] === "\\" && j + 1 < text.length) j++;
      value += text[j];
      j++;
    }
    if (text[j] !== quote || text[j + 1] !== "]") return undefined;
    return { value, end: j + 2 };
  }
  const close = text.indexOf("]", start);
  if (close < 0) return undefined;
  return { value: text.slice(start + 1, close), end: close + 1 };
}
