// Times building a 2^16 × 8 design and mapping it to parameter values (the size of a large sweep plan).
// Run: npm run bench -- --only plan-sampling
import { performance } from "node:perf_hooks";
import { binLevel, createRng, mapContinuous, mapInt, roundToStep, unitDesign } from "../src/core/sampling/index.js";
import type { Bench, BenchResult } from "./lib/types.js";

const N = 2 ** 16;
const DIMS = 8;
const SAMPLERS = ["euler", "euler_a", "dpmpp_2m", "dpmpp_sde", "ddim", "uni_pc", "lcm"];

function planOnce(strategy: "sobol" | "lhs" | "random", seed: number): number {
  const design = unitDesign(strategy, N, DIMS, createRng(seed));
  let checksum = 0;
  for (const [u0 = 0, u1 = 0, u2 = 0, u3 = 0, u4 = 0, u5 = 0, u6 = 0, u7 = 0] of design) {
    const cfg = roundToStep(mapContinuous(u0, 1, 12, "linear"), 0.1, 1);
    const shift = roundToStep(mapContinuous(u1, 1, 8, "linear"), undefined);
    const lr = mapContinuous(u2, 1e-5, 1e-2, "log");
    const steps = mapInt(u3, 10, 60, 2, "linear");
    const width = mapInt(u4, 64, 2048, 64, "log");
    const sampler = SAMPLERS[binLevel(u5, SAMPLERS.length)] ?? "";
    const denoise = roundToStep(mapContinuous(u6, 0.3, 1, "linear"), 0.05, 0.3);
    const strength = roundToStep(mapContinuous(u7, 0, 1.5, "linear"), 0.01);
    checksum += cfg + shift + lr + steps + width + sampler.length + denoise + strength;
  }
  return checksum;
}

async function run(): Promise<BenchResult> {
  const details: Record<string, unknown> = {};
  const figures: string[] = [];
  for (const strategy of ["sobol", "lhs", "random"] as const) {
    planOnce(strategy, 0); // warm-up: JIT and the sobol package's table load
    const times: number[] = [];
    for (let run = 1; run <= 5; run++) {
      const start = performance.now();
      planOnce(strategy, run);
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    details[strategy] = { medianMs: times[2], minMs: times[0], maxMs: times[4] };
    figures.push(`${strategy} ${times[2]?.toFixed(1)} ms`);
  }
  return { figure: `${figures.join(", ")} (median of 5)`, pass: undefined, details };
}

export const bench: Bench = {
  name: "plan-sampling",
  target: `none (${N} x ${DIMS} design + mapping)`,
  run,
};
