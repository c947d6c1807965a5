/**
 * seeds_per_sample > 1 repeats each design point; without a random_seed parameter the
 * repeats get identical inputs, and each identical copy costs a full GPU run for nothing.
 */
import type { BatchConfig } from "../config/index.js";
import { isLink, type Workflow } from "../workflow/model.js";
import { formatPath } from "../workflow/paths.js";

export interface DuplicateRuns {
  readonly message: string;
  readonly hint: string;
}

const SEED_INPUTS = ["seed", "noise_seed"];

export function findDuplicateRuns(config: BatchConfig, workflow: Workflow): DuplicateRuns | undefined {
  const repeats = config.seedsPerSample;
  if (repeats <= 1 || config.parameters.some((p) => p.type === "random_seed")) return undefined;
  const seedPath = seedInputOf(workflow);
  const example = `seed: {type: random_seed, path: ${seedPath ?? "nodes.<sampler id>.inputs.seed"}}`;
  return {
    message: `seeds_per_sample is ${repeats} but no parameter is a random_seed: every design point would run ${repeats} times with identical inputs, so ${repeats - 1} of every ${repeats} runs ${repeats === 2 ? "is a copy" : "are copies"}.`,
    hint: `Add a random_seed parameter under parameters: (${example}), or set seeds_per_sample: 1; pass --allow-duplicates to run the copies anyway.`,
  };
}

/** The first literal seed input in the workflow, to make the suggestion copy-pasteable. */
function seedInputOf(workflow: Workflow): string | undefined {
  for (const [id, node] of Object.entries(workflow)) {
    for (const input of SEED_INPUTS) {
      const value = node.inputs[input];
      if (value !== undefined && !isLink(value) && (typeof value === "number" || typeof value === "bigint")) return formatPath({ node: id, input });
    }
  }
  return undefined;
}
