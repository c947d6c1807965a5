import { describe, expect, it } from "vitest";
import { compilePattern } from "../../../src/core/naming/pattern.js";

describe("compilePattern: syntax errors are reported when compiling", () => {
  it.each([
    ["{run_id", /unclosed "\{"/],
    ["run}", /single "\}"/],
    ["{}", /empty field/],
    ["{0}", /positional field/],
    ["{a.b}", /attribute and index access/],
    ["{a[0]}", /attribute and index access/],
    ["{a!x}", /unsupported conversion "!x"/],
    ["{a:{w}}", /nested fields/],
    ["{a:q}", /unknown format type "q"/],
    ["{a:>>>}", /unknown format type ">"/],
    ["{a:5.x}", /invalid format spec/],
    ["{a:5000}", /larger than 1000/],
  ])("%j is rejected", (pattern, message) => {
    expect(() => compilePattern(pattern)).toThrow(message);
  });

  it("names the pattern and the position in syntax errors", () => {
    expect(() => compilePattern("ab{c")).toThrow(/"ab\{c" at position 3/);
  });
});

describe("compilePattern: value errors are reported when formatting", () => {
  it("refuses d on a float, like Python", () => {
    expect(() => compilePattern("{cfg:d}").format({ cfg: 7.5 })).toThrow(/\{cfg\}: format "d" needs an integer but the value is 7.5/);
    expect(() => compilePattern("{cfg:x}").format({ cfg: Number.NaN })).toThrow(/needs an integer/);
  });

  it("refuses numeric specs on text and text specs on numbers", () => {
    expect(() => compilePattern("{s:.1f}").format({ s: "euler" })).toThrow(/needs a number but the value is the text "euler"/);
    expect(() => compilePattern("{s:d}").format({ s: "7" })).toThrow(/needs a number/);
    expect(() => compilePattern("{n:s}").format({ n: 7 })).toThrow(/format "s" needs text/);
    expect(() => compilePattern("{s:+}").format({ s: "a" })).toThrow(/sign is not allowed/);
    expect(() => compilePattern("{s:=5}").format({ s: "a" })).toThrow(/"=" alignment/);
    expect(() => compilePattern("{s:,}").format({ s: "a" })).toThrow(/grouping/);
  });

  it("refuses precision on an integer format and ',' with hex", () => {
    expect(() => compilePattern("{n:.2d}").format({ n: 7 })).toThrow(/precision is not allowed/);
    expect(() => compilePattern("{n:.2}").format({ n: 7n })).toThrow(/precision is not allowed/);
    expect(() => compilePattern("{n:,x}").format({ n: 255 })).toThrow(/"," grouping cannot be used/);
    expect(() => compilePattern("{n:#f}").format({ n: 1.5 })).toThrow(/"#" is only supported/);
  });

  it("reports a missing value by field name", () => {
    expect(() => compilePattern("{run_id}_{cfg}").format({ run_id: 1 })).toThrow(/no value for field \{cfg\}/);
    expect(() => compilePattern("{toString}").format({})).toThrow(/no value for field \{toString\}/);
  });
});
