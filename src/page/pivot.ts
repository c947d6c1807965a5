/**
 * The XY pivot. One parameter on X, another on Y, every other varying parameter becomes a selector
 * (all values, or one); the runs of a cell (usually the seeds of one point) are stacked or cycled.
 * For shots batches, "shot × parameter" puts the shots on Y.
 */
import { IS_SHOTS, type PageRun } from "./data.js";
import { $, clear, el, option, show } from "./dom.js";
import { exportVideoControl } from "./export-video.js";
import { AXES, FIELD, axisBuckets, fieldOf, seedOf, type Bucket, type Field } from "./fields.js";
import { thumbFor } from "./grid.js";
import { openPlayer } from "./player.js";
import { starsText } from "./ratings.js";
import { SHOWN } from "./state.js";
import { setView } from "./view.js";

const PIVOT = { x: "", y: "", pick: {} as Record<string, string>, seeds: "stack" };
let cycleTimer: ReturnType<typeof setInterval> | undefined;
let cycleStep = 0;

function pivotAxes(): Field[] {
  return AXES.filter((f) => f.key !== "status");
}

export function initPivot(): void {
  const axes = pivotAxes();
  PIVOT.x = axes[0]?.key ?? "";
  PIVOT.y = axes[1]?.key ?? "";
  if (IS_SHOTS && FIELD.shot) {
    PIVOT.y = "shot";
    PIVOT.x = axes.find((f) => f.key !== "shot")?.key ?? "";
  }
}

function labelled(text: string, control: HTMLSelectElement): HTMLLabelElement {
  const wrap = el("label", null, text);
  wrap.appendChild(control);
  return wrap;
}

function pivotControls(axes: Field[], list: PageRun[]): HTMLDivElement {
  const bar = el("div", "pivot-controls");
  for (const [label, which] of [
    ["X", "x"],
    ["Y", "y"],
  ] as const) {
    const s = el("select");
    s.id = `pivot-${which}`;
    option(s, "", "(none)");
    for (const f of axes) option(s, f.key, f.label);
    s.value = PIVOT[which];
    s.onchange = () => {
      PIVOT[which] = s.value;
      renderPivot(SHOWN.runs);
    };
    bar.appendChild(labelled(label, s));
  }
  for (const f of axes) {
    if (f.key === PIVOT.x || f.key === PIVOT.y) continue;
    const s = el("select");
    s.dataset.pick = f.key;
    option(s, "", "all");
    axisBuckets(f, list).forEach((b, i) => option(s, String(i), b.label));
    s.value = PIVOT.pick[f.key] || "";
    s.onchange = () => {
      PIVOT.pick[f.key] = s.value;
      renderPivot(SHOWN.runs);
    };
    bar.appendChild(labelled(f.label, s));
  }
  const m = el("select");
  m.id = "pivot-seeds";
  option(m, "stack", "stacked");
  option(m, "cycle", "cycled");
  m.value = PIVOT.seeds;
  m.onchange = () => {
    PIVOT.seeds = m.value;
    renderPivot(SHOWN.runs);
  };
  bar.appendChild(labelled("runs of a cell", m));
  bar.appendChild(exportVideoControl(PIVOT, axes, list));
  return bar;
}

export function renderPivot(shown: PageRun[]): void {
  let list = shown;
  const root = $("pivot");
  clear(root);
  clearInterval(cycleTimer);
  const axes = pivotAxes();
  root.appendChild(pivotControls(axes, list));
  for (const f of axes) {
    const pick = PIVOT.pick[f.key];
    if (!pick || f.key === PIVOT.x || f.key === PIVOT.y) continue;
    const bucket = axisBuckets(f, list)[Number(pick)];
    if (bucket) list = list.filter(bucket.test);
  }
  const one: Bucket[] = [{ label: "", test: () => true }];
  const xs = PIVOT.x ? axisBuckets(fieldOf(PIVOT.x), list) : one;
  const ys = PIVOT.y ? axisBuckets(fieldOf(PIVOT.y), list) : one;
  const table = el("table", "pivot");
  table.id = "pivot-table";
  const head = el("tr");
  head.appendChild(el("th", "corner", `${PIVOT.y ? fieldOf(PIVOT.y).label : ""} ↓  ${PIVOT.x ? fieldOf(PIVOT.x).label : ""} →`));
  for (const x of xs) head.appendChild(el("th", null, x.label));
  table.appendChild(head);
  for (const y of ys) {
    const tr = el("tr");
    tr.appendChild(el("th", null, y.label));
    for (const x of xs) {
      const td = el("td");
      td.appendChild(pivotCell(list.filter((r) => x.test(r) && y.test(r))));
      tr.appendChild(td);
    }
    table.appendChild(tr);
  }
  root.appendChild(table);
  if (PIVOT.seeds === "cycle") {
    cycleTimer = setInterval(() => {
      cycleStep++;
      root.querySelectorAll<HTMLElement>(".cell.cycle").forEach(showCycled);
    }, 1500);
  }
}

function pivotCell(runs: PageRun[]): HTMLDivElement {
  const cell = el("div", `cell${PIVOT.seeds === "cycle" ? " cycle" : ""}`);
  if (!runs.length) {
    cell.appendChild(el("div", "empty", "—"));
    return cell;
  }
  const shown = PIVOT.seeds === "stack" ? runs.slice(0, 8) : runs;
  for (const r of shown) {
    const mini = el("div", "mini");
    mini.dataset.id = String(r.id);
    mini.title = `${r.name}${r.shot ? ` · ${r.shot}` : ""} · seed ${show(seedOf(r))}`;
    mini.appendChild(thumbFor(r));
    mini.appendChild(el("span", null, r.name + (starsText(r.id) ? ` ${starsText(r.id)}` : "")));
    mini.onclick = () => openPlayer(r.id, runs);
    cell.appendChild(mini);
  }
  if (runs.length > shown.length) cell.appendChild(el("div", "empty", `+${runs.length - shown.length} more`));
  if (PIVOT.seeds === "cycle") showCycled(cell);
  return cell;
}

function showCycled(cell: HTMLElement): void {
  const minis = cell.querySelectorAll<HTMLElement>(".mini");
  minis.forEach((m, i) => {
    m.style.display = i === cycleStep % minis.length ? "" : "none";
  });
}

export function shotByParam(): void {
  if (!IS_SHOTS) return;
  PIVOT.y = "shot";
  if (!PIVOT.x || PIVOT.x === "shot") PIVOT.x = AXES.find((f) => f.key !== "shot" && f.key !== "status")?.key ?? "";
  setView("pivot");
}
