/**
 * The Insights view: cr-report's analysis of the batch, embedded by cr-contact-sheet (computed when
 * the page was written), drawn as charts. A target picker when the batch has several (stars,
 * scores); a clear empty state when nothing is rated or scored yet.
 */
import type { PageInsightRun, PageInsightTarget, PageInteraction } from "../commands/contact-sheet/page-data-types.js";
import { BY_ID, DATA, type PageRun } from "./data.js";
import { $, clear, el, option } from "./dom.js";
import { effectsChart, interactionChart, levelsChart, paretoChart } from "./insights-charts.js";
import { shortNumber } from "./insights-geometry.js";
import { openPlayer } from "./player.js";

const INSIGHTS = { target: 0, outdated: false };

const OUTDATED = "Ratings changed since this page was written: reload it (with --serve) or run cr-contact-sheet again to update these charts.";

/** A rating changed in this page: the embedded analysis no longer includes it. */
export function insightsOutdated(): void {
  if (INSIGHTS.outdated) return;
  INSIGHTS.outdated = true;
  const head = document.querySelector("#insights .insights-head");
  if (head) head.appendChild(outdatedNote());
}

function outdatedNote(): HTMLElement {
  const note = el("div", "insights-outdated", OUTDATED);
  note.id = "insights-outdated";
  return note;
}

const EMPTY = "Nothing to analyse yet: rate some runs (0–5 keys) or run cr-score on the batch, then reload.";

function runsOf(ids: readonly number[]): PageRun[] {
  return ids.map((id) => BY_ID[id]).filter((r) => r !== undefined);
}

function section(root: HTMLElement, title: string, hint?: string): HTMLElement {
  const box = el("section", "insights-section");
  box.appendChild(el("h3", null, title));
  if (hint) box.appendChild(el("div", "sub", hint));
  root.appendChild(box);
  return box;
}

export function renderInsights(): void {
  const root = $("insights");
  clear(root);
  const insights = DATA.insights;
  const targets = insights?.targets ?? [];
  const target = targets[INSIGHTS.target] ?? targets[0];
  if (!target) {
    const empty = el("div", "insights-empty", EMPTY);
    root.appendChild(empty);
    for (const note of insights?.notes ?? []) root.appendChild(el("div", "sub", note));
    return;
  }
  root.appendChild(header(targets, target));
  for (const note of insights?.notes ?? []) root.appendChild(el("div", "sub", note));
  const effects = section(
    root,
    "Which parameters matter",
    "Share of the target's variance each parameter explains, with its bootstrap 95 % interval; the grey band is what seed noise alone would explain.",
  );
  if (target.effects.length) effects.appendChild(effectsChart(target));
  else effects.appendChild(el("div", "sub", "No effect could be estimated: too few runs for the parameters."));
  for (const s of target.skipped) effects.appendChild(el("div", "sub", `${s.name}: left out (${s.reason})`));
  if (target.effects.length) {
    const levels = section(
      root,
      "Per parameter",
      "Mean target per value (binned ranges for numbers) with 95 % intervals; the shaded band is the overall mean ± one seed-noise SD.",
    );
    const grid = el("div", "insights-cards");
    for (const e of target.effects) {
      const card = el("div", "insights-card");
      card.appendChild(el("h4", null, e.name));
      card.appendChild(levelsChart(e, target));
      grid.appendChild(card);
    }
    levels.appendChild(grid);
  }
  interactions(section(root, "Interactions", "Does one parameter's effect depend on another? Mean target per pair of levels."), target.interactions);
  const pareto = section(
    root,
    "Quality against GPU time",
    "Every run; the joined points are the Pareto front: no other run is both cheaper and better. Click a point to open it.",
  );
  if (target.scatter.length) {
    pareto.appendChild(paretoChart(target, (id) => openPlayer(id, runsOf(target.pareto.includes(id) ? target.pareto : target.scatter.map((p) => p[0])))));
    pareto.appendChild(el("div", "sub pareto-count", `${target.pareto.length} runs on the front of ${target.scatter.length} with a GPU time`));
  } else pareto.appendChild(el("div", "sub", "No run has a recorded GPU time."));
  best(section(root, "Best runs", "The top runs by the target, with the --set arguments that repeat them with cr-run."), target.best, "insights-best");
  if (target.perShot.length)
    best(
      section(root, "Best run of each shot", "Do the best settings agree across scenes? Compare their --set lines."),
      target.perShot.map((s) => s.best),
      "insights-best per-shot",
    );
}

