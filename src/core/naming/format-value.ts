import { exponentSuffix, fixedDigits, scientificDigits, shortestRepr } from "./exact-decimal.js";
import type { FormatSpec, FormatType } from "./format-spec.js";

export type PatternValue = string | number | bigint | boolean;

const INTEGER_TYPES = new Set<FormatType | undefined>(["d", "x", "X", "o", "b"]);
const RADIX: Record<string, number> = { d: 10, x: 16, X: 16, o: 8, b: 2 };
const ALTERNATE_PREFIX: Record<string, string> = { x: "0x", X: "0X", o: "0o", b: "0b" };

function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** Pad to spec.width; "=" puts the padding after `head` (sign and 0x prefix), like Python. */
function pad(head: string, body: string, fill: string, align: FormatSpec["align"], width: number): string {
  const missing = width - codePoints(head + body);
  if (missing <= 0) return head + body;
  switch (align) {
    case "<":
      return head + body + fill.repeat(missing);
    case "^": {
      const left = Math.floor(missing / 2);
      return fill.repeat(left) + head + body + fill.repeat(missing - left);
    }
    case "=":
      return head + fill.repeat(missing) + body;
    default:
      return fill.repeat(missing) + head + body;
  }
}

function group(digits: string, separator: string, size: number): string {
  let out = "";
  for (let end = digits.length; end > 0; end -= size) {
    const chunk = digits.slice(Math.max(0, end - size), end);
    out = out === "" ? chunk : chunk + separator + out;
  }
  return out;
}

/** Assemble sign, prefix, grouped integer digits and the rest, then pad. */
function finishNumber(negative: boolean, prefix: string, integerDigits: string, rest: string, spec: FormatSpec, groupSize: number): string {
  const sign = negative ? "-" : spec.sign === "+" ? "+" : spec.sign === " " ? " " : "";
  const fill = spec.fill ?? (spec.zero ? "0" : " ");
  const align = spec.align ?? (spec.zero ? "=" : ">");
  const head = sign + prefix;
  const separator = spec.grouping;
  if (separator === undefined) return pad(head, integerDigits + rest, fill, align, spec.width);
  let digits = integerDigits;
  let grouped = group(digits, separator, groupSize);
  if (fill === "0" && align === "=" && digits !== "") {
    // Python groups the zero padding too: format(1234, "010,") == "00,001,234".
    while (codePoints(head + grouped + rest) < spec.width) {
      digits = `0${digits}`;
      grouped = group(digits, separator, groupSize);
    }
  }
  return pad(head, grouped + rest, fill, align, spec.width);
}

function formatInteger(value: bigint, spec: FormatSpec, field: string): string {
  const type = spec.type ?? "d";
  if (spec.precision !== undefined) throw new Error(`{${field}}: precision is not allowed with integer format "${type}"`);
  const radix = RADIX[type] ?? 10;
  if (spec.grouping === "," && radix !== 10) throw new Error(`{${field}}: "," grouping cannot be used with format "${type}"`);
  let digits = (value < 0n ? -value : value).toString(radix);
  if (type === "X") digits = digits.toUpperCase();
  const prefix = spec.alternate ? (ALTERNATE_PREFIX[type] ?? "") : "";
  return finishNumber(value < 0n, prefix, digits, "", spec, radix === 10 ? 3 : 4);
}

function stripZeros(text: string): string {
  return text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
}

/** Python "g": p significant digits, fixed when -4 ≤ exponent < p, trailing zeros removed unless "#". */
function general(x: number, precision: number | undefined, keepZeros: boolean, letter: "e" | "E"): string {
  const p = precision === undefined ? 6 : Math.max(1, precision);
  const { digits, exponent } = scientificDigits(x, p - 1);
  if (exponent >= -4 && exponent < p) {
    const fixed = fixedDigits(x, p - 1 - exponent);
    return keepZeros ? fixed : stripZeros(fixed);
  }
  const mantissa = digits.length > 1 ? `${digits[0] ?? ""}.${digits.slice(1)}` : digits;
  return (keepZeros ? mantissa : stripZeros(mantissa)) + exponentSuffix(exponent, letter);
}

