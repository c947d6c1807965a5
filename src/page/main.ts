/**
 * The contact sheet's script, bundled into one IIFE that html.ts embeds under the page's CSP nonce
 * (scripts/bundle-page.mjs). Builds the header and toolbar, wires the keyboard, then shows the grid
 * once the ratings are loaded.
 */
import { BY_ID, DATA, IS_SHOTS, PARAMS, RUNS } from "./data.js";
import { compareKey, initCompare } from "./compare.js";
import { $, chip, el, option } from "./dom.js";
import { AXES, FIELDS, fieldOf } from "./fields.js";
import { buildFilters } from "./filters.js";
import { focusedRunId, initGrid, moveFocus, refreshRating } from "./grid.js";
import { insightsOutdated } from "./insights.js";
import { initPivot, shotByParam } from "./pivot.js";
import { PLAYER, closePlayer, copyCommand, openPlayer, stepPlayer } from "./player.js";
import { loadRatings, onRatingChange, ratingOf, setRating } from "./ratings.js";
import { addScoreSortOptions } from "./scores.js";
import { SHOWN, STATE } from "./state.js";
import { refresh, setView } from "./view.js";

function buildHeader(): void {
  const b = DATA.batch;
  $("title").textContent = b.name;
  const counts: Record<string, number> = { completed: 0, failed: 0, pending: 0 };
  for (const r of RUNS) counts[r.status] = (counts[r.status] ?? 0) + 1;
  let sub = `${RUNS.length} runs · ${counts.completed} completed · ${counts.failed} failed${counts.pending ? ` · ${counts.pending} not run` : ""}`;
  if (b.strategy) sub += ` · ${b.strategy}`;
  if (b.createdAt) sub += ` · started ${b.createdAt.replace("T", " ").replace(/\.\d+Z$/, " UTC")}`;
  if (IS_SHOTS) sub += ` · ${DATA.shots.length} shots`;
  $("summary").textContent = sub;
  if (b.note) {
    const n = $("note");
    n.textContent = b.note;
    n.hidden = false;
  }
  const fixed = $("fixed");
  for (const p of PARAMS.filter((q) => !q.varies)) fixed.appendChild(chip(p.name, RUNS[0] ? RUNS[0].values[p.name] : null));
  if (fixed.childNodes.length) fixed.insertBefore(el("span", "sub", "Fixed: "), fixed.firstChild);
}

function buildToolbar(): void {
  const sort = $("sort", HTMLSelectElement);
  const group = $("group", HTMLSelectElement);
  const shot = $("shot", HTMLSelectElement);
  for (const f of FIELDS) option(sort, f.key, f.label);
  addScoreSortOptions(sort);
  option(group, "", "no grouping");
  for (const f of [...AXES, fieldOf("rating")]) option(group, f.key, f.label);
  if (IS_SHOTS) {
    option(shot, "", "all shots");
    for (const s of DATA.shots) option(shot, s.name, s.name);
    shot.hidden = false;
    $("shot-x").hidden = false;
  }
  sort.onchange = () => {
    STATE.sortKey = sort.value;
    refresh();
  };
  const sortDir = $("sort-dir");
  sortDir.onclick = () => {
    STATE.sortDir = -STATE.sortDir;
    sortDir.textContent = STATE.sortDir > 0 ? "↑ asc" : "↓ desc";
    refresh();
  };
  group.onchange = () => {
    STATE.groupKey = group.value;
    refresh();
  };
  shot.onchange = () => {
    STATE.shot = shot.value;
    refresh();
  };
  $("shot-x").onclick = shotByParam;
  const search = $("search", HTMLInputElement);
  search.oninput = () => {
    STATE.search = search.value.trim();
    refresh();
  };
  $("view-grid").onclick = () => setView("grid");
  $("view-pivot").onclick = () => setView("pivot");
  $("view-insights").onclick = () => setView("insights");
  $("toggle-filters").onclick = () => $("filters").classList.toggle("hidden");
  const hover = $("hover", HTMLSelectElement);
  hover.onchange = () => {
    STATE.hover = hover.value;
  };
  const size = $("size", HTMLInputElement);
  size.oninput = () => document.documentElement.style.setProperty("--card-w", `${size.value}px`);
  $("help-btn").onclick = () => $("help").classList.toggle("open");
}

const MOVES: Record<string, number | "up" | "down"> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: "up", ArrowDown: "down" };

function onKey(ev: KeyboardEvent): void {
  if (compareKey(ev)) return;
  const t = ev.target instanceof HTMLElement ? ev.target : null;
  const typing = t !== null && (t.tagName === "INPUT" || t.tagName === "SELECT" || t.tagName === "TEXTAREA");
  if (ev.key === "Escape") {
    if (PLAYER.id !== null) closePlayer();
    else if (typing) t.blur();
    $("help").classList.remove("open");
    return;
  }
  if (typing || ev.ctrlKey || ev.metaKey || ev.altKey) return;
  const open = PLAYER.id !== null;
  const target = PLAYER.id ?? focusedRunId();
  if (/^[0-5]$/.test(ev.key) && target !== null) {
    setRating(target, { stars: Number(ev.key), reject: false });
    return;
  }
  if (ev.key === "x" && target !== null) {
    setRating(target, { reject: !ratingOf(target).reject });
    return;
  }
  if (open) {
    const run = BY_ID[target ?? ""];
    if (ev.key === "ArrowLeft") stepPlayer(-1);
    else if (ev.key === "ArrowRight") stepPlayer(1);
    else if (ev.key === "c" && run) copyCommand(run);
    else return;
    ev.preventDefault();
    return;
  }
  if (ev.key === "/") {
    ev.preventDefault();
    $("search").focus();
    return;
  }
  if (ev.key === "?") {
    $("help").classList.toggle("open");
    return;
  }
  if (ev.key === "p") {
    setView(STATE.view === "grid" ? "pivot" : "grid");
    return;
  }
  if (STATE.view !== "grid") return;
  const move = MOVES[ev.key];
  if (move !== undefined) {
    ev.preventDefault();
    moveFocus(move);
  } else if ((ev.key === "Enter" || ev.key === " ") && target !== null) {
    ev.preventDefault();
    openPlayer(target, SHOWN.runs);
  }
}

onRatingChange((id) => {
  refreshRating(id);
  insightsOutdated();
});
initGrid();
buildHeader();
buildToolbar();
initPivot();
document.addEventListener("keydown", onKey);
void Promise.all([loadRatings(), initCompare()]).then(() => {
  buildFilters();
  setView("grid");
  document.body.dataset.ready = "1";
});
