import { describe, expect, it } from "vitest";
import { JsonSyntaxError, MAX_JSON_DEPTH, parseJson, stringifyJson } from "../../../src/core/json/lossless.js";

describe("lossless JSON", () => {
  it("keeps integers above 2^53 exact through parse and stringify", () => {
    const text = '{"seed":18446744073709551615,"small":42,"f":1.5,"neg":-9007199254740993}';
    const value = parseJson(text) as Record<string, unknown>;
    expect(value["seed"]).toBe(18446744073709551615n);
    expect(value["small"]).toBe(42);
    expect(value["neg"]).toBe(-9007199254740993n);
    expect(stringifyJson(value)).toBe(text);
  });

  it("reports line and column of a syntax error", () => {
    try {
      parseJson('{\n  "a": 1,\n  "b": }');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(JsonSyntaxError);
      expect((error as JsonSyntaxError).line).toBe(3);
      expect((error as JsonSyntaxError).column).toBe(8);
    }
  });

  it("keeps __proto__ keys as data", () => {
    const value = parseJson('{"__proto__": {"x": 1}}') as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>)["x"]).toBeUndefined();
  });

  it("does not confuse user strings with its bigint marker", () => {
    const value = { s: "\u0000bigint:5", n: 2n ** 60n };
    expect(parseJson(stringifyJson(value))).toEqual(value);
  });

  it("matches JSON.parse on ordinary documents", () => {
    const text = '{"a":[1,2.5,-3e2,true,false,null,"x\\n\\u00e9"],"b":{}}';
    expect(parseJson(text)).toEqual(JSON.parse(text));
  });
});

/** Every object in `value` has no prototype, as the hand parser makes them. */
function prototypeFree(value: unknown): boolean {
  if (value === null || typeof value !== "object") return true;
  if (Array.isArray(value)) return value.every(prototypeFree);
  return Object.getPrototypeOf(value) === null && Object.values(value).every(prototypeFree);
}

describe("parseJson's two paths (JSON.parse when no integer can exceed 2^53, the hand parser otherwise)", () => {
  // A 16-digit run anywhere sends the whole text to the hand parser: the same document wrapped
  // beside one must come back the same, down to the prototypes and the key order.
  const documents = [
    '{"3": {"class_type": "KSampler", "inputs": {"seed": 42, "cfg": 5.5, "model": ["4", 0]}}, "__proto__": {"x": [1, {"y": null}]}}',
    '[-0, 1e21, 0.1, 123456789012345, "caf\u00e9", "\ud83d\ude00", {"a": 1, "a": 2}, {"constructor": "x"}, []]',
    '\n {"deep": [[[[{"k": true}]]]], "text": "a\\"b\\\\c"} \t',
  ];
  for (const text of documents) {
    it(`agrees on ${text.slice(0, 40)}…`, () => {
      const fast = parseJson(text);
      const slow = (parseJson(`[${text}, 1234567890123456]`) as unknown[])[0];
      expect(fast).toEqual(slow);
      expect(JSON.stringify(fast)).toBe(JSON.stringify(slow));
      expect(prototypeFree(fast)).toBe(true);
      expect(prototypeFree(slow)).toBe(true);
      expect(Object.is((fast as unknown[])[0], -0) || !Array.isArray(fast)).toBe(true);
    });
  }

  it("reports a syntax error with its line and column from either path", () => {
    expect(() => parseJson('{"a": 1,\n "b": }')).toThrow("at line 2, column 7");
    expect(() => parseJson('{"a": 1234567890123456,\n "b": }')).toThrow("at line 2, column 7");
  });

  it("reads a byte-order mark at the start", () => {
    expect(parseJson('\ufeff{"a": 1}')).toEqual({ a: 1 });
  });
});

describe("parseJson nesting limit", () => {
  it("refuses a document nested deeper than the limit with its line and column, without overflowing the stack", () => {
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    expect(() => parseJson(deep)).toThrow(JsonSyntaxError);
    expect(() => parseJson(deep)).toThrow(`Nested more than ${MAX_JSON_DEPTH} levels deep at line 1, column ${MAX_JSON_DEPTH + 1}`);
  });

  it("accepts nesting up to the limit", () => {
    const text = "[".repeat(MAX_JSON_DEPTH) + "]".repeat(MAX_JSON_DEPTH);
    expect(() => parseJson(text)).not.toThrow();
  });
});
