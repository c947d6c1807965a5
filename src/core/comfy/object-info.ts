/**
 * Node definitions from /object_info, normalised. ComfyUI writes input specs in two
 * formats (protocol §10): v1 nodes give a combo as [["a","b"], {opts}], v3 nodes as
 * ["COMBO", {options: [...]}]. Both become an InputSpec here.
 */
import type { JsonValue } from "../json/lossless.js";

export type InputKind = "INT" | "FLOAT" | "STRING" | "BOOLEAN" | "COMBO" | "LINK";

export interface InputSpec {
  readonly name: string;
  readonly kind: InputKind;
  /** For LINK inputs, the socket type (MODEL, IMAGE, …). */
  readonly linkType?: string;
  readonly required: boolean;
  readonly min?: number | bigint;
  readonly max?: number | bigint;
  readonly step?: number;
  readonly round?: number | false;
  readonly default?: JsonValue;
  readonly options?: readonly string[];
  /** The input takes an uploaded file (LoadImage's image). */
  readonly upload: boolean;
  readonly multiline: boolean;
  readonly tooltip?: string;
}

export interface NodeDef {
  readonly name: string;
  readonly displayName: string;
  readonly category: string;
  readonly outputNode: boolean;
  readonly outputs: readonly string[];
  readonly inputs: ReadonlyMap<string, InputSpec>;
}

export type NodeDefs = ReadonlyMap<string, NodeDef>;

const SCALAR_KINDS = new Set(["INT", "FLOAT", "STRING", "BOOLEAN"]);

/** Normalises a whole /object_info reply. Malformed entries are skipped, not fatal. */
export function parseObjectInfo(data: JsonValue): NodeDefs {
  const defs = new Map<string, NodeDef>();
  if (!isObject(data)) return defs;
  for (const [className, raw] of Object.entries(data)) {
    const def = parseNodeDef(className, raw);
    if (def) defs.set(className, def);
  }
  return defs;
}

function parseNodeDef(className: string, raw: JsonValue): NodeDef | undefined {
  if (!isObject(raw)) return undefined;
  const input = isObject(raw["input"]) ? raw["input"] : {};
  const inputs = new Map<string, InputSpec>();
  for (const section of ["required", "optional"] as const) {
    const entries = input[section];
    if (!isObject(entries)) continue;
    for (const [name, spec] of Object.entries(entries)) {
      const parsed = parseInputSpec(name, spec, section === "required");
      if (parsed) inputs.set(name, parsed);
    }
  }
  const outputs = Array.isArray(raw["output"]) ? raw["output"].filter((o): o is string => typeof o === "string") : [];
  return {
    name: className,
    displayName: typeof raw["display_name"] === "string" ? raw["display_name"] : className,
    category: typeof raw["category"] === "string" ? raw["category"] : "",
    outputNode: raw["output_node"] === true,
    outputs,
    inputs,
  };
}

export function parseInputSpec(name: string, spec: JsonValue, required: boolean): InputSpec | undefined {
  if (!Array.isArray(spec) || spec.length === 0) return undefined;
  const head = spec[0];
  const opts = isObject(spec[1]) ? spec[1] : {};
  const common = {
    name,
    required,
    upload: opts["image_upload"] === true || opts["video_upload"] === true || opts["audio_upload"] === true,
    multiline: opts["multiline"] === true,
    ...(typeof opts["tooltip"] === "string" ? { tooltip: opts["tooltip"] } : {}),
    ...(opts["default"] !== undefined ? { default: opts["default"] } : {}),
  };
  if (Array.isArray(head)) {
    return { ...common, kind: "COMBO", options: head.map((o) => String(o)) };
  }
  if (typeof head !== "string") return undefined;
  if (head === "COMBO") {
    const options = Array.isArray(opts["options"]) ? opts["options"].map((o) => String(o)) : [];
    return { ...common, kind: "COMBO", options };
  }
  if (SCALAR_KINDS.has(head)) {
    return {
      ...common,
      kind: head as InputKind,
      ...numberOpt("min", opts["min"]),
      ...numberOpt("max", opts["max"]),
      ...(typeof opts["step"] === "number" && opts["step"] > 0 ? { step: opts["step"] } : {}),
      ...(typeof opts["round"] === "number" || opts["round"] === false ? { round: opts["round"] } : {}),
    };
  }
  return { ...common, kind: "LINK", linkType: head };
}

function numberOpt(key: "min" | "max", value: JsonValue | undefined): { min?: number | bigint } | { max?: number | bigint } {
  return typeof value === "number" || typeof value === "bigint" ? { [key]: value } : {};
}

function isObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
