/** A field is anything the user can sort, filter, group or pivot by. */
import { DATA, IS_SHOTS, PARAMS, VARYING, type PageRun, type PageValue, type Param } from "./data.js";
import { show } from "./dom.js";
import { ratingOf } from "./ratings.js";
import { SCORE_FIELDS } from "./score-fields.js";

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

export function num(v: PageValue | undefined): number {
  return v === null || v === undefined || v === "" ? NaN : Number(v);
}

export function compareValues(a: PageValue | undefined, b: PageValue | undefined, numeric: boolean): number {
  const an = a === null || a === undefined;
  const bn = b === null || b === undefined;
  if (an || bn) return an === bn ? 0 : an ? 1 : -1;
  if (numeric) {
    const x = num(a);
    const y = num(b);
    if (x !== y) return x < y ? -1 : 1;
    // Seeds above 2^53 collide as doubles: fall back to their exact digits.
    const sa = String(a);
    const sb = String(b);
    return sa.length !== sb.length ? sa.length - sb.length : sa < sb ? -1 : sa > sb ? 1 : 0;
  }
  return String(a).localeCompare(String(b), undefined, { numeric: true });
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

/** Axis values for pivots and groups: the distinct values, or 6 ranges when a number has many. */
export function axisBuckets(field: Field, runs: readonly PageRun[]): Bucket[] {
  const values = distinctValues(field, runs);
  if (!field.numeric || values.length <= 8) {
    return values.map((d) => ({ label: d.value === null ? "—" : show(d.value), test: (r: PageRun) => keyOf(field.get(r)) === d.key }));
  }
  const nums = values.map((d) => num(d.value)).filter((n) => !Number.isNaN(n));
  const lo = Math.min(...nums);
  const hi = Math.max(...nums);
  const n = 6;
  const step = (hi - lo) / n;
  const out: Bucket[] = [];
  for (let i = 0; i < n; i++) {
    const a = lo + i * step;
    const b = lo + (i + 1) * step;
    const last = i === n - 1;
    out.push({
      label: `${show(a)} – ${show(b)}`,
      test: (r) => {
        const v = num(field.get(r));
        return v >= a && (last ? v <= b : v < b);
      },
    });
  }
  return out;
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
