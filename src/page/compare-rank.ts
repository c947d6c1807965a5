/**
 * The ranking behind compare mode: a Bradley–Terry fit of the runs being compared (stars as a weak
 * prior), refitted after each click from the previous fit, the next pair to show, and the view of
 * the ranking with its intervals and whether the best k are separated yet.
 */
import { fitBradleyTerry, nextPair, ranking, topSeparated, type Comparison, type Fit } from "../core/analysis/bradley-terry.js";
import { PARAMS, type PageRun } from "./data.js";
import { clear, el, show } from "./dom.js";
import { comparisons } from "./compare-store.js";
import { ratingOf } from "./ratings.js";

const SEED_TYPES = new Set(["random_seed", "seed"]);
/** z for the intervals drawn and for "separated": one-sided 95 %. */
const Z = 1.64;
/** Rows drawn in the ranking; the rest are counted (a sheet may hold thousands of runs). */
const ROWS = 60;

export interface Session {
  readonly items: PageRun[];
  readonly index: Map<number, number>;
  top: number;
  controlled: boolean;
  fit: Fit;
  /** Comparisons the fit used (both runs in this session, not "both bad"). */
  used: number;
  pair: [number, number] | undefined;
  previous: [number, number] | undefined;
  readonly skipped: Set<string>;
}

export function newSession(items: PageRun[], top: number): Session {
  const index = new Map(items.map((r, i) => [r.id, i]));
  const session: Session = {
    items,
    index,
    top,
    controlled: false,
    fit: fitBradleyTerry(items.length, []),
    used: 0,
    pair: undefined,
    previous: undefined,
    skipped: new Set(),
  };
  refit(session);
  return session;
}

/** Fits every comparison between two of the session's runs; warm-started from the last fit. */
export function refit(session: Session): void {
  const list: Comparison[] = [];
  for (const c of comparisons()) {
    if (c.choice === "bad") continue;
    const a = session.index.get(c.a);
    const b = session.index.get(c.b);
    if (a === undefined || b === undefined || a === b) continue;
    list.push({ a, b, outcome: c.choice });
  }
  const stars = session.items.map((r) => ratingOf(r.id).stars || undefined);
  session.fit = fitBradleyTerry(session.items.length, list, { stars, initial: session.fit.theta });
  session.used = list.length;
}

const pairKey = (i: number, j: number): string => (i < j ? `${i}|${j}` : `${j}|${i}`);

function seedParam(): string | undefined {
  return PARAMS.find((p) => SEED_TYPES.has(p.type))?.name;
}

/**
 * The one varying parameter two runs differ in when they share their seed (and shot), or
 * undefined: such a pair attributes a preference to that parameter.
 */
export function controlledParam(a: PageRun, b: PageRun): string | undefined {
  const seed = seedParam();
  if (a.shot !== b.shot || (seed !== undefined && String(a.values[seed]) !== String(b.values[seed]))) return undefined;
  let differing: string | undefined;
  for (const p of PARAMS) {
    if (!p.varies || p.name === seed || String(a.values[p.name]) === String(b.values[p.name])) continue;
    if (differing !== undefined) return undefined;
    differing = p.name;
  }
  return differing;
}

/** The next pair to show (never the one just shown), or undefined when no pair is left. */
export function choosePair(session: Session): [number, number] | undefined {
  const { items } = session;
  const partners = session.controlled ? controlledPartners(session) : undefined;
  const allowed = (i: number, j: number): boolean =>
    !ratingOf(items[i]!.id).reject &&
    !ratingOf(items[j]!.id).reject &&
    !session.skipped.has(pairKey(i, j)) &&
    (partners === undefined || partners.get(i)?.has(j) === true);
  const options = { top: Math.min(session.top, items.length - 1), allowed, ...(session.previous ? { previous: session.previous } : {}) };
  let pair = nextPair(session.fit, options);
  if (pair === undefined && session.skipped.size) {
    session.skipped.clear();
    pair = nextPair(session.fit, options);
  }
  return pair;
}

const PARTNERS = new WeakMap<Session, Map<number, Set<number>>>();

/** Per run, the runs it forms a controlled pair with: found once per session, within each seed. */
function controlledPartners(session: Session): Map<number, Set<number>> {
  let partners = PARTNERS.get(session);
  if (partners) return partners;
  partners = new Map();
  const seed = seedParam();
  const bySeed = new Map<string, number[]>();
  session.items.forEach((run, i) => {
    const key = `${run.shot ?? ""}\0${seed === undefined ? "" : String(run.values[seed])}`;
    const group = bySeed.get(key) ?? [];
    group.push(i);
    bySeed.set(key, group);
  });
  for (const group of bySeed.values()) {
    for (const [x, i] of group.entries()) {
      for (const j of group.slice(x + 1)) {
        if (controlledParam(session.items[i]!, session.items[j]!) === undefined) continue;
        for (const [a, b] of [
          [i, j],
          [j, i],
        ] as const) {
          const set = partners.get(a) ?? new Set<number>();
          set.add(b);
          partners.set(a, set);
        }
      }
    }
  }
  PARTNERS.set(session, partners);
  return partners;
}

