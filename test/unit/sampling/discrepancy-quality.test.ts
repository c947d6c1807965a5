import { describe, expect, it } from "vitest";
import { centredL2Discrepancy, createRng, sobolUnscrambled, unitDesign } from "../../../src/core/sampling/index.js";
import { mean, scipyDiscrepancy } from "./fixtures.js";

const SEEDS = Array.from({ length: 20 }, (_, i) => 1000 + i);

function meanDiscrepancy(strategy: "sobol" | "lhs" | "random", n: number, dims: number): number {
  return mean(SEEDS.map((seed) => centredL2Discrepancy(unitDesign(strategy, n, dims, createRng(seed)))));
}

describe("design quality against SciPy (centred L2 discrepancy, 20 seeds)", () => {
  it.each(["n16_d2", "n64_d4", "n256_d6"] as const)("unscrambled Sobol %s matches SciPy's figure", (key) => {
    const [n, d] = key.slice(1).split("_d").map(Number);
    const reference = scipyDiscrepancy(key).sobol_unscrambled;
    expect(centredL2Discrepancy(sobolUnscrambled(n ?? 0, d ?? 0))).toBeCloseTo(reference, 15);
  });

  it("scrambled Sobol n=64 d=4: mean within 1.10× of SciPy's scrambled mean", () => {
    const ratio = meanDiscrepancy("sobol", 64, 4) / scipyDiscrepancy("n64_d4").sobol_scrambled_mean;
    expect(ratio).toBeLessThanOrEqual(1.1);
  });

  it("scrambled Sobol n=256 d=6: mean within 1.10× of SciPy's scrambled mean", () => {
    const ratio = meanDiscrepancy("sobol", 256, 6) / scipyDiscrepancy("n256_d6").sobol_scrambled_mean;
    expect(ratio).toBeLessThanOrEqual(1.1);
  });

  it("LHS n=64 d=4: mean within 1.25× of SciPy's LHS mean and clearly better than random", () => {
    const reference = scipyDiscrepancy("n64_d4");
    const lhs = meanDiscrepancy("lhs", 64, 4);
    expect(lhs / reference.lhs_mean).toBeLessThanOrEqual(1.25);
    expect(lhs).toBeLessThan(reference.uniform_random_mean / 2);
  });

  it("random n=64 d=4: mean within ±40% of SciPy's uniform-random mean (it is noisy by nature)", () => {
    const ratio = meanDiscrepancy("random", 64, 4) / scipyDiscrepancy("n64_d4").uniform_random_mean;
    expect(ratio).toBeGreaterThan(0.6);
    expect(ratio).toBeLessThan(1.4);
  });

  it("orders the strategies as expected: Sobol < LHS < random", () => {
    const sobol = meanDiscrepancy("sobol", 64, 4);
    const lhs = meanDiscrepancy("lhs", 64, 4);
    const random = meanDiscrepancy("random", 64, 4);
    expect(sobol).toBeLessThan(lhs);
    expect(lhs).toBeLessThan(random);
  });
});
