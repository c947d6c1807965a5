import { describe, expect, it } from "vitest";
import { pairwiseStrengths } from "../../../src/core/analysis/pairwise.js";

describe("the pairwise target", () => {
  it("gives each compared run its strength, leaves uncompared runs out, and ignores 'both bad' and unknown runs", () => {
    const runs = [{ runId: 10 }, { runId: 11 }, { runId: 12, stars: 5 }, { runId: 13 }];
    const strengths = pairwiseStrengths(runs, [
      { a: 10, b: 11, choice: "a" },
      { a: 11, b: 10, choice: "b" },
      { a: 12, b: 13, choice: "bad" },
      { a: 10, b: 99, choice: "b" },
    ]);
    expect([...strengths.keys()].sort()).toEqual([10, 11]);
    expect(strengths.get(10)!).toBeGreaterThan(strengths.get(11)!);
  });

  it("has no values without a comparison that orders two known runs", () => {
    expect(pairwiseStrengths([{ runId: 1 }, { runId: 2 }], [{ a: 1, b: 2, choice: "bad" }]).size).toBe(0);
  });
});
