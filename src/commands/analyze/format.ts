/** Short texts shared by the YAML comments and the terminal report. */
import type { Candidate, InputRef, Scalar } from "./types.js";

/** A value as shown to a person: long strings cut, float noise already rounded by the analysis. */
export function showValue(value: Scalar, width = 48): string {
  if (typeof value !== "string") return String(value);
  const oneLine = value.replace(/\s+/g, " ");
  return JSON.stringify(oneLine.length > width ? `${oneLine.slice(0, width - 1)}…` : oneLine);
}

/** "KSamplerAdvanced 57, 58" or "LoraLoaderModelOnly 91 "LoRA high noise"". */
export function showNodes(c: Candidate): string {
  const ref = c.refs[0] as InputRef;
  const ids = [...new Set(c.refs.map((r) => r.nodeId))].join(", ");
  const titled = ref.label ? ` "${ref.label}"` : "";
  const classes = [...new Set(c.refs.map((r) => r.classType))].join("/");
  return `${classes} ${ids}${c.refs.length === 1 ? titled : ""}`;
}

/** What the config proposes: "1 – 2", "euler, dpmpp_2m", "random", "fixed". */
export function showProposal(c: Candidate): string {
  if (c.type === "random_seed") return c.proposed ? "random" : "not varied";
  if (c.range) return `${c.range.min} – ${c.range.max}${c.range.step !== undefined ? ` step ${c.range.step}` : ""}`;
  if (c.values) return c.values.map((v) => (typeof v === "string" ? v : String(v))).join(", ");
  return "fixed";
}

/** The node's own limits: "node accepts 0 – 100". */
export function showBounds(c: Candidate): string | undefined {
  const { min, max } = c.bounds ?? {};
  if (min === undefined && max === undefined) return undefined;
  return `node accepts ${min === undefined ? "…" : String(min)} – ${max === undefined ? "…" : String(max)}`;
}

/** Every option, wrapped into lines of about `width` characters. */
export function wrapOptions(prefix: string, options: readonly string[], width = 100): string[] {
  const lines: string[] = [];
  let line = prefix;
  for (const [i, option] of options.entries()) {
    const piece = `${option}${i < options.length - 1 ? "," : ""}`;
    if (line.length + piece.length + 1 > width && line.trim() !== "") {
      lines.push(line);
      line = "  ";
    }
    line += line.endsWith(" ") || line === "" ? piece : ` ${piece}`;
  }
  lines.push(line);
  return lines;
}

export function showOptions(options: readonly string[], limit = 12): string {
  return options.length <= limit ? options.join(", ") : `${options.slice(0, limit).join(", ")}, … (${options.length} in all)`;
}
