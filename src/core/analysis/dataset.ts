/**
 * Turns what the batch store reads (plan, params.json records, ratings, scores) into the rows the
 * analysis works on: one per completed run with a target, its varying parameters' values (seeds
 * are noise, never a parameter), its design point and its GPU time. Runs without a target are
 * left out and counted, never given a default: an unrated run is not a 0-star run.
 */
import { UserError } from "../errors.js";
import type { Scores } from "../score/types.js";
import type { Rating } from "../store/ratings.js";
import type { ParameterKind, ParameterValue } from "./binning.js";

/** One measure: stars, compare mode's ranking, or a scores.json value (negated when lower is better). */
export type SingleTarget =
  | { readonly kind: "stars" }
  | { readonly kind: "pairwise" }
  | { readonly kind: "score"; readonly value: string; readonly lowerIsBetter: boolean }
  /** A vision judge's rating from judge.json: one named rating, or (rating undefined) the mean of its ratings. */
  | { readonly kind: "judge"; readonly rating: string | undefined };

/**
 * A weighted sum of measures, `score:flicker+0.5*score:-blur`: each term is standardised over the
 * runs that have every term (mean 0, standard deviation 1) before weighting, so measures on
 * different scales (0–1 shares, 0–255 levels, stars) count as their weights say.
 */
export interface CombinedTarget {
  readonly kind: "combination";
  readonly terms: readonly { readonly target: SingleTarget; readonly weight: number }[];
}

export type Target = SingleTarget | CombinedTarget;

export interface DatasetParameter {
  readonly name: string;
  readonly kind: ParameterKind;
  readonly paths: readonly string[];
}

/** A completed or failed run as read from the store, before a target is chosen. */
export interface RunInput {
  readonly runId: number;
  readonly name: string;
  readonly shot?: string | undefined;
  /** plan.json's design point, when the plan has one. */
  readonly point?: number | undefined;
  readonly status: string;
  readonly values: Readonly<Record<string, unknown>>;
  readonly patches: Readonly<Record<string, unknown>>;
  readonly durationS: number | null;
  readonly scores?: Scores | undefined;
  readonly rating?: Rating | undefined;
  /** The judge's ratings (judge.json), when it gave a verdict. */
  readonly judge?: Readonly<Record<string, number>> | undefined;
  /** The Bradley–Terry strength from compare mode's comparisons (core/analysis/pairwise.ts), when compared. */
  readonly pairwise?: number | undefined;
  /** Which batch folder it came from, when several are merged (run ids repeat across batches). */
  readonly batch?: string | undefined;
}

export interface DatasetRow {
  readonly runId: number;
  readonly batch?: string | undefined;
  readonly name: string;
  readonly shot?: string | undefined;
  /** Runs with the same key are one design point under different seeds. */
  readonly point: string;
  /** One value per dataset parameter, in their order. */
  readonly values: readonly ParameterValue[];
  /** Larger is better (a lower-is-better score is negated). */
  readonly target: number;
  readonly durationS: number;
  readonly patches: Readonly<Record<string, unknown>>;
}

export interface LeftOut {
  readonly notCompleted: number;
  readonly noTarget: number;
  readonly flagged: number;
}

export interface Dataset {
  readonly target: string;
  readonly parameters: readonly DatasetParameter[];
  readonly rows: readonly DatasetRow[];
  readonly leftOut: LeftOut;
}

export interface PlanParameterInput {
  readonly name: string;
  readonly type: string;
  readonly paths: readonly string[];
  readonly varies?: boolean | undefined;
}

/** The factor a cr-shots batch adds for its shots (parenthesised: no plan parameter is named so). */
export const SHOT_FACTOR = "(shot)";

const SEED_TYPES = new Set(["random_seed", "seed"]);
const NUMERIC_TYPES = new Set(["continuous", "linear"]);

const TARGET_HINT =
  "Use stars, pairwise (compare mode's ranking), judge or judge:<rating> (cr-score --judge), score:<value> (score:-<value> when lower is better), e.g. score:flicker or score:-blur, or a weighted sum such as score:flicker+0.5*score:-blur.";

function parseSingleTarget(text: string, whole: string): SingleTarget {
  if (text === "stars") return { kind: "stars" };
  if (text === "pairwise") return { kind: "pairwise" };
  if (text === "judge") return { kind: "judge", rating: undefined };
  const judge = /^judge:([a-z_]+)$/.exec(text);
  if (judge) return { kind: "judge", rating: judge[1]! };
  const match = /^score:(-?)([a-z_]+)$/.exec(text);
  if (!match) throw new UserError(`--target '${whole}' is not a target.`, { hint: TARGET_HINT });
  return { kind: "score", value: match[2]!, lowerIsBetter: match[1] === "-" };
}

