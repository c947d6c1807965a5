/** Parsed Python format spec: [[fill]align][sign][#][0][width][grouping][.precision][type]. */
export interface FormatSpec {
  fill: string | undefined;
  align: "<" | ">" | "^" | "=" | undefined;
  sign: "+" | "-" | " " | undefined;
  alternate: boolean;
  zero: boolean;
  width: number;
  grouping: "," | "_" | undefined;
  precision: number | undefined;
  type: FormatType | undefined;
}

export type FormatType = "d" | "x" | "X" | "o" | "b" | "f" | "F" | "e" | "E" | "g" | "G" | "%" | "s";

const FORMAT_TYPES = new Set<string>(["d", "x", "X", "o", "b", "f", "F", "e", "E", "g", "G", "%", "s"]);
const SPEC_PATTERN = /^(?:(.)?([<>=^]))?([-+ ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?(.)?$/su;
/** Far beyond any sane run name; stops "{x:999999999}" from allocating gigabytes. */
const MAX_WIDTH_OR_PRECISION = 1000;

function boundedNumber(text: string | undefined, what: string, spec: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (value > MAX_WIDTH_OR_PRECISION) {
    throw new Error(`format spec "${spec}": ${what} ${value} is larger than ${MAX_WIDTH_OR_PRECISION}`);
  }
  return value;
}

export function parseFormatSpec(spec: string): FormatSpec {
  const match = SPEC_PATTERN.exec(spec);
  if (match === null) throw new Error(`invalid format spec "${spec}"`);
  const [, fill, align, sign, alternate, zero, width, grouping, precision, type] = match;
  if (type !== undefined && !FORMAT_TYPES.has(type)) {
    throw new Error(`format spec "${spec}": unknown format type "${type}" (supported: d f e g s x X o b % F E G)`);
  }
  return {
    fill,
    align: align as FormatSpec["align"],
    sign: sign as FormatSpec["sign"],
    alternate: alternate !== undefined,
    zero: zero !== undefined,
    width: boundedNumber(width, "width", spec) ?? 0,
    grouping: grouping as FormatSpec["grouping"],
    precision: boundedNumber(precision, "precision", spec),
    type: type as FormatType | undefined,
  };
}
