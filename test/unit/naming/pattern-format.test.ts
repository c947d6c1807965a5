import { describe, expect, it } from "vitest";
import { compilePattern } from "../../../src/core/naming/pattern.js";

/** [value, spec, Python's format(value, spec)], generated with CPython 3 from the same values. */
const PYTHON_FORMAT_CASES: [string | number | bigint, string, string][] = [
  [7, "04d", "0007"],
  [42, "d", "42"],
  [-5, "05", "-0005"],
  [5, "<05", "50000"],
  [1234, "010,", "00,001,234"],
  [1234, "08,", "0,001,234"],
  [1234567, ",", "1,234,567"],
  [1234567, "_", "1_234_567"],
  [7.5, ".1f", "7.5"],
  [7, ".1f", "7.0"],
  [2.5, ".0f", "2"],
  [3.5, ".0f", "4"],
  [0.125, ".2f", "0.12"],
  [-0, ".1f", "-0.0"],
  [1e22, ".2f", "10000000000000000000000.00"],
  [12345.678, ",.2f", "12,345.68"],
  [3.14172, "+.2f", "+3.14"],
  [3.14172, " .3f", " 3.142"],
  [-3.14172, "=+10.2f", "-     3.14"],
  [3.14172, "+10.2f", "     +3.14"],
  [-3.14172, "010.2f", "-000003.14"],
  [1.25, "e", "1.250000e+00"],
  [0.0, "e", "0.000000e+00"],
  [123456.0, ".2e", "1.23e+05"],
  [1.5e-7, "E", "1.500000E-07"],
  [0.0001, "g", "0.0001"],
  [123456789.0, "g", "1.23457e+08"],
  [1e-5, "g", "1e-05"],
  [100.0, "#g", "100.000"],
  [0.5, "g", "0.5"],
  [2.0, ".3g", "2"],
  [1234.5, ".2", "1.2e+03"],
  [3.25, ".3", "3.25"],
  [1.5e-7, "", "1.5e-07"],
  [1e16, "", "1e+16"],
  [0.1, "", "0.1"],
  [123.456, "", "123.456"],
  [0.5, "%", "50.000000%"],
  [0.1234, ".1%", "12.3%"],
  [255, "x", "ff"],
  [255, "#x", "0xff"],
  [-255, "x", "-ff"],
  [255, "X", "FF"],
  [255, "#06x", "0x00ff"],
  [65535, "_x", "ffff"],
  [1048575, "_x", "f_ffff"],
  [8, "o", "10"],
  [5, "b", "101"],
  ["euler", "", "euler"],
  ["euler", ">8", "   euler"],
  ["euler", "<8", "euler   "],
  ["euler", "^9", "  euler  "],
  ["euler", "*^9", "**euler**"],
  ["euler", ".3", "eul"],
  ["euler", "8.2s", "eu      "],
  ["ab", "05", "ab000"],
  ["dpmpp_2m", "s", "dpmpp_2m"],
  [12, ">6", "    12"],
  [12, "<6", "12    "],
  [12, "^6", "  12  "],
  [12, "+d", "+12"],
  [12, " d", " 12"],
  [-12, "+d", "-12"],
  [1180591620717411303424n, ",d", "1,180,591,620,717,411,303,424"],
  [18446744073709551617n, "d", "18446744073709551617"],
  [Number.NaN, "f", "nan"],
  [Infinity, "+.1f", "+inf"],
  [-Infinity, "F", "-INF"],
  [0.3, "10.4f", "    0.3000"],
  [0.3333333333333333, ".15f", "0.333333333333333"],
  [0.6666666666666666, ".20f", "0.66666666666666662966"],
  [9.9996, ".4g", "10"],
  [9.9996, ".3e", "1.000e+01"],
  [1e300, ".3g", "1e+300"],
  [5e-324, "e", "4.940656e-324"],
  [0.30000000000000004, "", "0.30000000000000004"],
  [0.0001, "", "0.0001"],
  [1e16, "", "1e+16"],
];

describe("compilePattern: format specs behave like Python's str.format", () => {
  it.each(PYTHON_FORMAT_CASES)("format(%s, %j) → %j", (value, spec, expected) => {
    const pattern = compilePattern(spec === "" ? "{v}" : `{v:${spec}}`);
    expect(pattern.format({ v: value })).toBe(expected);
  });
});

describe("compilePattern: run names", () => {
  it("formats a typical run name with numbers as numbers", () => {
    const pattern = compilePattern("{run_id:04d}_{sampler}_cfg{cfg:.1f}_s{seed}");
    expect(pattern.fields).toEqual(["run_id", "sampler", "cfg", "seed"]);
    expect(pattern.format({ run_id: 7, sampler: "euler", cfg: 6.25, seed: 123456789 })).toBe("0007_euler_cfg6.2_s123456789");
  });

  it("formats bigint seeds with and without d", () => {
    const seed = 2n ** 64n - 1n;
    expect(compilePattern("{seed:d}").format({ seed })).toBe("18446744073709551615");
    expect(compilePattern("{seed}").format({ seed })).toBe("18446744073709551615");
    expect(compilePattern("{seed:>22}").format({ seed })).toBe("  18446744073709551615");
    expect(compilePattern("{seed:,}").format({ seed: 1234567n })).toBe("1,234,567");
  });

  it("handles {{ and }} escapes", () => {
    const pattern = compilePattern("{{literal}}_{x}_}}{{");
    expect(pattern.fields).toEqual(["x"]);
    expect(pattern.format({ x: 1 })).toBe("{literal}_1_}{");
    expect(compilePattern("{{{x}}}").format({ x: "a" })).toBe("{a}");
  });

  it("lists each field once, in order of first use", () => {
    expect(compilePattern("{b}{a}{b:>3}").fields).toEqual(["b", "a"]);
    expect(compilePattern("plain").fields).toEqual([]);
    expect(compilePattern("plain").format({})).toBe("plain");
  });

  it("prints booleans as True/False, or 1/0 with a numeric type", () => {
    expect(compilePattern("{flag}").format({ flag: true })).toBe("True");
    expect(compilePattern("{flag:>6}").format({ flag: false })).toBe(" False");
    expect(compilePattern("{flag:d}").format({ flag: true })).toBe("1");
  });

  it("supports !s and !r conversions", () => {
    expect(compilePattern("{x!r}").format({ x: "it's" })).toBe(`"it's"`);
    expect(compilePattern("{x!r}").format({ x: "euler" })).toBe("'euler'");
    expect(compilePattern("{x!s:>4}").format({ x: 12 })).toBe("  12");
    expect(compilePattern("{x!s}").format({ x: 0.5 })).toBe("0.5");
  });

  it("prints JS integers as ints and other numbers with Python's repr", () => {
    expect(compilePattern("{x}").format({ x: 6 })).toBe("6");
    expect(compilePattern("{x}").format({ x: 6.5 })).toBe("6.5");
    expect(compilePattern("{x}").format({ x: -1e-7 })).toBe("-1e-07");
    expect(compilePattern("{x}").format({ x: 1e21 })).toBe("1e+21");
  });
});
