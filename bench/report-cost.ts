/**
 * What the exploration loop's analysis costs (issue 14). (1) cr-report's analysis (commands/report
 * `analyse`: Type II effects with 200 bootstrap refits, interactions of the top 3, best runs, Pareto
 * front) on 10,000 runs × 8 parameters (5,000 points × 2 seeds on the landscape; 5 continuous, 1 int,
 * 2 categorical), reading the batch from disk not included. (2) A TPE proposal of 64 points from
 * 1,000 scored runs in 8 dimensions (6 continuous, 2 categorical). Median of 3 after a warm-up.
 * Target: (1) < 2 s, (2) < 1 s.
 *
 *   npm run bench -- --only report-cost
 */
import { performance } from "node:perf_hooks";
import { analyse } from "../src/commands/analysis-shared/analyse.js";
import { createRng } from "../src/core/sampling/index.js";
import { tpePropose, type TpeDimension } from "../src/core/sampling/tpe.js";
import { landscapeDataset, trueQuality, valueAt, type SweepParameter } from "./lib/landscape-runs.js";
import { median } from "./lib/measure.js";
import type { Bench } from "./lib/types.js";

const PARAMETERS: readonly SweepParameter[] = [
  { name: "cfg", kind: "continuous", min: 1, max: 9 },
  { name: "steps", kind: "int", min: 4, max: 30 },
  { name: "shift", kind: "continuous", min: 3, max: 11 },
  { name: "denoise", kind: "continuous", min: 0.5, max: 1 },
  { name: "lora", kind: "continuous", min: 0.1, max: 2 },
  { name: "guidance", kind: "continuous", min: 1, max: 4 },
  { name: "sampler", kind: "categorical", values: ["euler", "dpmpp_2m", "uni_pc", "lcm"] },
  { name: "scheduler", kind: "categorical", values: ["simple", "normal", "karras"] },
];
const RUNS = 10_000;
const SCORED = 1_000;
const PROPOSE = 64;
const ROUNDS = 3;
const TARGET_REPORT_MS = 2000;
const TARGET_TPE_MS = 1000;

/** Median wall and CPU (user + system) milliseconds: on a loaded machine the CPU time is the closer guess of an idle run. */
function timeMedian(fn: () => void): { wallMs: number; cpuMs: number } {
  fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < ROUNDS; i += 1) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    fn();
    const used = process.cpuUsage(cpuStart);
    wall.push(performance.now() - start);
    cpu.push((used.user + used.system) / 1000);
  }
  return { wallMs: median(wall), cpuMs: median(cpu) };
}

export const bench: Bench = {
  name: "report-cost",
  target: "cr-report analysis of 10,000 runs × 8 parameters < 2 s; TPE 64 points from 1,000 runs < 1 s",
  budgetMs: 150_000,
  run: async () => {
    const data = landscapeDataset(PARAMETERS, RUNS / 2, 2, 0.05, 7);
    const reportTime = timeMedian(() => void analyse(data, 5));

    const dims: TpeDimension[] = PARAMETERS.map((p) => (p.kind === "categorical" ? { kind: "categorical", levels: p.values.length } : { kind: "continuous" }));
    const rng = createRng(11);
    const observations = Array.from({ length: SCORED }, () => {
      const point = PARAMETERS.map(() => rng.next());
      const values = Object.fromEntries(PARAMETERS.map((p, d) => [p.name, valueAt(p, point[d]!)]));
      return { point, value: trueQuality(values) };
    });
    const tpeTime = timeMedian(() => void tpePropose(dims, observations, PROPOSE, createRng(3)));
    const ms = (t: { wallMs: number; cpuMs: number }): string => `${Math.round(t.wallMs)} ms (CPU ${Math.round(t.cpuMs)} ms)`;
    return {
      figure: `report analysis ${ms(reportTime)}; TPE ${PROPOSE} from ${SCORED}: ${ms(tpeTime)}; median of ${ROUNDS}`,
      pass: reportTime.wallMs < TARGET_REPORT_MS && tpeTime.wallMs < TARGET_TPE_MS,
      details: {
        report_ms: reportTime.wallMs,
        report_cpu_ms: reportTime.cpuMs,
        tpe_ms: tpeTime.wallMs,
        tpe_cpu_ms: tpeTime.cpuMs,
        runs: RUNS,
        parameters: PARAMETERS.length,
        scored: SCORED,
        proposed: PROPOSE,
      },
    };
  },
};
