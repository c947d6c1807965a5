import { readFileSync } from "node:fs";

// Copies of /work/shared/reference/sampling, produced with SciPy 1.17.1.
function readFixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8"));
}

export interface DiscrepancyFigures {
  sobol_scrambled_mean: number;
  sobol_unscrambled: number;
  lhs_mean: number;
  uniform_random_mean: number;
}

export function scipySobolPoints(): number[][] {
  return (readFixture("sobol-unscrambled-d10-n256.json") as { points: number[][] }).points;
}

export function scipyDiscrepancy(key: "n16_d2" | "n64_d4" | "n256_d6"): DiscrepancyFigures {
  const figures = (readFixture("discrepancy-reference.json") as { values: Record<string, DiscrepancyFigures> }).values[key];
  if (figures === undefined) throw new Error(`missing reference figures ${key}`);
  return figures;
}

export function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}
