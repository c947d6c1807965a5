/**
 * Compare mode: two runs side by side, their videos driven by one control (play, pause, seek and
 * speed act on both, and the right one is kept on the left one's frame), their differing
 * parameters highlighted. ← left better, → right better, = tie, b both bad (both rejected), s skip,
 * u undo; the same as buttons. After each click the ranking is refitted and the next pair chosen.
 */
import type { PageComparison, PageRun } from "./data.js";
import { PARAMS } from "./data.js";
import { $, clear, el, option, setStatus, show } from "./dom.js";
import { exportComparisons } from "./compare-csv.js";
import { injectCompareCss } from "./compare-css.js";
import { choosePair, controlledParam, newSession, refit, renderRanking, skipPair, type Session } from "./compare-rank.js";
import { addComparison, loadComparisons, onComparisonsChange, undoComparison, type Choice } from "./compare-store.js";
import { ratingOf, setRating } from "./ratings.js";
import { SHOWN } from "./state.js";

interface Click {
  readonly comparison: PageComparison;
  readonly pair: [number, number];
  /** Reject marks before a "both bad" click, restored by its undo. */
  readonly rejects?: readonly [boolean, boolean];
}

let session: Session | undefined;
let box: HTMLElement | undefined;
/** This tab's clicks, newest last: what u takes back. */
const history: Click[] = [];
let sync: (() => void) | undefined;

export function compareOpen(): boolean {
  return session !== undefined;
}

/** Adds the Compare button and loads the saved comparisons. */
export function initCompare(): Promise<void> {
  injectCompareCss();
  const button = el("button", null, "Compare");
  button.id = "view-compare";
  button.title = "judge runs two at a time and rank them";
  button.onclick = openCompare;
  const anchor = document.getElementById("toggle-filters");
  anchor?.parentNode?.insertBefore(button, anchor);
  onComparisonsChange(() => {
    if (!session) return;
    refit(session);
    renderSide();
  });
  return loadComparisons();
}

/** The runs shown in the grid (filters apply) that have something to look at. */
function candidates(): PageRun[] {
  return SHOWN.runs.filter((r) => r.status === "completed" && r.media !== null && !ratingOf(r.id).reject);
}

export function openCompare(): void {
  const runs = candidates();
  if (runs.length < 2) {
    setStatus("compare mode needs at least two completed runs with output among those shown");
    return;
  }
  session = newSession(runs, Math.min(5, runs.length - 1));
  box = el("div");
  box.id = "compare";
  box.setAttribute("role", "dialog");
  box.setAttribute("aria-modal", "true");
  document.body.appendChild(box);
  document.body.style.overflow = "hidden";
  box.appendChild(header(session));
  const main = el("div", "cmp-main");
  const stage = el("div", "cmp-stage");
  stage.id = "compare-stage";
  const side = el("aside", "cmp-side");
  side.id = "compare-side";
  main.append(stage, side);
  box.appendChild(main);
  showPair(choosePair(session));
}

export function closeCompare(): void {
  sync = undefined;
  box?.querySelectorAll("video").forEach((v) => v.pause());
  box?.remove();
  box = undefined;
  session = undefined;
  document.body.style.overflow = "";
}

function header(s: Session): HTMLElement {
  const bar = el("div", "cmp-head");
  bar.appendChild(el("b", null, "Compare"));
  const count = el("span", "sub");
  count.id = "compare-count";
  bar.appendChild(count);
  const topLabel = el("label", null, "top ");
  const top = el("input");
  top.type = "number";
  top.min = "1";
  top.max = String(s.items.length - 1);
  top.value = String(s.top);
  top.id = "compare-top";
  top.onchange = () => {
    s.top = Math.max(1, Math.min(s.items.length - 1, Number(top.value) || 1));
    renderSide();
  };
  topLabel.appendChild(top);
  bar.appendChild(topLabel);
  const controlled = el("label", null, "");
  const cb = el("input");
  cb.type = "checkbox";
  cb.id = "compare-controlled";
  cb.onchange = () => {
    s.controlled = cb.checked;
    s.previous = s.pair;
    showPair(choosePair(s));
  };
  controlled.append(cb, document.createTextNode(" controlled pairs (same seed, one parameter different)"));
  bar.appendChild(controlled);
  bar.appendChild(el("span", "grow"));
  const csv = el("button", null, "comparisons.csv");
  csv.id = "export-comparisons";
  csv.onclick = exportComparisons;
  bar.appendChild(csv);
  const close = el("button", null, "Close ✕");
  close.id = "compare-close";
  close.onclick = closeCompare;
  bar.appendChild(close);
  return bar;
}

