import { describe, expect, it } from "vitest";
import { stableHash32 } from "../../../src/core/text/stable-hash.js";

describe("stableHash32", () => {
  it("matches an independent implementation (FNV-1a 32 + murmur3 fmix32, computed in Python)", () => {
    expect(stableHash32("")).toBe(2872998923);
    expect(stableHash32("a")).toBe(444641715);
    expect(stableHash32("wan2_14B_flf2v")).toBe(3217511455);
    expect(stableHash32("comfy-runner")).toBe(2882320611);
  });

  it("spreads near-identical texts apart", () => {
    const values = new Set(Array.from({ length: 1000 }, (_, i) => stableHash32(`["wf.json",["steps_${i}"]]`)));
    expect(values.size).toBe(1000);
    const highBits = new Set([...values].map((v) => v >>> 28));
    expect(highBits.size).toBe(16);
  });
});
