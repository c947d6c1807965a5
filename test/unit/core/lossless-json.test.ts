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
