/** A field is anything the user can sort, filter, group or pivot by. */
import { DATA, IS_SHOTS, PARAMS, VARYING, type PageRun, type PageValue, type Param } from "./data.js";
import { show } from "./dom.js";
import { ratingOf } from "./ratings.js";
import { SCORE_FIELDS } from "./score-fields.js";
import { axisBuckets as sharedBuckets, compareAxisValues } from "../core/results/axis-buckets.js";

export interface Field {
  key: string;
  label: string;
  get: (run: PageRun) => PageValue;
  numeric: boolean;
}

export interface Distinct {
  value: PageValue;
  key: string;
  count: number;
}

export interface Bucket {
  label: string;
  test: (run: PageRun) => boolean;
}

const SEED_TYPES = new Set(["random_seed", "seed"]);

function makeField(key: string, label: string, get: (run: PageRun) => PageValue, numeric: boolean): Field {
  return { key, label, get, numeric };
}

export const FIELDS: Field[] = [makeField("id", "run id", (r) => r.id, true), makeField("name", "run name", (r) => r.name, false)];
if (IS_SHOTS) FIELDS.push(makeField("shot", "shot", (r) => r.shot, false));
FIELDS.push(makeField("status", "status", (r) => r.status, false));
for (const p of PARAMS) FIELDS.push(makeField(`p:${p.name}`, p.name, (r) => r.values[p.name] ?? null, p.numeric));
FIELDS.push(makeField("duration", "duration (s)", (r) => r.duration, true));
FIELDS.push(makeField("rating", "rating", (r) => ratingOf(r.id).stars, true));

export const FIELD: Record<string, Field> = {};
for (const f of FIELDS) FIELD[f.key] = f;
// Sorted and range-filtered like the others, listed apart in the menus (scores.ts).
for (const f of SCORE_FIELDS) FIELD[f.key] = f;

/** The field of this key; keys come from FIELDS, so a missing one is a bug in the page. */
export function fieldOf(key: string): Field {
  const f = FIELD[key];
  if (!f) throw new Error(`unknown field ${key}`);
  return f;
}

/** The fields worth filtering, grouping and pivoting by: those with more than one value. */
export const AXES = FIELDS.filter((f) => f.key === "status" || f.key === "shot" || VARYING.some((p) => `p:${p.name}` === f.key));

export { axisNumber as num } from "../core/results/axis-buckets.js";

export function compareValues(a: PageValue | undefined, b: PageValue | undefined, numeric: boolean): number {
  return compareAxisValues(a, b, numeric);
}

export function keyOf(v: PageValue | undefined): string {
  return v === null || v === undefined ? "\u0000null" : String(v);
}

export function distinctValues(field: Field, runs: readonly PageRun[]): Distinct[] {
  const seen = new Map<string, Distinct>();
  for (const r of runs) {
    const value = field.get(r);
    const key = keyOf(value);
    const d = seen.get(key) ?? { value, key, count: 0 };
    seen.set(key, d);
    d.count++;
  }
  return [...seen.values()].sort((a, b) => compareValues(a.value, b.value, field.numeric));
}

/** Axis values for pivots and groups: the distinct values, or ranges when a number has many. */
export function axisBuckets(field: Field, runs: readonly PageRun[]): Bucket[] {
  return sharedBuckets(runs, field.get, field.numeric, { key: keyOf, label: (v) => (v === null || v === undefined ? "—" : show(v as PageValue)) });
}

function findParam(test: (p: Param) => boolean): Param | undefined {
  return PARAMS.find(test);
}

export function seedOf(run: PageRun): PageValue | undefined {
  const p = findParam((q) => SEED_TYPES.has(q.type)) ?? findParam((q) => /seed/i.test(q.name));
  return p ? run.values[p.name] : null;
}

export function promptOf(run: PageRun): { text: PageValue | undefined; negative: string | null } | null {
  const p = findParam((q) => /^(positive_)?prompt$|^text$/i.test(q.name));
  if (p && run.values[p.name] !== null) return { text: run.values[p.name], negative: null };
  const shot = DATA.shots.find((s) => s.name === run.shot);
  return shot ? { text: shot.prompt, negative: shot.negative } : null;
}