function floatBody(x: number, spec: FormatSpec): string {
  const type = spec.type;
  const precision = spec.precision;
  switch (type) {
    case "f":
    case "F":
      return fixedDigits(x, precision ?? 6);
    case "%":
      return `${fixedDigits(x * 100, precision ?? 6)}%`;
    case "e":
    case "E": {
      const { digits, exponent } = scientificDigits(x, precision ?? 6);
      const mantissa = digits.length > 1 ? `${digits[0] ?? ""}.${digits.slice(1)}` : digits;
      return mantissa + exponentSuffix(exponent, type);
    }
    case "g":
    case "G":
      return general(x, precision, spec.alternate, type === "G" ? "E" : "e");
    default: {
      if (precision === undefined) return shortestRepr(x);
      // No type with a precision: like "g", but a fixed result keeps at least one decimal.
      const text = general(x, precision, false, "e");
      return /[.e]/.test(text) ? text : `${text}.0`;
    }
  }
}

function formatFloat(x: number, spec: FormatSpec, field: string): string {
  if (spec.alternate && spec.type !== "g" && spec.type !== "G") {
    throw new Error(`{${field}}: "#" is only supported with g, G, x, X, o and b`);
  }
  const upper = spec.type === "F" || spec.type === "E" || spec.type === "G";
  const negative = x < 0 || Object.is(x, -0);
  if (!Number.isFinite(x)) {
    const word = Number.isNaN(x) ? "nan" : "inf";
    const body = (upper ? word.toUpperCase() : word) + (spec.type === "%" ? "%" : "");
    return finishNumber(negative, "", "", body, { ...spec, grouping: undefined, fill: spec.fill ?? " " }, 3);
  }
  let body = floatBody(x, spec);
  if (upper) body = body.toUpperCase();
  const split = body.search(/[^0-9]/);
  const integerDigits = split === -1 ? body : body.slice(0, split);
  return finishNumber(negative, "", integerDigits, split === -1 ? "" : body.slice(split), spec, 3);
}

function formatString(text: string, spec: FormatSpec, field: string): string {
  if (spec.type !== undefined && spec.type !== "s") {
    throw new Error(`{${field}}: format "${spec.type}" needs a number but the value is the text "${text}"`);
  }
  if (spec.sign !== undefined) throw new Error(`{${field}}: a sign is not allowed for text values`);
  if (spec.align === "=") throw new Error(`{${field}}: "=" alignment is not allowed for text values`);
  if (spec.grouping !== undefined) throw new Error(`{${field}}: "${spec.grouping}" grouping is not allowed for text values`);
  if (spec.alternate) throw new Error(`{${field}}: "#" is not allowed for text values`);
  const truncated = spec.precision === undefined ? text : Array.from(text).slice(0, spec.precision).join("");
  return pad("", truncated, spec.fill ?? (spec.zero ? "0" : " "), spec.align ?? "<", spec.width);
}

/** Python str() of a value; JS numbers that are safe integers print as ints ("7", not "7.0"). */
export function pythonStr(value: PatternValue): string {
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "bigint" || Number.isSafeInteger(value)) return String(value);
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  return (value < 0 ? "-" : "") + shortestRepr(value);
}

/** Format one value like Python's format(value, spec); JS safe integers count as ints. */
export function formatValue(value: PatternValue, spec: FormatSpec, field: string): string {
  if (typeof value === "string") return formatString(value, spec, field);
  if (typeof value === "boolean") {
    // Python would print True/False only for an empty spec and 1/0 otherwise; text is clearer in names.
    if (spec.type === undefined || spec.type === "s") return formatString(pythonStr(value), spec, field);
    return formatInteger(value ? 1n : 0n, spec, field);
  }
  if (spec.type === "s") throw new Error(`{${field}}: format "s" needs text but the value is the number ${pythonStr(value)}`);
  const wantsInteger = INTEGER_TYPES.has(spec.type);
  if (typeof value === "bigint") {
    if (wantsInteger || spec.type === undefined) return formatInteger(value, spec, field);
    return formatFloat(Number(value), spec, field);
  }
  if (wantsInteger) {
    if (!Number.isSafeInteger(value)) {
      throw new Error(`{${field}}: format "${spec.type ?? ""}" needs an integer but the value is ${pythonStr(value)}`);
    }
    return formatInteger(BigInt(value), spec, field);
  }
  if (spec.type === undefined && spec.precision === undefined && Number.isSafeInteger(value)) {
    return formatInteger(BigInt(value), spec, field);
  }
  return formatFloat(value, spec, field);
}