export function parseTarget(text: string): Target {
  const parts = text.split("+").map((part) => part.trim());
  if (parts.length === 1) return parseSingleTarget(text.trim(), text);
  const terms = parts.map((part) => {
    const weighted = /^(\d+(?:\.\d+)?|\.\d+)\s*\*\s*(.+)$/.exec(part);
    const weight = weighted ? Number(weighted[1]) : 1;
    if (!(weight > 0)) throw new UserError(`--target '${text}': the weight of '${part}' must be above 0.`, { hint: TARGET_HINT });
    return { target: parseSingleTarget(weighted ? weighted[2]!.trim() : part, text), weight };
  });
  const names = terms.map((t) => singleName(t.target));
  if (new Set(names).size < names.length) throw new UserError(`--target '${text}' names a measure twice.`, { hint: TARGET_HINT });
  return { kind: "combination", terms };
}

function singleName(target: SingleTarget): string {
  if (target.kind === "judge") return target.rating === undefined ? "judge" : `judge:${target.rating}`;
  return target.kind === "score" ? `score:${target.lowerIsBetter ? "-" : ""}${target.value}` : target.kind;
}

export function targetName(target: Target): string {
  if (target.kind !== "combination") return singleName(target);
  return target.terms.map((t) => (t.weight === 1 ? "" : `${t.weight}*`) + singleName(t.target)).join("+");
}

/** The single measures a target reads. */
export function targetTerms(target: Target): readonly SingleTarget[] {
  return target.kind === "combination" ? target.terms.map((t) => t.target) : [target];
}

/** Whether runs with a raised flag are left out by default: for measured or judged targets, where a flag is a failed constraint. */
export function measuredTarget(target: Target): boolean {
  return targetTerms(target).some((t) => t.kind === "score" || t.kind === "judge");
}

function numericScoreValues(scores: Scores | undefined): Record<string, number> {
  if (scores === undefined || scores.status !== "ok") return {};
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(scores.values)) if (typeof value === "number" && Number.isFinite(value)) out[key] = value;
  return out;
}

/** The targets these runs can be analysed on: stars when any is rated, pairwise when any was compared, then every numeric score value. */
export function availableTargets(runs: readonly RunInput[]): string[] {
  const targets = new Set<string>();
  if (runs.some((r) => r.rating !== undefined)) targets.add("stars");
  if (runs.some((r) => r.pairwise !== undefined)) targets.add("pairwise");
  if (runs.some((r) => r.judge !== undefined)) targets.add("judge");
  for (const run of runs) for (const key of Object.keys(run.judge ?? {})) targets.add(`judge:${key}`);
  for (const run of runs) for (const key of Object.keys(numericScoreValues(run.scores))) targets.add(`score:${key}`);
  return [...targets];
}

/** The target picked by --target, or stars when there are ratings; otherwise a UserError listing the choices. */
export function chooseTarget(text: string | undefined, available: readonly string[]): Target {
  if (text !== undefined) {
    const target = parseTarget(text);
    for (const term of targetTerms(target)) {
      const plain = term.kind === "score" ? `score:${term.value}` : singleName(term);
      const what = target.kind === "combination" ? `${plain} in ${text}` : text;
      if (!available.includes(plain)) throw new UserError(`--target ${what}: no run has it; ${availableText(available)}.`, { hint: targetHint(available) });
    }
    return target;
  }
  if (available.includes("stars")) return { kind: "stars" };
  throw new UserError(`No run is rated, so there is no default target; ${availableText(available)}.`, { hint: targetHint(available) });
}

function availableText(available: readonly string[]): string {
  return available.length === 0 ? "no run has a rating or a score" : `available: ${available.join(", ")}`;
}

function targetHint(available: readonly string[]): string {
  return available.length === 0
    ? "Rate or compare runs in cr-contact-sheet, or score them with cr-score, first."
    : "Pick one with --target (score:-<value> when lower is better).";
}

function starsOf(rating: Rating | undefined): number | undefined {
  if (rating === undefined) return undefined;
  return rating.reject ? 0 : rating.stars;
}

/** Whether the scores raise any flag (a failed constraint). */
export function isFlagged(scores: Scores | undefined): boolean {
  return scores !== undefined && scores.status === "ok" && Object.values(scores.flags).some((flag) => flag === true);
}

function parameterKind(type: string, values: readonly ParameterValue[]): ParameterKind {
  if (type === "int") return "int";
  if (NUMERIC_TYPES.has(type)) return "continuous";
  return values.every((v) => typeof v === "number") ? "continuous" : "categorical";
}

export function toParameterValue(value: unknown): ParameterValue {
  if (value === undefined || value === null) return null;
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "bigint") return Number(value);
  return JSON.stringify(value);
}