function showPair(pair: [number, number] | undefined): void {
  if (!session || !box) return;
  session.pair = pair;
  const stage = $("compare-stage");
  clear(stage);
  sync = undefined;
  if (!pair) {
    box.dataset.left = "";
    box.dataset.right = "";
    stage.appendChild(el("div", "empty", session.controlled ? "No controlled pair is left among these runs." : "No pair is left to compare."));
    renderSide();
    return;
  }
  const left = session.items[pair[0]]!;
  const right = session.items[pair[1]]!;
  box.dataset.left = String(left.id);
  box.dataset.right = String(right.id);
  const sides = el("div", "cmp-pair");
  const leftMedia = mediaOf(left);
  const rightMedia = mediaOf(right);
  sides.append(pane(left, right, leftMedia, "left", "←"), pane(right, left, rightMedia, "right", "→"));
  stage.appendChild(sides);
  if (leftMedia instanceof HTMLVideoElement && rightMedia instanceof HTMLVideoElement) stage.appendChild(controls(leftMedia, rightMedia));
  stage.appendChild(choices());
  renderSide();
}

function renderSide(): void {
  if (!session) return;
  renderRanking($("compare-side"), session);
  const mine = history.length;
  $("compare-count").textContent = `${session.items.length} runs · ${session.used} comparisons${mine ? ` (${mine} here)` : ""}`;
}

function mediaOf(run: PageRun): HTMLElement {
  const m = run.media;
  if (m?.kind === "video") {
    const v = el("video");
    v.muted = true;
    v.loop = true;
    v.playsInline = true;
    v.preload = "auto";
    if (m.poster) v.poster = m.poster;
    v.src = m.src;
    return v;
  }
  const img = el("img");
  img.alt = run.name;
  if (m) img.src = m.src;
  return img;
}

function pane(run: PageRun, other: PageRun, media: HTMLElement, side: string, key: string): HTMLElement {
  const box = el("div", `cmp-pane ${side}`);
  box.id = `compare-${side}`;
  const frame = el("div", "cmp-media");
  frame.appendChild(media);
  frame.onclick = () => choose(side === "left" ? "a" : "b");
  frame.title = `${key}: this one is better`;
  box.appendChild(frame);
  const title = el("div", "cmp-title");
  title.appendChild(el("b", null, run.name));
  const r = ratingOf(run.id);
  if (r.stars) title.appendChild(el("span", "stars", "★★★★★".slice(0, r.stars)));
  box.appendChild(title);
  const table = el("div", "kv");
  for (const p of PARAMS) {
    if (!p.varies) continue;
    const differs = String(run.values[p.name]) !== String(other.values[p.name]);
    const c = el("span", `chip${differs ? " differs" : ""}`);
    c.appendChild(el("b", null, p.name));
    c.appendChild(document.createTextNode(show(run.values[p.name])));
    table.appendChild(c);
  }
  box.appendChild(table);
  return box;
}

/** One control for both videos: the left one leads, the right one follows its time. */
function controls(lead: HTMLVideoElement, follow: HTMLVideoElement): HTMLElement {
  const bar = el("div", "cmp-controls");
  const play = el("button", null, "▶ play");
  play.id = "compare-play";
  const seek = el("input");
  seek.type = "range";
  seek.min = "0";
  seek.max = "1000";
  seek.value = "0";
  seek.id = "compare-seek";
  seek.setAttribute("aria-label", "position in both clips");
  const speed = el("select");
  speed.id = "compare-speed";
  speed.setAttribute("aria-label", "speed");
  for (const rate of ["0.25", "0.5", "1", "2"]) option(speed, rate, `${rate}×`);
  speed.value = "1";
  const both = [lead, follow];
  const align = (): void => {
    const d = follow.duration;
    const target = Number.isFinite(d) && d > 0 ? Math.min(lead.currentTime, d - 0.001) : lead.currentTime;
    if (Math.abs(follow.currentTime - target) > 0.04) follow.currentTime = target;
  };
  sync = align;
  play.onclick = () => togglePlay();
  seek.oninput = () => {
    const d = lead.duration;
    if (!Number.isFinite(d)) return;
    const t = (Number(seek.value) / 1000) * d;
    lead.currentTime = t;
    const fd = follow.duration;
    follow.currentTime = Number.isFinite(fd) ? Math.min(t, Math.max(0, fd - 0.001)) : t;
  };
  speed.onchange = () => {
    for (const v of both) v.playbackRate = Number(speed.value);
  };
  lead.addEventListener("timeupdate", () => {
    if (Number.isFinite(lead.duration) && lead.duration > 0 && document.activeElement !== seek)
      seek.value = String(Math.round((lead.currentTime / lead.duration) * 1000));
    if (!lead.paused) align();
  });
  lead.addEventListener("seeked", align);
  lead.addEventListener("play", () => {
    play.textContent = "❚❚ pause";
    void follow.play().catch(() => {});
  });
  lead.addEventListener("pause", () => {
    play.textContent = "▶ play";
    follow.pause();
    align();
  });
  void lead.play().catch(() => {});
  bar.append(play, seek, speed);
  return bar;
}