export function skipPair(session: Session, pair: [number, number]): void {
  session.skipped.add(pairKey(pair[0], pair[1]));
}

export function separated(session: Session): boolean {
  return session.items.length > session.top && topSeparated(session.fit, session.top, Z);
}

/** The ranking with intervals, a line under the best k, and whether the user can stop. */
export function renderRanking(box: HTMLElement, session: Session): void {
  clear(box);
  const { fit, items, top } = session;
  const done = separated(session);
  const stop = el(
    "div",
    `cmp-stop${done ? " done" : ""}`,
    done
      ? `You can stop: the top ${top} are separated from the rest.`
      : `Not separated yet: keep comparing (${session.used} comparison${session.used === 1 ? "" : "s"} so far).`,
  );
  stop.id = "compare-stop";
  stop.dataset.separated = done ? "1" : "0";
  box.appendChild(stop);
  const order = ranking(fit);
  const lo = Math.min(...order.map((i) => fit.theta[i]! - Z * fit.se[i]!));
  const hi = Math.max(...order.map((i) => fit.theta[i]! + Z * fit.se[i]!));
  const x = (v: number): string => `${(((v - lo) / (hi - lo || 1)) * 100).toFixed(2)}%`;
  const list = el("ol", "cmp-rank-list");
  list.id = "compare-ranking";
  order.slice(0, ROWS).forEach((i, rank) => {
    const run = items[i]!;
    const row = el("li", `cmp-row${rank === top - 1 ? " cut" : ""}${ratingOf(run.id).reject ? " rejected" : ""}`);
    row.dataset.id = String(run.id);
    row.dataset.theta = String(fit.theta[i]);
    row.dataset.se = String(fit.se[i]);
    row.title = `${run.name}: strength ${fit.theta[i]!.toFixed(2)} ± ${(Z * fit.se[i]!).toFixed(2)}`;
    row.appendChild(el("span", "n", rank + 1));
    row.appendChild(el("span", "name", run.name));
    const bar = el("span", "bar");
    const span = el("i");
    span.style.left = x(fit.theta[i]! - Z * fit.se[i]!);
    span.style.right = `calc(100% - ${x(fit.theta[i]! + Z * fit.se[i]!)})`;
    const dot = el("b");
    dot.style.left = x(fit.theta[i]!);
    bar.append(span, dot);
    row.appendChild(bar);
    list.appendChild(row);
  });
  box.appendChild(list);
  if (order.length > ROWS) box.appendChild(el("div", "sub", `… and ${order.length - ROWS} more`));
  if (session.controlled) box.appendChild(attribution(session));
}

/** In controlled-pair mode: per parameter, how often each of its values won a controlled pair. */
function attribution(session: Session): HTMLElement {
  const wins = new Map<string, Map<string, { won: number; lost: number }>>();
  for (const c of comparisons()) {
    if (!c.controlled || c.choice === "bad" || c.choice === "tie") continue;
    const a = session.items[session.index.get(c.a) ?? -1];
    const b = session.items[session.index.get(c.b) ?? -1];
    if (!a || !b) continue;
    const [winner, loser] = c.choice === "a" ? [a, b] : [b, a];
    const perValue = wins.get(c.controlled) ?? new Map<string, { won: number; lost: number }>();
    wins.set(c.controlled, perValue);
    const tally = (run: PageRun, key: "won" | "lost"): void => {
      const value = show(run.values[c.controlled!]);
      const t = perValue.get(value) ?? { won: 0, lost: 0 };
      t[key] += 1;
      perValue.set(value, t);
    };
    tally(winner, "won");
    tally(loser, "lost");
  }
  const box = el("div", "cmp-attr");
  box.id = "compare-attribution";
  box.appendChild(el("div", "section", "controlled pairs"));
  if (!wins.size) box.appendChild(el("div", "sub", "No controlled pair judged yet."));
  for (const [name, perValue] of wins) {
    const line = el("div", "sub");
    const parts = [...perValue].sort((p, q) => q[1].won - q[1].lost - (p[1].won - p[1].lost)).map(([v, t]) => `${v}: ${t.won}–${t.lost}`);
    line.textContent = `${name}  ${parts.join(" · ")}`;
    box.appendChild(line);
  }
  return box;
}
