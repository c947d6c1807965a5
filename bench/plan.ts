/**
 * Building the run plan of a large sweep: 2^16 runs, 8 parameters (continuous, log, int,
 * values, linear, a two-path parameter and a seed), Sobol; plan.json serialisation timed too.
 * Target (issue 4): under 2 s, memory proportional to the plan.
 *
 *   npx tsc -p tsconfig.bench.json && node --expose-gc dist-bench/bench/run-all.js --only plan
 */
import { performance } from "node:perf_hooks";
import { parseConfigText } from "../src/core/config/index.js";
import { buildPlan, serializePlan } from "../src/core/plan/index.js";
import { median } from "./lib/measure.js";
import type { Bench } from "./lib/types.js";

const RUNS = 2 ** 16;
const CONFIG = `workflow_file: workflow.json
num_samples: ${RUNS}
parameters:
  cfg: {paths: [nodes.57.inputs.cfg, nodes.58.inputs.cfg], min: 1, max: 8, step: 0.05}
  shift: {path: nodes.54.inputs.shift, min: 3, max: 9}
  lora: {path: nodes.91.inputs.strength_model, min: 0.1, max: 3, scale: log}
  steps: {path: nodes.57.inputs.steps, type: int, min: 2, max: 40, step: 2}
  sampler: {path: nodes.57.inputs.sampler_name, values: [euler, ddim, uni_pc, heun, lms, dpmpp_2m, deis]}
  scheduler: {path: nodes.57.inputs.scheduler, values: [simple, normal, karras, exponential]}
  length: {path: nodes.67.inputs.length, type: linear, min: 61, max: 181, step: 12}
  noise: {path: nodes.57.inputs.noise_seed, type: random_seed}
`;

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

export const bench: Bench = {
  name: "plan",
  target: "2^16 runs × 8 parameters planned in < 2 s",
  run: async () => {
    const config = parseConfigText(CONFIG, "bench.yaml", "/tmp");
    const build = () => buildPlan(config, { createdAt: "2026-01-01T00:00:00.000Z", fingerprint: { config: "c", workflow: "w" }, seed: 1 });
    build(); // warm-up: JIT and the sobol package's tables
    const before = heapMb();
    const kept = build();
    const heapDelta = heapMb() - before;
    const buildMs: number[] = [];
    const serializeMs: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      const built = build();
      buildMs.push(performance.now() - start);
      const t = performance.now();
      bytes = serializePlan(built.plan).length;
      serializeMs.push(performance.now() - t);
      if (built.plan.runs.length !== RUNS) throw new Error(`expected ${RUNS} runs, got ${built.plan.runs.length}`);
      await Promise.resolve();
    }
    const ms = median(buildMs);
    return {
      figure: `${ms.toFixed(0)} ms to build (median of 5), ${median(serializeMs).toFixed(0)} ms to serialise ${(bytes / 2 ** 20).toFixed(1)} MB; plan holds ~${heapDelta.toFixed(0)} MB of heap`,
      pass: ms < 2000,
      details: { keptRuns: kept.plan.runs.length, buildMs, serializeMs, heapDeltaMb: heapDelta, planBytes: bytes },
    };
  },
};