function targetLabel(name: string): string {
  if (name.startsWith("score:-")) return `${name} (lower is better)`;
  return name.startsWith("score:") ? `${name} (higher is better)` : name;
}

function header(targets: readonly PageInsightTarget[], target: PageInsightTarget): HTMLElement {
  const head = el("div", "insights-head");
  if (targets.length > 1) {
    const pick = el("select");
    pick.id = "insights-target";
    pick.setAttribute("aria-label", "target");
    targets.forEach((t, i) => option(pick, String(i), targetLabel(t.target)));
    pick.value = String(targets.indexOf(target));
    pick.onchange = () => {
      INSIGHTS.target = Number(pick.value);
      renderInsights();
    };
    const wrap = el("label", null, "Target ");
    wrap.appendChild(pick);
    head.appendChild(wrap);
  } else head.appendChild(el("b", null, `Target: ${targetLabel(target.target)}`));
  const r = target.runs;
  const left = [
    r.noTarget ? `${r.noTarget} without this target` : "",
    r.flagged ? `${r.flagged} flagged` : "",
    r.notCompleted ? `${r.notCompleted} not completed` : "",
  ].filter(Boolean);
  head.appendChild(
    el(
      "span",
      "sub",
      ` ${r.used} runs analysed${left.length ? ` · left out: ${left.join(", ")}` : ""} · computed when the page was written; filters do not apply`,
    ),
  );
  const noise = el(
    "div",
    `insights-noise noise-${target.noise.source}`,
    `Noise: ${target.noise.note}${target.noise.sd !== null ? ` (SD ${shortNumber(target.noise.sd)})` : ""}`,
  );
  noise.id = "insights-noise";
  head.appendChild(noise);
  if (INSIGHTS.outdated) head.appendChild(outdatedNote());
  return head;
}

function interactions(box: HTMLElement, list: readonly PageInteraction[]): void {
  if (!list.length) box.appendChild(el("div", "sub", "Fewer than two parameters to pair."));
  const cards = el("div", "insights-cards");
  box.appendChild(cards);
  for (const i of list) {
    if (!i.supported) {
      box.appendChild(el("div", "sub interaction-unsupported", `${i.a} × ${i.b}: not enough data (${i.reason})`));
      continue;
    }
    const card = el("div", "insights-card");
    card.appendChild(el("h4", null, `${i.a} (rows) × ${i.b} (columns)`));
    card.appendChild(el("div", "sub", `${Math.round(i.share * 100)}% of the variance${i.p !== null && i.p < 0.05 ? "" : ", within noise"}`));
    card.appendChild(interactionChart(i));
    cards.appendChild(card);
  }
}

function best(box: HTMLElement, runs: readonly PageInsightRun[], cls: string): void {
  const table = el("table", cls);
  const head = el("tr");
  for (const h of ["#", "run", "target", "GPU s", "repeat with"]) head.appendChild(el("th", null, h));
  table.appendChild(head);
  const list = runsOf(runs.map((r) => r.id));
  runs.forEach((r, i) => {
    const tr = el("tr");
    tr.appendChild(el("td", null, i + 1));
    const name = el("td", "run-link", r.shot ? `${r.name} · ${r.shot}` : r.name);
    if (BY_ID[r.id]) name.onclick = () => openPlayer(r.id, list);
    tr.appendChild(name);
    tr.appendChild(el("td", null, shortNumber(r.target)));
    tr.appendChild(el("td", null, shortNumber(r.duration)));
    const set = el("td");
    set.appendChild(el("code", null, r.set || "(no parameters)"));
    tr.appendChild(set);
    table.appendChild(tr);
  });
  box.appendChild(table);
}
