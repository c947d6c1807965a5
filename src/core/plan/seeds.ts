/**
 * Seeds for every random_seed parameter: `seeds_per_sample` per design point, all distinct
 * within the batch, each parameter from its own stream so that several seed inputs never
 * share values by accident. The same seeds serve every shot.
 */
import type { SeedParameter } from "../config/index.js";
import { UserError } from "../errors.js";
import { distinctSeeds, type Rng } from "../sampling/index.js";

/** seeds[parameter name][point * seedsPerSample + seedIndex] */
export type SeedTable = ReadonlyMap<string, readonly number[]>;

export function seedStream(master: Rng, name: string): Rng {
  return master.fork(`seeds:${name}`);
}

export function drawSeeds(master: Rng, parameters: readonly SeedParameter[], count: number): SeedTable {
  const table = new Map<string, number[]>();
  for (const parameter of parameters) {
    checkRoom(parameter, count);
    table.set(parameter.name, distinctSeeds(seedStream(master, parameter.name), count, parameter.max));
  }
  return table;
}

/** `count` more seeds per parameter, distinct from those already in the plan (for --extend). */
export function drawMoreSeeds(
  master: Rng,
  parameters: readonly SeedParameter[],
  count: number,
  existing: ReadonlyMap<string, ReadonlySet<number>>,
  label: string,
): SeedTable {
  const table = new Map<string, number[]>();
  for (const parameter of parameters) {
    const taken = existing.get(parameter.name) ?? new Set<number>();
    checkRoom(parameter, count + taken.size);
    const rng = seedStream(master, parameter.name).fork(label);
    // Over-draw, then drop what is taken: distinctSeeds already keeps the new ones distinct.
    const seeds: number[] = [];
    const chosen = new Set<number>();
    for (let round = 1; seeds.length < count; round++) {
      const want = Math.min(parameter.max + 1, count + taken.size);
      const candidates = distinctSeeds(rng.fork(`round:${round}`), want, parameter.max);
      for (const seed of candidates) {
        if (seeds.length < count && !taken.has(seed) && !chosen.has(seed)) {
          seeds.push(seed);
          chosen.add(seed);
        }
      }
    }
    table.set(parameter.name, seeds);
  }
  return table;
}

function checkRoom(parameter: SeedParameter, count: number): void {
  if (count > parameter.max + 1) {
    throw new UserError(`random_seed "${parameter.name}" needs ${count} distinct seeds but max: ${parameter.max} allows only ${parameter.max + 1}.`, {
      hint: "Raise its max:, or lower num_samples / seeds_per_sample.",
    });
  }
}
