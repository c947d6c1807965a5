/**
 * How a sheet lays out an axis: the page's pivot and groups (src/page/fields.ts) and
 * --export-video's rows and columns (commands/contact-sheet/export-video-layout.ts) order values
 * the same way and cut a number with many values into the same ranges. Pure and dependency-free:
 * the page's bundle imports it too.
 */
export type AxisValue = string | number | boolean | bigint | null | undefined;

/** A number axis with more distinct values than this is cut into RANGES equal ranges. */
export const MAX_DISTINCT_BEFORE_RANGES = 8;
export const RANGES = 6;

export interface AxisBucket<T> {
  readonly label: string;
  readonly test: (item: T) => boolean;
}

/** How one side tells values apart and shows them (a value, or a range's end). */
export interface AxisDisplay {
  key(value: AxisValue): string;
  label(value: AxisValue | number): string;
}

/** A value as a number: nothing (null, undefined, "") is NaN. */
export function axisNumber(value: AxisValue): number {
  return value === null || value === undefined || value === "" ? Number.NaN : Number(value);
}

/** Nothing last; numbers by value (seeds beyond 2^53, equal as doubles, by their digits); text naturally. */
export function compareAxisValues(a: AxisValue, b: AxisValue, numeric: boolean): number {
  const an = a === null || a === undefined;
  const bn = b === null || b === undefined;
  if (an || bn) return an === bn ? 0 : an ? 1 : -1;
  if (numeric) {
    const x = axisNumber(a);
    const y = axisNumber(b);
    if (x !== y) return x < y ? -1 : 1;
    const sa = String(a);
    const sb = String(b);
    return sa.length !== sb.length ? sa.length - sb.length : sa < sb ? -1 : sa > sb ? 1 : 0;
  }
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

/** The axis values of `items`: each distinct value in order, or RANGES ranges for a number with many. */
export function axisBuckets<T>(items: readonly T[], get: (item: T) => AxisValue, numeric: boolean, display: AxisDisplay): AxisBucket<T>[] {
  const distinct = new Map<string, AxisValue>();
  for (const item of items) {
    const value = get(item);
    const key = display.key(value);
    if (!distinct.has(key)) distinct.set(key, value);
  }
  const values = [...distinct.values()].sort((a, b) => compareAxisValues(a, b, numeric));
  if (!numeric || values.length <= MAX_DISTINCT_BEFORE_RANGES) {
    return values.map((value) => ({ label: display.label(value), test: (item: T) => display.key(get(item)) === display.key(value) }));
  }
  const nums = values.map(axisNumber).filter((n) => !Number.isNaN(n));
  const lo = Math.min(...nums);
  const hi = Math.max(...nums);
  const step = (hi - lo) / RANGES;
  return Array.from({ length: RANGES }, (_, i) => {
    const a = lo + i * step;
    const b = lo + (i + 1) * step;
    const last = i === RANGES - 1;
    return {
      label: `${display.label(a)} – ${display.label(b)}`,
      test: (item: T) => {
        const v = axisNumber(get(item));
        return v >= a && (last ? v <= b : v < b);
      },
    };
  });
}
