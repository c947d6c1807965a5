/**
 * Pure chart arithmetic for the Insights view (no DOM, unit-tested): linear scales, round tick
 * values, padded extents, the heatmap's colour ramp and short number labels.
 */

export type Scale = (value: number) => number;

/** Maps [d0, d1] onto [r0, r1]; a zero-width domain maps everything to the range's middle. */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  if (!(d1 !== d0) || !Number.isFinite(d0) || !Number.isFinite(d1)) return () => (r0 + r1) / 2;
  const k = (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

/** The smallest and largest finite value, widened by `pad` of the span (or ±0.5 for a single value); [0, 1] when none. */
export function extent(values: readonly number[], pad = 0.05): [number, number] {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return [0, 1];
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  if (lo === hi) return [lo - 0.5, hi + 0.5];
  const margin = (hi - lo) * pad;
  return [lo - margin, hi + margin];
}

/** About `count` round tick values (1, 2 or 5 × 10^k steps) inside [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi < lo || count < 1) return [];
  if (hi === lo) return [lo];
  const raw = (hi - lo) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const ticks: number[] = [];
  for (let i = Math.ceil(lo / step); i * step <= hi + step * 1e-9; i += 1) ticks.push(Number((i * step).toPrecision(12)));
  return ticks;
}

/** A short label: at most `digits` significant digits, integers as they are. */
export function shortNumber(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  if (Number.isInteger(value) && Math.abs(value) < 1e6) return String(value);
  return String(Number(value.toPrecision(digits)));
}

export function percent(share: number | null | undefined): string {
  return share === null || share === undefined || !Number.isFinite(share) ? "–" : `${Math.round(share * 100)}%`;
}

/** The heatmap colour of t in [0, 1] (clamped): dark blue (worst) through teal to yellow (best). */
export function heatColor(t: number): string {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0));
  const stops: ReadonlyArray<readonly [number, number, number]> = [
    [33, 42, 92],
    [28, 140, 140],
    [240, 205, 70],
  ];
  const scaled = x * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(scaled));
  const f = scaled - i;
  const [a, b] = [stops[i]!, stops[i + 1]!];
  const channel = (k: 0 | 1 | 2): number => Math.round(a[k] + (b[k] - a[k]) * f);
  return `rgb(${channel(0)},${channel(1)},${channel(2)})`;
}

/** Where n equal bands of `width` start, each band's centre: for categorical x positions. */
export function bandCentres(n: number, start: number, width: number): number[] {
  if (n <= 0) return [];
  const band = width / n;
  return Array.from({ length: n }, (_, i) => start + band * (i + 0.5));
}

/** The staircase through a Pareto front sorted by cost: each point holds until the next one's cost. */
export function stepPath(points: ReadonlyArray<readonly [number, number]>): string {
  if (points.length === 0) return "";
  const parts = [`M${round(points[0]![0])},${round(points[0]![1])}`];
  for (let i = 1; i < points.length; i += 1) {
    const [x, y] = points[i]!;
    parts.push(`H${round(x)}`, `V${round(y)}`);
  }
  return parts.join(" ");
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}
