/**
 * Run names from output.run_name_pattern: every field must be known before anything runs,
 * the result is one safe path segment, and duplicates get a _2, _3 … suffix (with a warning)
 * instead of silently skipping runs as the original did.
 */
import type { BatchConfig } from "../config/index.js";
import { didYouMean } from "../config/index.js";
import { UserError } from "../errors.js";
import { compilePattern, safeSegment, type CompiledPattern, type PatternValue } from "../naming/pattern.js";

export interface RunIds {
  readonly run_id: number;
  readonly point: number;
  readonly seed_index: number;
  readonly shot?: string;
}

export interface RunNamer {
  /** The name for a run from its parameter values and ids; unique within its shot (or the batch). */
  name(values: Readonly<Record<string, PatternValue>>, ids: RunIds): string;
  /** Names already used (when extending a plan). */
  reserve(name: string, shot: string | undefined): void;
  warnings(): string[];
}

/** The original addressed `nodes.57.inputs.cfg` as {nodes_57_cfg}; keep that spelling working. */
export function patternAlias(name: string): string | undefined {
  if (!name.includes(".") && !name.includes("[")) return undefined;
  return name
    .replace(/^nodes\./, "nodes_")
    .replace(/\.inputs\./, "_")
    .replace(/[^A-Za-z0-9_]+/g, "_")
    .replace(/_+$/, "");
}

export function createRunNamer(config: BatchConfig, withShots: boolean): RunNamer {
  const pattern = config.output.runNamePattern;
  const at = config.locate(["output", "run_name_pattern"]);
  let compiled: CompiledPattern;
  try {
    compiled = compilePattern(pattern);
  } catch (error) {
    throw new UserError(`${at} output.run_name_pattern: ${(error as Error).message}`);
  }
  const known = ["run_id", "point", "seed_index", ...(withShots ? ["shot"] : [])];
  for (const parameter of config.parameters) {
    known.push(parameter.name);
    const alias = patternAlias(parameter.name);
    if (alias) known.push(alias);
  }
  const unknown = compiled.fields.filter((field) => !known.includes(field));
  if (unknown.length > 0) {
    const issues = unknown.map((field) => `${at} output.run_name_pattern: unknown field {${field}}${didYouMean(field, known)}`);
    throw new UserError(issues.length === 1 ? (issues[0] ?? "") : `${at} output.run_name_pattern has ${unknown.length} unknown fields:`, {
      issues,
      hint: `Available fields: ${known.join(", ")}`,
    });
  }
  // Each pattern field and where its value comes from: a parameter (maybe by its alias) or an id.
  const sources = compiled.fields.map((field) => {
    const parameter = config.parameters.find((p) => p.name === field || patternAlias(p.name) === field);
    return { field, parameter: parameter?.name };
  });
  const used = new Map<string, Set<string>>();
  const usedIn = (shot: string | undefined): Set<string> => {
    const key = shot ?? "";
    const known = used.get(key);
    if (known) return known;
    const set = new Set<string>();
    used.set(key, set);
    return set;
  };
  const duplicates: string[] = [];
  const format = compiled.format;
  return {
    name(values, ids) {
      const fields: Record<string, PatternValue> = {};
      for (const { field, parameter } of sources) {
        const value = parameter !== undefined ? values[parameter] : ids[field as keyof RunIds];
        if (value !== undefined) fields[field] = value;
      }
      const shot = ids.shot;
      const base = safeSegment(format(fields));
      const names = usedIn(shot);
      let name = base;
      for (let k = 2; names.has(name); k++) name = withSuffix(base, `_${k}`);
      if (name !== base) duplicates.push(base);
      names.add(name);
      return name;
    },
    reserve(name, shot) {
      usedIn(shot).add(name);
    },
    warnings() {
      if (duplicates.length === 0) return [];
      const shown = [...new Set(duplicates)]
        .slice(0, 3)
        .map((n) => `"${n}"`)
        .join(", ");
      return [
        `${duplicates.length} run name(s) from output.run_name_pattern were already taken (${shown}…); added _2, _3 … suffixes. Put {run_id} in the pattern to avoid this.`,
      ];
    },
  };
}

/** base + suffix as one safe segment, shortening base when the whole would be cut at the length limit. */
function withSuffix(base: string, suffix: string): string {
  const joined = safeSegment(base + suffix);
  if (joined.endsWith(suffix)) return joined;
  return safeSegment([...base].slice(0, -(suffix.length + 8)).join("") + suffix);
}
