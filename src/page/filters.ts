/** The filter panel (ranges, checkboxes, text, ratings), sorting and grouping. */
import { RUNS, type PageRun } from "./data.js";
import { $, clear, el, option, show } from "./dom.js";
import { exportAll, exportRatings } from "./export-csv.js";
import { AXES, axisBuckets, compareValues, distinctValues, fieldOf, keyOf, num, type Distinct, type Field } from "./fields.js";
import { ratingOf } from "./ratings.js";
import { buildScoreFilters, passesScoreFilters, resetScoreFilters } from "./scores.js";
import { SHOWN, STATE } from "./state.js";
import { refresh } from "./view.js";

const searchText = new WeakMap<PageRun, string>();

function textOf(r: PageRun): string {
  let text = searchText.get(r);
  if (text === undefined) {
    const parts = [r.name, r.shot || "", r.status, r.error || "", ...(r.scores?.flags ?? [])];
    for (const k of Object.keys(r.values)) parts.push(`${k}=${show(r.values[k])}`);
    text = parts.join(" ").toLowerCase();
    searchText.set(r, text);
  }
  return text;
}

function passes(r: PageRun): boolean {
  if (STATE.shot && r.shot !== STATE.shot) return false;
  if (STATE.search) {
    const words = STATE.search.toLowerCase().split(/\s+/).filter(Boolean);
    const t = textOf(r);
    if (!words.every((w) => t.includes(w))) return false;
  }
  const x = ratingOf(r.id);
  if (STATE.hideRejected && x.reject) return false;
  if (STATE.minStars && x.stars < STATE.minStars) return false;
  if (!passesScoreFilters(r)) return false;
  for (const [key, f] of Object.entries(STATE.filters)) {
    const v = fieldOf(key).get(r);
    if (f.type === "set" && f.off[keyOf(v)]) return false;
    if (f.type === "range") {
      const n = num(v);
      if (!Number.isNaN(f.min) && !(n >= f.min)) return false;
      if (!Number.isNaN(f.max) && !(n <= f.max)) return false;
    }
  }
  return true;
}

function sorted(list: PageRun[]): PageRun[] {
  const field = fieldOf(STATE.sortKey);
  const dir = STATE.sortDir;
  return list.slice().sort((a, b) => compareValues(field.get(a), field.get(b), field.numeric) * dir || a.id - b.id);
}

export function computeCurrent(): PageRun[] {
  SHOWN.runs = sorted(RUNS.filter(passes));
  const n = SHOWN.runs.length;
  $("count").textContent = n === RUNS.length ? `${RUNS.length} runs` : `${n} of ${RUNS.length} runs`;
  return SHOWN.runs;
}

/** Groups in the order of their value; the runs keep the chosen sort inside each group. */
export function grouped(list: PageRun[]): Array<{ label: string | null; runs: PageRun[] }> {
  if (!STATE.groupKey) return [{ label: null, runs: list }];
  const field = fieldOf(STATE.groupKey);
  return axisBuckets(field, list)
    .map((b) => ({ label: `${field.label} = ${b.label}`, runs: list.filter(b.test) }))
    .filter((g) => g.runs.length > 0);
}

export function buildFilters(): void {
  const box = $("filters");
  clear(box);
  const reset = el("button", null, "Reset filters");
  reset.id = "reset-filters";
  reset.onclick = () => {
    STATE.filters = {};
    resetScoreFilters();
    STATE.minStars = 0;
    STATE.hideRejected = false;
    STATE.search = "";
    $("search", HTMLInputElement).value = "";
    buildFilters();
    refresh();
  };
  box.appendChild(reset);
  for (const field of AXES) {
    if (field.key === "shot") continue; // the toolbar's shot selector
    const values = distinctValues(field, RUNS);
    if (values.length < 2) continue;
    box.appendChild(el("h3", null, field.label));
    if (field.numeric && values.length > 8) box.appendChild(rangeFilter(field, values));
    else for (const d of values) box.appendChild(checkFilter(field, d));
  }
  buildScoreFilters(box);
  box.appendChild(el("h3", null, "rating"));
  const stars = el("select");
  stars.setAttribute("aria-label", "minimum stars");
  ["any rating", "★ or more", "★★ or more", "★★★ or more", "★★★★ or more", "★★★★★"].forEach((t, i) => option(stars, String(i), t));
  stars.value = String(STATE.minStars);
  stars.onchange = () => {
    STATE.minStars = Number(stars.value);
    refresh();
  };
  box.appendChild(stars);
  const rej = el("label");
  const cb = el("input");
  cb.type = "checkbox";
  cb.checked = STATE.hideRejected;
  cb.onchange = () => {
    STATE.hideRejected = cb.checked;
    refresh();
  };
  rej.appendChild(cb);
  rej.appendChild(document.createTextNode("hide rejected"));
  box.appendChild(rej);
  box.appendChild(el("h3", null, "export"));
  const exports: Array<[string, string, () => void]> = [
    ["export-ratings", "ratings.csv", exportRatings],
    ["export-all", "metadata + ratings.csv", exportAll],
  ];
  for (const [id, label, run] of exports) {
    const btn = el("button", "export", label);
    btn.id = id;
    btn.onclick = run;
    box.appendChild(btn);
  }
}

function checkFilter(field: Field, d: Distinct): HTMLLabelElement {
  const label = el("label");
  const cb = el("input");
  cb.type = "checkbox";
  cb.dataset.filter = field.key;
  const f = STATE.filters[field.key];
  cb.checked = !(f?.type === "set" && f.off[d.key]);
  cb.onchange = () => {
    const existing = STATE.filters[field.key];
    const cur = existing?.type === "set" ? existing : { type: "set" as const, off: {} as Record<string, true> };
    if (cb.checked) delete cur.off[d.key];
    else cur.off[d.key] = true;
    if (Object.keys(cur.off).length) STATE.filters[field.key] = cur;
    else delete STATE.filters[field.key];
    refresh();
  };
  label.appendChild(cb);
  const name = el("span", null, d.value === null ? "—" : show(d.value));
  name.title = name.textContent ?? "";
  label.appendChild(name);
  label.appendChild(el("span", "n", d.count));
  return label;
}

export function rangeFilter(field: Field, values: Distinct[]): HTMLDivElement {
  const wrap = el("div", "range");
  const nums = values.map((d) => num(d.value)).filter((n) => !Number.isNaN(n));
  for (const end of ["min", "max"] as const) {
    const input = el("input");
    input.type = "number";
    input.step = "any";
    input.dataset.filter = `${field.key}:${end}`;
    input.placeholder = show(end === "min" ? Math.min(...nums) : Math.max(...nums));
    input.setAttribute("aria-label", `${field.label} ${end}`);
    input.oninput = () => {
      const existing = STATE.filters[field.key];
      const cur = existing?.type === "range" ? existing : { type: "range" as const, min: NaN, max: NaN };
      cur[end] = input.value === "" ? NaN : Number(input.value);
      if (Number.isNaN(cur.min) && Number.isNaN(cur.max)) delete STATE.filters[field.key];
      else STATE.filters[field.key] = cur;
      refresh();
    };
    wrap.appendChild(input);
  }
  return wrap;
}
