/**
 * The Insights charts, drawn as SVG by the page itself: effect sizes with their bootstrap
 * intervals against the share seed noise alone would give, per-level means with 95 % intervals
 * over the seed-noise band, the target against GPU time with the Pareto front, and interaction
 * heatmaps. Names and values from the batch reach the SVG only as textContent.
 */
import type { PageInsightEffect, PageInsightTarget, PageInteraction } from "../commands/contact-sheet/page-data-types.js";
import { bandCentres, extent, heatColor, linearScale, niceTicks, percent, shortNumber, stepPath } from "./insights-geometry.js";
import { label, svgEl, svgRoot, tip } from "./svg.js";

const WIDE = 720;

/** Horizontal bars of each parameter's variance share (largest first), with whiskers and the noise band. */
export function effectsChart(t: PageInsightTarget): SVGSVGElement {
  const row = 28;
  const left = 180;
  const right = 200;
  const top = 8;
  const height = top + row * t.effects.length + 30;
  const root = svgRoot(WIDE, height, "chart effects-chart", `effect of each parameter on ${t.target}`);
  const highest = Math.max(0.05, ...t.effects.flatMap((e) => [e.share, e.shareHigh ?? 0, e.noiseShare ?? 0]));
  const x = linearScale([0, Math.min(1, highest * 1.05)], [left, WIDE - right]);
  const axisY = top + row * t.effects.length + 4;
  for (const tick of niceTicks(0, Math.min(1, highest * 1.05), 5)) {
    root.appendChild(svgEl("line", { x1: x(tick), x2: x(tick), y1: top, y2: axisY, class: "grid-line" }));
    root.appendChild(svgEl("text", { x: x(tick), y: axisY + 14, class: "tick", "text-anchor": "middle" }, percent(tick)));
  }
  t.effects.forEach((e, i) => root.appendChild(effectRow(e, x, top + i * row, row, left)));
  return root;
}

function effectRow(e: PageInsightEffect, x: (v: number) => number, y: number, row: number, left: number): SVGGElement {
  const g = svgEl("g", { class: `effect ${e.withinNoise ? "within-noise" : "beyond-noise"}` });
  const mid = y + row / 2;
  g.appendChild(label(left - 8, mid + 4, e.name, { class: "name", "text-anchor": "end" }, 26));
  if (e.noiseShare !== null && e.noiseShare > 0)
    g.appendChild(
      tip(svgEl("rect", { x: x(0), y: y + 3, width: x(e.noiseShare) - x(0), height: row - 6, class: "noise-band" }), "what seed noise alone would explain"),
    );
  g.appendChild(
    tip(svgEl("rect", { x: x(0), y: y + 7, width: Math.max(1, x(e.share) - x(0)), height: row - 14, class: "bar" }), `${e.name}: ${percent(e.share)}`),
  );
  if (e.shareLow !== null && e.shareHigh !== null) {
    const [a, b] = [x(e.shareLow), x(e.shareHigh)];
    g.appendChild(svgEl("path", { d: `M${a},${mid} H${b} M${a},${mid - 5} V${mid + 5} M${b},${mid - 5} V${mid + 5}`, class: "whisker" }));
  }
  const interval = e.shareLow !== null && e.shareHigh !== null ? ` [${percent(e.shareLow)}–${percent(e.shareHigh)}]` : "";
  const verdict = e.withinNoise ? "within noise" : `p ${e.p !== null && e.p < 0.001 ? "< 0.001" : `= ${shortNumber(e.p, 2)}`}`;
  g.appendChild(svgEl("text", { x: WIDE - 192, y: mid + 4, class: "value" }, `${percent(e.share)}${interval} · ${verdict}`));
  return g;
}

/** The target's mean per level with 95 % intervals, over the band of ± one seed-noise SD around the overall mean. */
export function levelsChart(e: PageInsightEffect, t: PageInsightTarget): SVGSVGElement {
  const [width, height] = [340, 190];
  const m = { left: 44, right: 10, top: 10, bottom: 36 };
  const root = svgRoot(width, height, "chart levels-chart", `${t.target} by ${e.name}`);
  const sd = t.noise.sd;
  const band = sd !== null ? [t.mean - sd, t.mean + sd] : [];
  const [lo, hi] = extent([...e.levels.flatMap((l) => [l.low95, l.high95, l.mean]), ...band], 0.08);
  const y = linearScale([lo, hi], [height - m.bottom, m.top]);
  for (const tick of niceTicks(lo, hi, 4)) {
    root.appendChild(svgEl("line", { x1: m.left, x2: width - m.right, y1: y(tick), y2: y(tick), class: "grid-line" }));
    root.appendChild(svgEl("text", { x: m.left - 4, y: y(tick) + 4, class: "tick", "text-anchor": "end" }, shortNumber(tick)));
  }
  if (sd !== null) {
    const rect = svgEl("rect", {
      x: m.left,
      y: y(t.mean + sd),
      width: width - m.left - m.right,
      height: Math.max(1, y(t.mean - sd) - y(t.mean + sd)),
      class: "noise-band",
    });
    root.appendChild(tip(rect, `within seed noise: overall mean ${shortNumber(t.mean)} ± ${shortNumber(sd)} (one seed-to-seed SD)`));
  }
  root.appendChild(svgEl("line", { x1: m.left, x2: width - m.right, y1: y(t.mean), y2: y(t.mean), class: "mean-line" }));
  const xs = bandCentres(e.levels.length, m.left, width - m.left - m.right);
  if (e.numeric && e.levels.length > 1)
    root.appendChild(svgEl("polyline", { points: e.levels.map((l, i) => `${xs[i]!.toFixed(1)},${y(l.mean).toFixed(1)}`).join(" "), class: "level-line" }));
  e.levels.forEach((l, i) => {
    const cx = xs[i]!;
    const g = svgEl("g", { class: "level" });
    g.appendChild(
      svgEl("path", { d: `M${cx},${y(l.low95)} V${y(l.high95)} M${cx - 4},${y(l.low95)} H${cx + 4} M${cx - 4},${y(l.high95)} H${cx + 4}`, class: "whisker" }),
    );
    g.appendChild(svgEl("circle", { cx, cy: y(l.mean), r: 4, class: "dot" }));
    tip(g, `${e.name} = ${l.label}: mean ${shortNumber(l.mean)} [${shortNumber(l.low95)}–${shortNumber(l.high95)}], ${l.n} runs`);
    root.appendChild(g);
    root.appendChild(label(cx, height - m.bottom + 16, l.label, { class: "tick", "text-anchor": "middle" }, Math.max(4, Math.floor(40 / e.levels.length))));
  });
  return root;
}

