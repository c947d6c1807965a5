/**
 * What cr-score measured, on the page: flag badges on the cards, a colour scale for the score the
 * grid is sorted by, the flag and score-range filters, the sort options, and the scores and the
 * judge's verdict in the player. All text goes in through textContent (dom.ts).
 */
import { RUNS, type PageJudge, type PageRun } from "./data.js";
import { el, show } from "./dom.js";
import { distinctValues } from "./fields.js";
import { rangeFilter } from "./filters.js";
import { ANY_SCORED, FLAG_COUNTS, SCORE_FIELDS, judgeMean, scoreFieldOf, type ScoreField } from "./score-fields.js";
import { STATE } from "./state.js";
import { refresh } from "./view.js";

/** How bad a flag is, for its colour: a broken clip, a doubtful one, a soft one. */
const SEVERITY: Record<string, string> = {
  frozen: "severe",
  black: "severe",
  cut: "severe",
  flicker: "warn",
  drift: "warn",
  static: "warn",
  blurry: "mild",
  blocky: "mild",
  duplicates: "mild",
  dark: "mild",
};
const NO_FLAG = "\u0000none";
/** The flags picked in the filter panel: only runs raising one of them are shown (NO_FLAG: scored runs raising none). */
const PICKED_FLAGS = new Set<string>();

function flagBadge(flag: string): HTMLSpanElement {
  const badge = el("span", `flag ${SEVERITY[flag] ?? "other"}`, flag);
  badge.dataset.flag = flag;
  return badge;
}

/** Called for every card: the flag badges on its thumbnail, and the colour scale when sorted by a score. */
export function decorateCard(run: PageRun, card: HTMLElement, thumb: HTMLElement, meta: HTMLElement): void {
  const scores = run.scores;
  if (scores) {
    const box = el("div", "flags");
    if (scores.status === "failed") {
      const badge = el("span", "flag unscored", "not scored");
      badge.title = scores.reason ?? "";
      box.appendChild(badge);
    }
    for (const flag of scores.flags) box.appendChild(flagBadge(flag));
    if (box.childNodes.length > 0) thumb.appendChild(box);
  }
  const field = scoreFieldOf(STATE.sortKey);
  if (field && run.status === "completed") meta.appendChild(scaleRow(field, run, card));
}

const ranges = new Map<string, { lo: number; hi: number }>();

/** The field's range over every run (not only those shown), so a colour means the same while filtering. */
function rangeOf(field: ScoreField): { lo: number; hi: number } {
  let range = ranges.get(field.key);
  if (!range) {
    const values = RUNS.map((r) => field.get(r)).filter((v): v is number => typeof v === "number");
    range = { lo: Math.min(...values), hi: Math.max(...values) };
    ranges.set(field.key, range);
  }
  return range;
}

/** Red (worse) to green (better); blue to yellow for a value that is neither. */
function colourOf(field: ScoreField, value: number): string {
  const { lo, hi } = rangeOf(field);
  const t = hi > lo ? (value - lo) / (hi - lo) : 0.5;
  if (field.better === 0) return `hsl(${Math.round(220 - t * 170)} 70% 42%)`;
  const good = field.better > 0 ? t : 1 - t;
  return `hsl(${Math.round(good * 120)} 65% 38%)`;
}

function scaleRow(field: ScoreField, run: PageRun, card: HTMLElement): HTMLDivElement {
  const row = el("div", "scale");
  row.appendChild(el("span", null, field.group === "judge" ? `judge ${field.label}` : field.label));
  const value = field.get(run);
  const pill = el("span", "scale-value", show(value));
  if (typeof value === "number") {
    const colour = colourOf(field, value);
    pill.style.background = colour;
    card.style.setProperty("--scale", colour);
    card.classList.add("scaled");
  }
  row.appendChild(pill);
  row.title =
    field.better === 0
      ? `${field.label}: blue = lowest, yellow = highest of this batch`
      : `${field.label}: red = worst, green = best of this batch (${field.better > 0 ? "higher" : "lower"} is better)`;
  return row;
}

/** The scores and the judge's ratings as their own groups of the sort menu. */
export function addScoreSortOptions(select: HTMLSelectElement): void {
  for (const group of ["scores", "judge"] as const) {
    const fields = SCORE_FIELDS.filter((f) => f.group === group);
    if (fields.length === 0) continue;
    const optgroup = el("optgroup");
    optgroup.label = group;
    for (const f of fields) {
      const o = el("option", null, f.label);
      o.value = f.key;
      optgroup.appendChild(o);
    }
    select.appendChild(optgroup);
  }
}

