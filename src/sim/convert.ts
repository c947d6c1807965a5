/**
 * Python's int()/float()/str()/bool() on JSON values, as ComfyUI's validate_inputs applies them.
 * The error texts are Python's, because they end up in `details` and `exception_message`.
 */
import { pyRepr, pyStr } from "./pyfmt.js";
import type { JsonValue } from "./types.js";

export type Converted = { ok: true; value: JsonValue } | { ok: false; message: string };

function typeName(value: JsonValue): string {
  if (value === null) return "NoneType";
  if (Array.isArray(value)) return "list";
  return typeof value === "object" ? "dict" : typeof value === "string" ? "str" : "float";
}

function normaliseInt(value: bigint): number | bigint {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
}

export function pyInt(value: JsonValue): Converted {
  if (typeof value === "boolean") return { ok: true, value: value ? 1 : 0 };
  if (typeof value === "bigint") return { ok: true, value };
  if (typeof value === "number") {
    if (Number.isNaN(value)) return { ok: false, message: "cannot convert float NaN to integer" };
    if (!Number.isFinite(value)) return { ok: false, message: "cannot convert float infinity to integer" };
    return { ok: true, value: normaliseInt(BigInt(Math.trunc(value))) };
  }
  if (typeof value === "string") {
    const text = value.trim();
    if (/^[+-]?\d+(_\d+)*$/.test(text)) return { ok: true, value: normaliseInt(BigInt(text.replace(/_/g, ""))) };
    return { ok: false, message: `invalid literal for int() with base 10: ${pyRepr(value)}` };
  }
  return { ok: false, message: `int() argument must be a string, a bytes-like object or a real number, not '${typeName(value)}'` };
}

export function pyFloat(value: JsonValue): Converted {
  if (typeof value === "boolean") return { ok: true, value: value ? 1 : 0 };
  if (typeof value === "number") return { ok: true, value };
  if (typeof value === "bigint") return { ok: true, value: Number(value) };
  if (typeof value === "string") {
    const text = value.trim().replace(/(\d)_(?=\d)/g, "$1");
    if (/^[+-]?(inf|infinity)$/i.test(text)) return { ok: true, value: text.startsWith("-") ? -Infinity : Infinity };
    if (/^[+-]?nan$/i.test(text)) return { ok: true, value: Number.NaN };
    if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return { ok: true, value: Number(text) };
    return { ok: false, message: `could not convert string to float: ${pyRepr(value)}` };
  }
  return { ok: false, message: `float() argument must be a string or a real number, not '${typeName(value)}'` };
}

export function pyBool(value: JsonValue): boolean {
  if (value === null || value === false || value === 0 || value === "" || value === 0n) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") return Object.keys(value).length > 0;
  return true;
}

export function convertScalar(kind: string, value: JsonValue): Converted {
  switch (kind) {
    case "INT":
      return pyInt(value);
    case "FLOAT":
      return pyFloat(value);
    case "STRING":
      return { ok: true, value: pyStr(value) };
    case "BOOLEAN":
      return { ok: true, value: pyBool(value) };
    default:
      return { ok: true, value };
  }
}

/** Three-way compare of numbers that may be bigints (seeds go up to 2^64-1). */
export function numCompare(a: number | bigint, b: number | bigint): -1 | 0 | 1 {
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "number" && !Number.isFinite(a)) return a < 0 ? -1 : 1;
  if (typeof b === "number" && !Number.isFinite(b)) return b < 0 ? 1 : -1;
  const split = (v: number | bigint): [bigint, number] => (typeof v === "bigint" ? [v, 0] : [BigInt(Math.floor(v)), v - Math.floor(v)]);
  const [ai, af] = split(a);
  const [bi, bf] = split(b);
  if (ai !== bi) return ai < bi ? -1 : 1;
  return af < bf ? -1 : af > bf ? 1 : 0;
}

/** Python == between scalars (1 == 1.0 == True). */
export function pyEquals(a: JsonValue, b: JsonValue): boolean {
  const num = (v: JsonValue): number | bigint | undefined =>
    typeof v === "boolean" ? (v ? 1 : 0) : typeof v === "number" || typeof v === "bigint" ? v : undefined;
  const na = num(a);
  const nb = num(b);
  if (na !== undefined && nb !== undefined) return numCompare(na, nb) === 0;
  return a === b;
}