/** Every run's target against its GPU time; the Pareto front (no run cheaper and better) joined by a staircase. */
export function paretoChart(t: PageInsightTarget, onPick: (id: number) => void): SVGSVGElement {
  const [width, height] = [WIDE, 300];
  const m = { left: 54, right: 16, top: 12, bottom: 40 };
  const root = svgRoot(width, height, "chart pareto-chart", `${t.target} against GPU time`);
  const [x0, x1] = extent(
    t.scatter.map((p) => p[2]),
    0.04,
  );
  const [y0, y1] = extent(
    t.scatter.map((p) => p[1]),
    0.08,
  );
  const x = linearScale([x0, x1], [m.left, width - m.right]);
  const y = linearScale([y0, y1], [height - m.bottom, m.top]);
  for (const tick of niceTicks(x0, x1, 6))
    root.appendChild(svgEl("text", { x: x(tick), y: height - m.bottom + 16, class: "tick", "text-anchor": "middle" }, `${shortNumber(tick)} s`));
  for (const tick of niceTicks(y0, y1, 5)) {
    root.appendChild(svgEl("line", { x1: m.left, x2: width - m.right, y1: y(tick), y2: y(tick), class: "grid-line" }));
    root.appendChild(svgEl("text", { x: m.left - 6, y: y(tick) + 4, class: "tick", "text-anchor": "end" }, shortNumber(tick)));
  }
  root.appendChild(svgEl("text", { x: width / 2, y: height - 6, class: "axis-title", "text-anchor": "middle" }, "GPU time per run (s)"));
  root.appendChild(svgEl("text", { x: 12, y: m.top + 4, class: "axis-title" }, `${t.target} ↑`));
  const onFront = new Set(t.pareto);
  const byId = new Map(t.scatter.map((p) => [p[0], p]));
  const front = t.pareto.map((id) => byId.get(id)).filter((p) => p !== undefined);
  root.appendChild(svgEl("path", { d: stepPath(front.map((p) => [x(p[2]), y(p[1])])), class: "front-line" }));
  // Dominated runs first, so the front's points are drawn on top.
  const ordered = [...t.scatter].sort((a, b) => Number(onFront.has(a[0])) - Number(onFront.has(b[0])));
  for (const [id, target, seconds] of ordered) {
    const dot = svgEl("circle", { cx: x(seconds), cy: y(target), r: onFront.has(id) ? 5 : 3.5, class: onFront.has(id) ? "pt front" : "pt" });
    dot.addEventListener("click", () => onPick(id));
    root.appendChild(tip(dot, `run ${id}: ${t.target} ${shortNumber(target)}, ${shortNumber(seconds)} s${onFront.has(id) ? " (Pareto front)" : ""}`));
  }
  return root;
}

/** The mean target of each (A, B) level pair, coloured from the worst cell to the best. */
export function interactionChart(i: Extract<PageInteraction, { supported: true }>): SVGSVGElement {
  const as = [...new Set(i.cells.map((c) => c.a))];
  const bs = [...new Set(i.cells.map((c) => c.b))];
  const [cellW, cellH, left, top] = [72, 30, 110, 24];
  const root = svgRoot(left + cellW * bs.length + 8, top + cellH * as.length + 8, "chart heatmap", `interaction of ${i.a} and ${i.b}`);
  const means = i.cells.map((c) => c.mean);
  const t = linearScale([Math.min(...means), Math.max(...means)], [0, 1]);
  bs.forEach((b, j) => root.appendChild(label(left + cellW * (j + 0.5), top - 8, b, { class: "tick", "text-anchor": "middle" }, 10)));
  as.forEach((a, k) => root.appendChild(label(left - 6, top + cellH * (k + 0.5) + 4, a, { class: "tick", "text-anchor": "end" }, 14)));
  for (const c of i.cells) {
    const [k, j] = [as.indexOf(c.a), bs.indexOf(c.b)];
    const g = svgEl("g", { class: "cell" });
    g.appendChild(svgEl("rect", { x: left + cellW * j, y: top + cellH * k, width: cellW - 2, height: cellH - 2, fill: heatColor(t(c.mean)) }));
    g.appendChild(
      svgEl("text", { x: left + cellW * (j + 0.5), y: top + cellH * (k + 0.5) + 4, class: "cell-value", "text-anchor": "middle" }, shortNumber(c.mean)),
    );
    root.appendChild(tip(g, `${i.a} = ${c.a}, ${i.b} = ${c.b}: mean ${shortNumber(c.mean)} over ${c.n} runs`));
  }
  return root;
}