/** The plan parameters worth analysing: those that vary and are not seeds. */
export function analysedParameters(parameters: readonly PlanParameterInput[], runs: readonly RunInput[]): DatasetParameter[] {
  return parameters
    .filter((p) => !SEED_TYPES.has(p.type) && p.varies !== false)
    .map((p) => ({ ...p, values: runs.map((r) => toParameterValue(r.values[p.name])) }))
    .filter((p) => new Set(p.values.map(String)).size > 1)
    .map((p) => ({ name: p.name, kind: parameterKind(p.type, p.values), paths: p.paths }));
}

function singleValue(run: RunInput, target: SingleTarget): number | undefined {
  if (target.kind === "stars") return starsOf(run.rating);
  if (target.kind === "pairwise") return run.pairwise;
  if (target.kind === "judge") return judgeValue(run.judge, target.rating);
  const value = numericScoreValues(run.scores)[target.value];
  return value === undefined ? undefined : target.lowerIsBetter ? -value : value;
}

function judgeValue(ratings: Readonly<Record<string, number>> | undefined, rating: string | undefined): number | undefined {
  if (ratings === undefined) return undefined;
  if (rating !== undefined) return ratings[rating];
  const values = Object.values(ratings);
  return values.length === 0 ? undefined : values.reduce((a, b) => a + b, 0) / values.length;
}

/** Each run's target: a single measure as it is; a combination standardised per term over the runs that have every term. */
function targetValues(runs: readonly RunInput[], target: Target): (number | undefined)[] {
  if (target.kind !== "combination") return runs.map((run) => singleValue(run, target));
  const raw = runs.map((run) => {
    const values = target.terms.map((t) => singleValue(run, t.target));
    return values.every((v) => v !== undefined) ? (values as number[]) : undefined;
  });
  const complete = raw.filter((v) => v !== undefined);
  const scale = target.terms.map((_, i) => {
    const xs = complete.map((v) => v[i]!);
    const mean = xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, xs.length - 1));
    // A term that does not vary adds nothing (and must not divide by zero).
    return { mean, sd: sd > 0 ? sd : Number.POSITIVE_INFINITY };
  });
  return raw.map((v) => (v === undefined ? undefined : target.terms.reduce((sum, t, i) => sum + (t.weight * (v[i]! - scale[i]!.mean)) / scale[i]!.sd, 0)));
}

export interface DatasetOptions {
  readonly target: Target;
  /** Leave out runs with a raised score flag (a failed constraint). */
  readonly excludeFlagged: boolean;
}

export function buildDataset(planParameters: readonly PlanParameterInput[], runs: readonly RunInput[], options: DatasetOptions): Dataset {
  const completed = runs.filter((r) => r.status === "completed");
  const parameters = analysedParameters(planParameters, completed);
  const seedNames = new Set(planParameters.filter((p) => SEED_TYPES.has(p.type)).map((p) => p.name));
  let noTarget = 0;
  const rows: DatasetRow[] = [];
  const kept = completed.filter((run) => !(options.excludeFlagged && isFlagged(run.scores)));
  const flagged = completed.length - kept.length;
  const targets = targetValues(kept, options.target);
  for (const [index, run] of kept.entries()) {
    const target = targets[index];
    if (target === undefined) {
      noTarget += 1;
      continue;
    }
    rows.push({
      runId: run.runId,
      ...(run.batch !== undefined ? { batch: run.batch } : {}),
      name: run.name,
      ...(run.shot !== undefined ? { shot: run.shot } : {}),
      point: pointKey(run, planParameters, seedNames),
      values: parameters.map((p) => toParameterValue(run.values[p.name])),
      target,
      durationS: run.durationS ?? Number.NaN,
      patches: run.patches,
    });
  }
  const leftOut = { notCompleted: runs.length - completed.length, noTarget, flagged };
  const shots = new Set(rows.map((r) => r.shot));
  if (shots.size < 2) return { target: targetName(options.target), parameters, rows, leftOut };
  // Shots differ in what they show, so the shot is a factor: otherwise its effect would pass for noise.
  return {
    target: targetName(options.target),
    parameters: [...parameters, { name: SHOT_FACTOR, kind: "categorical", paths: [] }],
    rows: rows.map((r) => ({ ...r, values: [...r.values, r.shot ?? null] })),
    leftOut,
  };
}

/** plan.json's point (plus the shot), or, for a plan without one, the run's non-seed values. */
function pointKey(run: RunInput, parameters: readonly PlanParameterInput[], seedNames: ReadonlySet<string>): string {
  const shot = `${run.batch ?? ""}/${run.shot ?? ""}`;
  if (run.point !== undefined) return `${shot}#${run.point}`;
  const values = parameters.filter((p) => !seedNames.has(p.name)).map((p) => toParameterValue(run.values[p.name]));
  return `${shot}#${JSON.stringify(values)}`;
}
