/**
 * Python-flavoured formatting. ComfyUI builds its error strings with str()/repr() and
 * clients may match on them, so the simulator reproduces the Python spelling.
 */
import type { JsonValue } from "./types.js";

export function pyRepr(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return "None";
  if (typeof value === "string") return pyStrRepr(value);
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number" || typeof value === "bigint") return pyNumber(value);
  if (Array.isArray(value)) return `[${value.map((v) => pyRepr(v)).join(", ")}]`;
  return `{${Object.entries(value)
    .map(([k, v]) => `${pyStrRepr(k)}: ${pyRepr(v)}`)
    .join(", ")}}`;
}

/** str(): like repr() except that a bare string is printed as it is. */
export function pyStr(value: JsonValue | undefined): string {
  return typeof value === "string" ? value : pyRepr(value);
}

export function pyNumber(value: number | bigint, asFloat = false): string {
  if (typeof value === "bigint") return asFloat ? `${Number(value)}` : value.toString();
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  if (asFloat && Number.isInteger(value) && Math.abs(value) < 1e16) return `${value}.0`;
  return String(value);
}

function pyStrRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of text) {
    if (ch === "\\") out += "\\\\";
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (ch < " ") out += `\\x${ch.charCodeAt(0).toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return out + quote;
}
