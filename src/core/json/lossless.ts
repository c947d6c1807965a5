/**
 * JSON that keeps integers above 2^53 exact. ComfyUI accepts seeds up to 2^64-1, and
 * JSON.parse would silently round them, so workflows are parsed here: an integer literal
 * that is not a safe integer becomes a bigint, everything else is as JSON.parse gives it.
 */

export type JsonValue = null | boolean | number | bigint | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${message} at line ${line}, column ${column}`);
    this.name = "JsonSyntaxError";
  }
}

/**
 * Deeper nesting is refused with a located error instead of overflowing the stack:
 * no real workflow, plan or server reply comes near it.
 */
export const MAX_JSON_DEPTH = 512;

/** An integer of 16 digits or more may be beyond 2^53; with none, JSON.parse loses nothing. */
const LONG_DIGIT_RUN = /\d{16}/;

export function parseJson(text: string): JsonValue {
  return (LONG_DIGIT_RUN.test(text) ? undefined : parseNative(text)) ?? new Parser(text).parseDocument();
}

/**
 * The same result through V8's JSON.parse, several times faster than parsing by hand in
 * JavaScript on a cold start: objects lose their prototype as the hand parser's never had one.
 * Undefined when the text is not valid JSON or too deep: the hand parser then says where.
 */
function parseNative(text: string): JsonValue | undefined {
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
  return dropPrototypes(value, 0) ? value : undefined;
}

/** In place; false when nested deeper than MAX_JSON_DEPTH. */
function dropPrototypes(value: JsonValue, depth: number): boolean {
  if (value === null || typeof value !== "object") return true;
  if (depth >= MAX_JSON_DEPTH) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (!dropPrototypes(item, depth + 1)) return false;
    return true;
  }
  Object.setPrototypeOf(value, null);
  for (const key in value) if (!dropPrototypes(value[key] as JsonValue, depth + 1)) return false;
  return true;
}

class Parser {
  private pos = 0;
  private depth = 0;
  constructor(private readonly text: string) {}

  parseDocument(): JsonValue {
    this.skipWhitespace();
    if (this.text.charCodeAt(0) === 0xfeff) this.pos = 1;
    this.skipWhitespace();
    const value = this.parseValue();
    this.skipWhitespace();
    if (this.pos < this.text.length) this.fail("Unexpected content after the JSON value");
    return value;
  }

  private parseValue(): JsonValue {
    const ch = this.text[this.pos];
    switch (ch) {
      case "{":
      case "[": {
        if (++this.depth > MAX_JSON_DEPTH) this.fail(`Nested more than ${MAX_JSON_DEPTH} levels deep`);
        const value = ch === "{" ? this.parseObject() : this.parseArray();
        this.depth--;
        return value;
      }
      case '"':
        return this.parseString();
      case "t":
        return this.parseLiteral("true", true);
      case "f":
        return this.parseLiteral("false", false);
      case "n":
        return this.parseLiteral("null", null);
      case undefined:
        return this.fail("Unexpected end of the file");
      default:
        if (ch === "-" || (ch >= "0" && ch <= "9")) return this.parseNumber();
        return this.fail(`Unexpected character ${JSON.stringify(ch)}`);
    }
  }

  private parseObject(): JsonObject {
    // A null-prototype object keeps keys like "__proto__" as plain data.
    const result: JsonObject = Object.create(null) as JsonObject;
    this.pos++;
    this.skipWhitespace();
    if (this.text[this.pos] === "}") {
      this.pos++;
      return result;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.pos] !== '"') this.fail("Expected a property name in double quotes");
      const key = this.parseString();
      this.skipWhitespace();
      if (this.text[this.pos] !== ":") this.fail("Expected ':' after a property name");
      this.pos++;
      this.skipWhitespace();
      result[key] = this.parseValue();
      this.skipWhitespace();
      const next = this.text[this.pos];
      if (next === ",") {
        this.pos++;
        continue;
      }
      if (next === "}") {
        this.pos++;
        return result;
      }
      this.fail("Expected ',' or '}' in an object");
    }
  }

  private parseArray(): JsonValue[] {
    const result: JsonValue[] = [];
    this.pos++;
    this.skipWhitespace();
    if (this.text[this.pos] === "]") {
      this.pos++;
      return result;
    }
    for (;;) {
      this.skipWhitespace();
      result.push(this.parseValue());
      this.skipWhitespace();
      const next = this.text[this.pos];
      if (next === ",") {
        this.pos++;
        continue;
      }
      if (next === "]") {
        this.pos++;
        return result;
      }
      this.fail("Expected ',' or ']' in an array");
    }
  }

  private parseString(): string {
    const start = this.pos;
    this.pos++;
    for (;;) {
      const code = this.text.charCodeAt(this.pos);
      if (Number.isNaN(code)) this.fail("Unterminated string");
      if (code === 0x22) break;
      if (code === 0x5c) this.pos += 2;
      else if (code < 0x20) this.fail("Control character in a string");
      else this.pos++;
    }
    this.pos++;
    try {
      return JSON.parse(this.text.slice(start, this.pos)) as string;
    } catch {
      this.pos = start;
      return this.fail("Invalid escape in a string");
    }
  }

  private parseNumber(): number | bigint {
    const match = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
    match.lastIndex = this.pos;
    const found = match.exec(this.text);
    if (!found) return this.fail("Invalid number");
    this.pos += found[0].length;
    const literal = found[0];
    const isInteger = found[1] === undefined && found[2] === undefined;
    const value = Number(literal);
    if (isInteger && !Number.isSafeInteger(value)) return BigInt(literal);
    return value;
  }

  private parseLiteral<T extends JsonValue>(word: string, value: T): T {
    if (this.text.startsWith(word, this.pos)) {
      this.pos += word.length;
      return value;
    }
    return this.fail("Unexpected token");
  }

  private skipWhitespace(): void {
    for (;;) {
      const ch = this.text[this.pos];
      if (ch === " " || ch === "\n" || ch === "\r" || ch === "\t") this.pos++;
      else return;
    }
  }

  private fail(message: string): never {
    const before = this.text.slice(0, this.pos);
    const line = before.split("\n").length;
    const column = this.pos - before.lastIndexOf("\n");
    throw new JsonSyntaxError(message, line, column);
  }
}

/** JSON.stringify that writes bigints as bare integer literals. */
export function stringifyJson(value: unknown, indent?: number): string {
  // A per-call nonce after a NUL makes the marker impossible to meet in real data.
  const marker = `\u0000bigint${Math.random().toString(36).slice(2, 10)}:`;
  const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? `${marker}${v.toString()}` : v), indent);
  if (text === undefined) return "null";
  const encodedMarker = JSON.stringify(marker).slice(1, -1);
  if (!text.includes(encodedMarker)) return text;
  return text
    .split(`"${encodedMarker}`)
    .map((part, i) => (i === 0 ? part : part.replace(/^(-?\d+)"/, "$1")))
    .join("");
}