export function passesScoreFilters(run: PageRun): boolean {
  if (PICKED_FLAGS.size === 0) return true;
  const flags = run.scores?.flags ?? [];
  if (flags.length === 0) return PICKED_FLAGS.has(NO_FLAG) && run.scores?.status === "ok";
  return flags.some((flag) => PICKED_FLAGS.has(flag));
}

export function resetScoreFilters(): void {
  PICKED_FLAGS.clear();
}

/** The filter panel's flags (pick some: only runs raising one are shown) and a range per score. */
export function buildScoreFilters(box: HTMLElement): void {
  if (!ANY_SCORED) return;
  if (FLAG_COUNTS.length > 0) {
    box.appendChild(el("h3", null, "flags (show only)"));
    for (const { flag, count } of FLAG_COUNTS) box.appendChild(flagCheck(flag, flagBadge(flag), count));
    const clean = RUNS.filter((r) => r.scores?.status === "ok" && r.scores.flags.length === 0).length;
    box.appendChild(flagCheck(NO_FLAG, el("span", null, "no flag"), clean));
  }
  const ranged = SCORE_FIELDS.filter((f) => distinctValues(f, RUNS).filter((d) => d.value !== null).length >= 2);
  if (ranged.length === 0) return;
  const details = el("details");
  details.id = "score-ranges";
  details.open = Object.keys(STATE.filters).some((key) => scoreFieldOf(key) !== undefined);
  details.appendChild(el("summary", null, "score ranges"));
  for (const field of ranged) {
    details.appendChild(el("div", "range-name", field.group === "judge" ? `judge ${field.label}` : field.label));
    details.appendChild(rangeFilter(field, distinctValues(field, RUNS)));
  }
  box.appendChild(details);
}

function flagCheck(key: string, name: HTMLElement, count: number): HTMLLabelElement {
  const label = el("label");
  const cb = el("input");
  cb.type = "checkbox";
  cb.dataset.flagFilter = key === NO_FLAG ? "none" : key;
  cb.checked = PICKED_FLAGS.has(key);
  cb.onchange = () => {
    if (cb.checked) PICKED_FLAGS.add(key);
    else PICKED_FLAGS.delete(key);
    refresh();
  };
  label.appendChild(cb);
  label.appendChild(name);
  label.appendChild(el("span", "n", count));
  return label;
}

function tableRow(name: string, value: string): HTMLTableRowElement {
  const tr = el("tr");
  tr.appendChild(el("td", null, name));
  tr.appendChild(el("td", null, value));
  return tr;
}

/** The player's "judge" and "scores" sections, after the prompt: the main values, the others folded. */
export function appendScoreSections(side: HTMLElement, run: PageRun): void {
  const scores = run.scores;
  if (!scores) return;
  if (scores.judge) appendJudge(side, run, scores.judge);
  side.appendChild(el("div", "section", "scores"));
  const box = el("div");
  box.id = "player-scores";
  if (scores.status === "failed") box.appendChild(el("div", "err", `not scored: ${scores.reason ?? "unknown reason"}`));
  else if (scores.flags.length === 0) box.appendChild(el("div", "sub", "no flag raised"));
  else {
    const flags = el("div", "flags-inline");
    for (const flag of scores.flags) flags.appendChild(flagBadge(flag));
    box.appendChild(flags);
  }
  const main = valueTable(run, true);
  if (main) box.appendChild(main);
  const others = valueTable(run, false);
  if (others) {
    const more = el("details");
    more.appendChild(el("summary", "sub", "all values"));
    more.appendChild(others);
    box.appendChild(more);
  }
  side.appendChild(box);
}

function valueTable(run: PageRun, main: boolean): HTMLTableElement | undefined {
  const table = el("table");
  for (const field of SCORE_FIELDS) {
    const value = field.group === "scores" && field.main === main ? field.get(run) : null;
    if (value !== null) table.appendChild(tableRow(field.label, show(value)));
  }
  return table.childNodes.length > 0 ? table : undefined;
}

function appendJudge(side: HTMLElement, run: PageRun, judge: PageJudge): void {
  side.appendChild(el("div", "section", "judge"));
  const box = el("div");
  box.id = "player-judge";
  if (judge.model) box.appendChild(el("div", "sub", `model ${judge.model}`));
  if (judge.reason) box.appendChild(el("div", "err", judge.reason));
  const ratings = Object.entries(judge.ratings);
  if (ratings.length > 0) {
    const table = el("table");
    for (const [name, value] of ratings) table.appendChild(tableRow(name, show(value)));
    table.appendChild(tableRow("mean", show(judgeMean(run))));
    box.appendChild(table);
  }
  if (judge.summary) box.appendChild(el("div", "prompt judge-summary", judge.summary));
  side.appendChild(box);
}
