/**
 * Importance recovery (issue 14): does cr-report's ranking of parameter effects match the
 * landscape's true ranking? For each of 10 landscape seeds (each its own scrambled Sobol design
 * and seed noise), 32 design points × seeds_per_sample 2 = 64 runs over cfg, steps, shift (which
 * the landscape reads) and denoise, scheduler (which it ignores: no true effect), analysed by the
 * report's own analysis (commands/report `analyse`). Figures: the median Spearman ρ between the
 * reported effect shares and the true first-order variance shares, and in how many seeds every
 * no-effect parameter is reported "within noise".
 * Target: ρ ≥ 0.9 (median of 10 seeds) and no-effect parameters within noise in ≥ 9 of 10 seeds.
 *
 *   npm run bench -- --only report-importance
 */
import { analyse } from "../src/commands/analysis-shared/analyse.js";
import { spearman } from "../src/core/analysis/stats.js";
import { landscapeDataset, trueShares, type SweepParameter } from "./lib/landscape-runs.js";
import { median } from "./lib/measure.js";
import type { Bench } from "./lib/types.js";

const PARAMETERS: readonly SweepParameter[] = [
  { name: "cfg", kind: "continuous", min: 1, max: 9 },
  { name: "steps", kind: "int", min: 4, max: 30 },
  { name: "shift", kind: "continuous", min: 3, max: 11 },
  { name: "denoise", kind: "continuous", min: 0.5, max: 1 },
  { name: "scheduler", kind: "categorical", values: ["simple", "normal", "karras"] },
];
const NO_EFFECT = ["denoise", "scheduler"];
const SEEDS = 10;
const POINTS = 32;
const SEEDS_PER_SAMPLE = 2;
/** Seed-to-seed sd of the quality (0–1): the benchmark's noise model; the stress figure doubles it. */
const NOISE_SD = 0.05;

interface SeedOutcome {
  readonly rho: number;
  readonly nullsWithinNoise: boolean;
  readonly withinNoise: Record<string, boolean>;
  readonly noise: string;
}

export function recover(noiseSd: number, seeds = SEEDS): { rhos: number[]; outcomes: SeedOutcome[]; truth: Map<string, number> } {
  const truth = trueShares(PARAMETERS);
  const outcomes: SeedOutcome[] = [];
  for (let seed = 1; seed <= seeds; seed += 1) {
    const data = landscapeDataset(PARAMETERS, POINTS, SEEDS_PER_SAMPLE, noiseSd, 1000 + seed);
    const report = analyse(data, 5);
    const reported = new Map(report.effects.map((e) => [e.name, e]));
    const names = PARAMETERS.map((p) => p.name);
    const rho = spearman(
      names.map((n) => truth.get(n) ?? 0),
      names.map((n) => reported.get(n)?.share ?? 0),
    ).statistic;
    const withinNoise = Object.fromEntries(NO_EFFECT.map((n) => [n, reported.get(n)?.withinNoise ?? true]));
    outcomes.push({ rho, nullsWithinNoise: Object.values(withinNoise).every(Boolean), withinNoise, noise: report.noise.source });
  }
  return { rhos: outcomes.map((o) => o.rho), outcomes, truth };
}

export const bench: Bench = {
  name: "report-importance",
  target: "Spearman ρ ≥ 0.9 (median of 10 seeds); no-effect parameters within noise in ≥ 9 of 10",
  budgetMs: 120_000,
  run: async () => {
    const main = recover(NOISE_SD);
    const stress = recover(2 * NOISE_SD);
    const rho = median(main.rhos);
    const clean = main.outcomes.filter((o) => o.nullsWithinNoise).length;
    const perNull = Object.fromEntries(NO_EFFECT.map((n) => [n, main.outcomes.filter((o) => o.withinNoise[n]).length]));
    return {
      figure: `ρ median ${rho.toFixed(3)} (min ${Math.min(...main.rhos).toFixed(3)}); no-effect parameters within noise in ${clean}/${SEEDS} seeds (${NO_EFFECT.map((n) => `${n} ${perNull[n]}/${SEEDS}`).join(", ")}); noise sd ${NOISE_SD}; at sd ${2 * NOISE_SD}: ρ ${median(stress.rhos).toFixed(3)}, ${stress.outcomes.filter((o) => o.nullsWithinNoise).length}/${SEEDS}`,
      pass: rho >= 0.9 && clean >= 9,
      details: {
        true_shares: Object.fromEntries(main.truth),
        rhos: main.rhos,
        noise_sources: main.outcomes.map((o) => o.noise),
        no_effect_within_noise: perNull,
        runs_per_seed: POINTS * SEEDS_PER_SAMPLE,
        noise_sd: NOISE_SD,
        stress: { noise_sd: 2 * NOISE_SD, rhos: stress.rhos, clean: stress.outcomes.filter((o) => o.nullsWithinNoise).length },
      },
    };
  },
};
