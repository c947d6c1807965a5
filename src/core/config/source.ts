/**
 * The YAML text of a config, parsed once, with a way back from any data path to
 * `file:line:column`, so every problem can say where it is.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from "yaml";

/** Enough for any real config's anchors; an "alias bomb" (aliases of aliases) needs far more. */
const MAX_ALIAS_COUNT = 1000;

export type ConfigPath = readonly (string | number)[];

export interface ConfigSource {
  /** The file name as shown to the user. */
  readonly file: string;
  /** Plain data (maps become objects, safe integers numbers, larger integers bigints). */
  readonly data: unknown;
  /** Keys of a map in the order they appear in the file (JS objects reorder integer-like keys). */
  keysInOrder(path: ConfigPath): string[];
  /** `file:line:column` of the value at path, or of its nearest existing ancestor. */
  locate(path: ConfigPath, at?: "key" | "value"): string;
  /** YAML syntax problems, already located. */
  readonly syntaxErrors: readonly string[];
}

export function parseConfigSource(text: string, file: string): ConfigSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, intAsBigInt: true, uniqueKeys: true, prettyErrors: false });
  const position = (offset: number): string => {
    const { line, col } = lineCounter.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  const syntaxErrors = [...doc.errors].map((error) => `${position(error.pos[0])} ${firstLine(error.message)}`);
  let data: unknown;
  if (syntaxErrors.length === 0) {
    try {
      data = unbigSafeIntegers(doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }));
    } catch (error) {
      // yaml throws ReferenceError for an undefined alias and for an alias bomb.
      if (!(error instanceof ReferenceError)) throw error;
      syntaxErrors.push(aliasError(doc, error, position));
    }
  }
  return {
    file,
    data,
    syntaxErrors,
    keysInOrder: (path) => {
      const node = findNode(doc, path, "value");
      return isMap(node) ? node.items.map((pair) => keyText(pair.key)) : [];
    },
    locate: (path, at = "value") => {
      const node = findNode(doc, path, at);
      return position(node?.range?.[0] ?? 0);
    },
  };
}

function aliasError(doc: Document, error: ReferenceError, position: (offset: number) => string): string {
  const aliases: { name: string; offset: number }[] = [];
  visit(doc, {
    Alias: (_key, node) => {
      aliases.push({ name: node.source, offset: node.range?.[0] ?? 0 });
    },
  });
  const unresolved = /Unresolved alias[^:]*: (.*)$/.exec(error.message)?.[1];
  if (unresolved !== undefined) {
    const at = aliases.find((alias) => alias.name === unresolved)?.offset ?? 0;
    return `${position(at)} the alias *${unresolved} refers to no anchor (define &${unresolved} before it, or remove the alias)`;
  }
  return `${position(aliases[0]?.offset ?? 0)} the aliases in this file expand to more than ${MAX_ALIAS_COUNT} copies; write the values out instead of nesting aliases`;
}

function firstLine(message: string): string {
  // yaml reports its own stack overflow on absurd nesting as an ordinary error.
  if (message.includes("Maximum call stack size exceeded")) return "nested too deeply (hundreds of levels): flatten the structure";
  return message.split("\n")[0] ?? message;
}

function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

/** The node at path (the key node when at = "key"), or the deepest ancestor that exists. */
function findNode(doc: Document, path: ConfigPath, at: "key" | "value"): Node | undefined {
  let node: unknown = doc.contents;
  let found = node as Node | undefined;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && keyText(item.key) === String(segment));
      if (!pair) return found;
      if (last && at === "key" && pair.key && typeof pair.key === "object") return pair.key as Node;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number") {
      node = node.items[segment];
    } else {
      return found;
    }
    if (node && typeof node === "object" && "range" in node) found = node as Node;
    else return found;
  }
  return found;
}

/** YAML ints arrive as bigints (so seeds above 2^53 stay exact); small ones become numbers. */
function unbigSafeIntegers(value: unknown): unknown {
  if (typeof value === "bigint") {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  }
  if (Array.isArray(value)) return value.map(unbigSafeIntegers);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[key] = unbigSafeIntegers(inner);
    return out;
  }
  return value;
}

/** `parameters["nodes.57.inputs.cfg"].values[2]` style, readable and unambiguous. */
export function formatConfigPath(path: ConfigPath): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(segment)) text += text === "" ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}
