/** One builder per parameter type: checks the keys and numbers that type needs. */
import { intLevels, linearLevels } from "../sampling/index.js";
import type { InputPath } from "../workflow/paths.js";
import { SAMPLER_GROUPS, samplerGroup } from "../nodes/sampler-groups.js";
import { didYouMean, type IssueList } from "./issues.js";
import type { RawParameterSpec } from "./schema.js";
import type { ConfigPath } from "./source.js";
import type { Parameter, ScalarValue } from "./types.js";

export const DEFAULT_SEED_MAX = 2 ** 32 - 1;
export const PLACEHOLDER = "EDIT_ME";

export interface KindContext {
  readonly name: string;
  readonly at: ConfigPath;
  readonly paths: InputPath[];
  readonly issues: IssueList;
}

type Builder = (spec: RawParameterSpec, ctx: KindContext) => Parameter | undefined;

const ALWAYS = ["type", "path", "paths"];
const KEYS_BY_TYPE: Record<string, readonly string[]> = {
  values: [...ALWAYS, "values"],
  linear: [...ALWAYS, "min", "max", "step"],
  int: [...ALWAYS, "min", "max", "step", "scale"],
  continuous: [...ALWAYS, "min", "max", "step", "scale", "points"],
  random_seed: [...ALWAYS, "max"],
  linked: [...ALWAYS, "source"],
};

/** Keys that mean nothing for this type are mistakes, not something to ignore silently. */
export function checkKeysForType(type: string, spec: RawParameterSpec, ctx: KindContext): void {
  const allowed = KEYS_BY_TYPE[type] ?? [];
  for (const key of Object.keys(spec)) {
    if (!allowed.includes(key) && spec[key as keyof RawParameterSpec] !== undefined) {
      ctx.issues.add(
        [...ctx.at, key],
        `"${key}" does not apply to a ${type} parameter (it takes ${allowed.filter((k) => !ALWAYS.includes(k)).join(", ") || "no other keys"})`,
        "key",
      );
    }
  }
}

function requireRange(spec: RawParameterSpec, ctx: KindContext, type: string): { min: number; max: number } | undefined {
  const { min, max } = spec;
  if (min === undefined) ctx.issues.add(ctx.at, `a ${type} parameter needs min`);
  if (max === undefined) ctx.issues.add(ctx.at, `a ${type} parameter needs max`);
  if (typeof max === "bigint") ctx.issues.add([...ctx.at, "max"], `${max} is too large`);
  if (min === undefined || max === undefined || typeof max === "bigint") return undefined;
  if (min > max) {
    ctx.issues.add([...ctx.at, "min"], `min (${min}) is greater than max (${max})`);
    return undefined;
  }
  return { min, max };
}

function checkStep(spec: RawParameterSpec, ctx: KindContext): boolean {
  if (spec.step !== undefined && !(spec.step > 0)) {
    ctx.issues.add([...ctx.at, "step"], `step must be greater than 0, got ${spec.step}`);
    return false;
  }
  return true;
}

const values: Builder = (spec, ctx) => {
  const list = spec.values;
  if (list === undefined) return void ctx.issues.add(ctx.at, "a values parameter needs a non-empty values list");
  return discrete(list, [...ctx.at, "values"], ctx, "values");
};

export function discrete(list: readonly ScalarValue[], at: ConfigPath, ctx: KindContext, type: "values"): Parameter | undefined {
  if (list.length === 0) return void ctx.issues.add(at, "values is empty: list at least one value");
  let ok = true;
  const values: ScalarValue[] = [];
  list.forEach((value, i) => {
    if (typeof value === "string" && value.includes(PLACEHOLDER)) {
      ctx.issues.add([...at, i], `still holds the placeholder ${PLACEHOLDER}: replace it with a real value`);
      ok = false;
    }
    // "@dpmpp_family" stands for the samplers of that named group.
    const group = samplerGroup(value);
    if (group && !group.samplers) {
      ctx.issues.add(
        [...at, i],
        `"${String(value)}" is not a sampler group${didYouMean(group.name, Object.keys(SAMPLER_GROUPS))}; the groups are ${Object.keys(SAMPLER_GROUPS)
          .map((g) => `@${g}`)
          .join(", ")}`,
      );
      ok = false;
    }
    for (const item of group?.samplers ?? [value]) if (!values.includes(item)) values.push(item);
  });
  return ok ? { type, name: ctx.name, paths: ctx.paths, at: ctx.at, values } : undefined;
}

const linear: Builder = (spec, ctx) => {
  const range = requireRange(spec, ctx, "linear");
  if (!checkStep(spec, ctx) || !range) return undefined;
  const step = spec.step ?? 1;
  try {
    return { type: "linear", name: ctx.name, paths: ctx.paths, at: ctx.at, values: linearLevels(range.min, range.max, step) };
  } catch (error) {
    return void ctx.issues.add(ctx.at, (error as Error).message);
  }
};

const int: Builder = (spec, ctx) => {
  const range = requireRange(spec, ctx, "int");
  if (!checkStep(spec, ctx) || !range) return undefined;
  const step = spec.step ?? 1;
  const scale = spec.scale ?? "linear";
  for (const [key, value] of [
    ["min", range.min],
    ["max", range.max],
    ["step", step],
  ] as const) {
    if (!Number.isSafeInteger(value)) return void ctx.issues.add([...ctx.at, key], `an int parameter needs a whole number, got ${value}`);
  }
  if (scale === "log" && range.min < 1) return void ctx.issues.add([...ctx.at, "min"], `scale: log needs min >= 1 for an int parameter, got ${range.min}`);
  try {
    if (scale === "log") intLevels(range.min, range.max, step, scale); // validates before any plan is built
  } catch (error) {
    return void ctx.issues.add(ctx.at, (error as Error).message);
  }
  return { type: "int", name: ctx.name, paths: ctx.paths, at: ctx.at, min: range.min, max: range.max, step, scale };
};

const continuous: Builder = (spec, ctx) => {
  const range = requireRange(spec, ctx, "continuous");
  if (!checkStep(spec, ctx) || !range) return undefined;
  const scale = spec.scale ?? "linear";
  if (scale === "log" && !(range.min > 0)) return void ctx.issues.add([...ctx.at, "min"], `scale: log needs min > 0, got ${range.min}`);
  return { type: "continuous", name: ctx.name, paths: ctx.paths, at: ctx.at, min: range.min, max: range.max, step: spec.step, scale, points: spec.points };
};

const randomSeed: Builder = (spec, ctx) => {
  const max = spec.max ?? DEFAULT_SEED_MAX;
  const safe = typeof max === "number" ? max : Number(max);
  if (!Number.isSafeInteger(safe) || safe < 0 || (typeof max === "bigint" && max > BigInt(Number.MAX_SAFE_INTEGER))) {
    return void ctx.issues.add(
      [...ctx.at, "max"],
      `a random_seed max must be a whole number from 0 to 2^53-1 (${Number.MAX_SAFE_INTEGER}), got ${String(max)}`,
    );
  }
  return { type: "random_seed", name: ctx.name, paths: ctx.paths, at: ctx.at, max: safe };
};

export const BUILDERS: Record<"values" | "linear" | "int" | "continuous" | "random_seed", Builder> = {
  values,
  linear,
  int,
  continuous,
  random_seed: randomSeed,
};
