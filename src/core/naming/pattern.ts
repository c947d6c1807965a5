import { parseFormatSpec, type FormatSpec } from "./format-spec.js";
import { formatValue, pythonStr, type PatternValue } from "./format-value.js";
import { parsePattern } from "./parse-pattern.js";

export { safeSegment } from "./safe-segment.js";
export type { PatternValue } from "./format-value.js";

export interface CompiledPattern {
  /** Distinct field names in order of first use; the caller checks them against known values. */
  fields: string[];
  format(values: Record<string, PatternValue>): string;
}

type CompiledPart = { kind: "literal"; text: string } | { kind: "field"; name: string; conversion: "s" | "r" | undefined; spec: FormatSpec };

/** Python repr() of a str: single quotes unless the text holds ' but no ". */
function pythonRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === "\\" || ch === quote) out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return quote + out + quote;
}

function convert(value: PatternValue, conversion: "s" | "r" | undefined): PatternValue {
  if (conversion === undefined) return value;
  if (conversion === "r" && typeof value === "string") return pythonRepr(value);
  return pythonStr(value);
}

/**
 * Compile a Python str.format-style run-name pattern ("{run_id:04d}_{sampler}_{cfg:.1f}").
 * Syntax errors and unsupported specs throw here, before any run starts; values are formatted
 * as numbers, so numeric specs work on numeric parameters.
 */
export function compilePattern(pattern: string): CompiledPattern {
  const parts: CompiledPart[] = parsePattern(pattern).map((part) => {
    if (part.kind === "literal") return part;
    try {
      return { ...part, spec: parseFormatSpec(part.spec) };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`run name pattern "${pattern}", field {${part.name}}: ${reason}`);
    }
  });
  const fields = [...new Set(parts.flatMap((part) => (part.kind === "field" ? [part.name] : [])))];
  return {
    fields,
    format(values: Record<string, PatternValue>): string {
      let out = "";
      for (const part of parts) {
        if (part.kind === "literal") {
          out += part.text;
          continue;
        }
        const value = Object.hasOwn(values, part.name) ? values[part.name] : undefined;
        if (value === undefined) throw new Error(`run name pattern "${pattern}": no value for field {${part.name}}`);
        out += formatValue(convert(value, part.conversion), part.spec, part.name);
      }
      return out;
    },
  };
}