function togglePlay(): void {
  const lead = box?.querySelector<HTMLVideoElement>("#compare-left video");
  if (!lead) return;
  if (lead.paused) void lead.play().catch(() => {});
  else lead.pause();
}

const CHOICES: Array<[string, string, () => void]> = [
  ["← left better", "compare-a", () => choose("a")],
  ["= tie", "compare-tie", () => choose("tie")],
  ["→ right better", "compare-b", () => choose("b")],
  ["b both bad", "compare-bad", () => choose("bad")],
  ["s skip", "compare-skip", skip],
  ["u undo", "compare-undo", undo],
];

function choices(): HTMLElement {
  const bar = el("div", "cmp-choices");
  for (const [label, id, run] of CHOICES) {
    const b = el("button", null, label);
    b.id = id;
    b.onclick = run;
    bar.appendChild(b);
  }
  return bar;
}

function choose(choice: Choice): void {
  if (!session?.pair) return;
  const pair = session.pair;
  const left = session.items[pair[0]]!;
  const right = session.items[pair[1]]!;
  const controlled = controlledParam(left, right);
  const comparison = addComparison(left.id, right.id, choice, controlled);
  let rejects: [boolean, boolean] | undefined;
  if (choice === "bad") {
    rejects = [ratingOf(left.id).reject, ratingOf(right.id).reject];
    setRating(left.id, { reject: true });
    setRating(right.id, { reject: true });
  }
  history.push({ comparison, pair, ...(rejects ? { rejects } : {}) });
  next(pair);
}

function next(shown: [number, number]): void {
  if (!session || !box) return;
  const started = performance.now();
  refit(session);
  const fitted = performance.now();
  session.previous = shown;
  const pair = choosePair(session);
  box.dataset.fitMs = (fitted - started).toFixed(2);
  box.dataset.iterations = String(session.fit.iterations);
  // Read by bench/compare-page.ts: the refit plus the next-pair choice, without drawing.
  box.dataset.refitMs = (performance.now() - started).toFixed(2);
  showPair(pair);
}

function skip(): void {
  if (!session?.pair) return;
  skipPair(session, session.pair);
  session.previous = session.pair;
  showPair(choosePair(session));
}

/** Takes back this tab's last click and shows that pair again. */
function undo(): void {
  const last = history.pop();
  if (!session || !last) {
    setStatus("nothing to undo");
    return;
  }
  undoComparison(last.comparison);
  if (last.rejects) {
    setRating(last.comparison.a, { reject: last.rejects[0] });
    setRating(last.comparison.b, { reject: last.rejects[1] });
  }
  refit(session);
  session.previous = undefined;
  showPair(last.pair);
}

const KEYS: Record<string, () => void> = {
  ArrowLeft: () => choose("a"),
  ArrowRight: () => choose("b"),
  "=": () => choose("tie"),
  b: () => choose("bad"),
  s: skip,
  u: undo,
  " ": togglePlay,
  Escape: closeCompare,
};

/** The keys of compare mode; true when the key was compare mode's (main.ts then does nothing). */
export function compareKey(ev: KeyboardEvent): boolean {
  if (!session) return false;
  const t = ev.target instanceof HTMLElement ? ev.target : null;
  // Typing in the top-k box or choosing a speed keeps its keys; a checkbox, slider or button does not.
  const typing = t instanceof HTMLSelectElement || (t instanceof HTMLInputElement && (t.type === "number" || t.type === "text"));
  if (ev.key !== "Escape" && typing) return true;
  if (ev.ctrlKey || ev.metaKey || ev.altKey) return true;
  const action = KEYS[ev.key];
  if (action) {
    ev.preventDefault();
    action();
  }
  sync?.();
  return true;
}
