/**
 * Turns a parameter's values into levels for the effect analysis: categorical values and numbers
 * with few distinct values keep one level each; other numbers fall into equal-count (quantile)
 * bins, which also suits log-scale parameters.
 */

export type ParameterKind = "continuous" | "int" | "categorical";
export type ParameterValue = number | string | boolean | null;

export interface Level {
  readonly label: string;
  /** For numeric levels, the range of values in the level. */
  readonly low?: number;
  readonly high?: number;
}

export interface Binned {
  readonly levels: readonly Level[];
  /** Level per run; -1 where the run has no value. */
  readonly index: readonly number[];
}

function formatNumber(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)));
}

export function binValues(values: readonly ParameterValue[], kind: ParameterKind, maxBins = 4): Binned {
  const numeric = kind !== "categorical" && values.every((v) => v === null || typeof v === "number");
  const distinct = [...new Set(values.filter((v): v is Exclude<ParameterValue, null> => v !== null))];
  if (!numeric || distinct.length <= maxBins + 1) {
    const sorted = numeric ? (distinct as number[]).sort((a, b) => a - b) : distinct.map(String).sort();
    const position = new Map<string, number>(sorted.map((v, i) => [String(v), i]));
    const levels = sorted.map((v) => (typeof v === "number" ? { label: formatNumber(v), low: v, high: v } : { label: v }));
    return { levels, index: values.map((v) => (v === null ? -1 : position.get(String(v))!)) };
  }
  const present = (values.filter((v) => v !== null) as number[]).sort((a, b) => a - b);
  // Cut points at the quantiles, moved so that equal values never straddle two bins.
  const cuts: number[] = [];
  for (let b = 1; b < maxBins; b += 1) {
    const cut = present[Math.floor((b * present.length) / maxBins)]!;
    if (cut > present[0]! && (cuts.length === 0 || cut > cuts[cuts.length - 1]!)) cuts.push(cut);
  }
  const levelOf = (v: number): number => {
    let level = 0;
    while (level < cuts.length && v >= cuts[level]!) level += 1;
    return level;
  };
  const index = values.map((v) => (v === null ? -1 : levelOf(v as number)));
  const levels = Array.from({ length: cuts.length + 1 }, (_, level) => {
    const members = present.filter((v) => levelOf(v) === level);
    const low = members[0]!;
    const high = members[members.length - 1]!;
    return { label: low === high ? formatNumber(low) : `${formatNumber(low)}–${formatNumber(high)}`, low, high };
  });
  return { levels, index };
}
