/**
 * Pairs each literal input of a used node with its definition: from the server's or the
 * built-in definitions when the class is known, from the value's own type otherwise.
 */
import type { InputSpec, NodeDefs } from "../../core/comfy/object-info.js";
import type { JsonValue } from "../../core/json/lossless.js";
import { isLink, nodeTitle, type Workflow } from "../../core/workflow/model.js";
import { formatPath } from "../../core/workflow/paths.js";
import type { Consumer } from "./graph.js";
import { COUNT_NAME, FLOAT_NAME, FRACTION_NAME, isSeedName, isWriterClass } from "./roles.js";
import { meaningfulTitle } from "./titles.js";
import type { InputRef, Skipped } from "./types.js";
import { wordTest } from "./words.js";

export interface ResolvedInput {
  readonly ref: InputRef;
  readonly value: JsonValue;
  readonly spec: InputSpec;
  /** False when the spec was guessed from the value (class missing from the definitions). */
  readonly known: boolean;
  /**
   * For a constant (PrimitiveInt, INTConstant…): the input it feeds, which gives it its role; for
   * SplitSigmas' step: handoff_step, where the first sampler hands over to the second.
   */
  readonly role?: string;
  /** …and the class of the node it feeds. */
  readonly roleClass?: string;
  /** …and every input it feeds, for the notes. */
  readonly feeds?: readonly Consumer[];
}

export interface Resolution {
  readonly inputs: ResolvedInput[];
  readonly skipped: Skipped[];
  readonly unknownClasses: string[];
}

// Widget state that UI exports sometimes leave among the inputs; never real inputs.
const UI_LEFTOVER_INPUTS = new Set(["upload", "control_after_generate", "choose file to upload", "image_upload", "video-preview"]);
const UI_LEFTOVER_VALUES = new Set(["choose file to upload"]);

export function resolveInputs(
  workflow: Workflow,
  used: ReadonlySet<string>,
  defs: NodeDefs,
  consumers: ReadonlyMap<string, readonly Consumer[]> = new Map(),
): Resolution {
  const inputs: ResolvedInput[] = [];
  const skipped: Skipped[] = [];
  const unknown = new Set<string>();
  for (const nodeId of sortNodeIds(Object.keys(workflow))) {
    const node = workflow[nodeId];
    if (!node || !used.has(nodeId)) continue;
    const def = defs.get(node.class_type);
    if (!def) unknown.add(node.class_type);
    for (const [input, value] of Object.entries(node.inputs)) {
      if (isLink(value)) continue;
      const path = formatPath({ node: nodeId, input });
      const title = nodeTitle(node);
      const ref: InputRef = { nodeId, input, classType: node.class_type, title, label: meaningfulTitle(title, node.class_type, defs), path };
      if (UI_LEFTOVER_INPUTS.has(input) || (typeof value === "string" && UI_LEFTOVER_VALUES.has(value))) {
        skipped.push({ path, reason: "left over from the UI export" });
        continue;
      }
      const constant = constantRole(node.class_type, input, consumers.get(nodeId) ?? []) ?? splitRole(node.class_type, input);
      if (!def) {
        const spec = guessSpec(constant?.role ?? input, value, input);
        if (spec) inputs.push({ ref, value, spec, known: false, ...constant });
        else skipped.push({ path, reason: "not a single value" });
        continue;
      }
      const spec = def.inputs.get(input);
      if (!spec) {
        skipped.push({ path, reason: `${node.class_type} has no input "${input}" (left over from the UI export or an older node version)` });
        continue;
      }
      const misfit = misfitReason(spec, value);
      if (misfit) skipped.push({ path, reason: misfit });
      else inputs.push({ ref, value, spec, known: true, ...constant });
    }
  }
  return { inputs, skipped, unknownClasses: [...unknown].sort() };
}

/** Numeric ids in numeric order, then the rest (e.g. "1926:1623") in text order: stable output. */
export function sortNodeIds(ids: readonly string[]): string[] {
  const key = (id: string): number => (/^\d+$/.test(id) ? Number(id) : Number.POSITIVE_INFINITY);
  return [...ids].sort((a, b) => key(a) - key(b) || a.localeCompare(b));
}

/**
 * A spec guessed from the role's name and the value: fractions (start/end, percent) are floats
 * in [0, 1], counts are at least 1, seeds and step positions are non-negative; `denoise: 1` is
 * still a float.
 */
function guessSpec(role: string, value: JsonValue, name = role): InputSpec | undefined {
  const base = { name, required: true, upload: false, multiline: false };
  if (typeof value === "boolean") return { ...base, kind: "BOOLEAN" };
  if (typeof value === "bigint") return { ...base, kind: "INT", min: 0 };
  if (typeof value === "number") {
    if (FRACTION_NAME.test(role) && value >= 0 && value <= 1) return { ...base, kind: "FLOAT", min: 0, max: 1 };
    if (isSeedName(role) && Number.isInteger(value) && value >= 0) return { ...base, kind: "INT", min: 0 };
    if (COUNT_NAME.has(role) && Number.isInteger(value) && value >= 1) return { ...base, kind: "INT", min: 1 };
    if (STEP_BOUNDS.has(role) && Number.isInteger(value) && value >= 0) return { ...base, kind: "INT", min: 0 };
    return { ...base, kind: Number.isInteger(value) && !FLOAT_NAME.test(role) ? "INT" : "FLOAT" };
  }
  if (typeof value === "string") return { ...base, kind: "STRING" };
  return undefined;
}

// Nodes that only hold a number for others to read.
const CONSTANT_CLASS = wordTest({ exact: ["int", "float"], within: ["primitive", "constant", "literal", "number", "slider"], anyCase: true });
const GROUPS: readonly (readonly string[])[] = [
  ["fps", "frame_rate"],
  ["length", "num_frames", "frames", "frames_number", "frame_count", "frame_window_size"],
];
const GENERIC_INPUT = /^([a-z]|value|values|any|input|anything|number|int|float|num\d*)$/;
const STEP_BOUNDS = new Set(["start_step", "end_step", "start_at_step", "end_at_step"]);

/**
 * A constant takes the role of what it feeds: width, steps, fps… One constant feeding the end
 * of one sampler's steps and the start of the next is their shared hand-off step.
 */
function constantRole(classType: string, input: string, feeds: readonly Consumer[]): Pick<ResolvedInput, "role" | "roleClass" | "feeds"> | undefined {
  // Generic operands (a math node's a, b) say nothing: the role comes from the named inputs.
  const named = feeds.filter((f) => !GENERIC_INPUT.test(f.input));
  if (!CONSTANT_CLASS(classType) || named.length === 0) return undefined;
  feeds = named;
  const names = [...new Set(feeds.map((f) => f.input))];
  // The role comes from what shapes the picture: LTXVConditioning's frame_rate, not CreateVideo's fps.
  const first = feeds.find((f) => !isWriterClass(f.classType)) ?? (feeds[0] as Consumer);
  if (names.every((n) => STEP_BOUNDS.has(n)) && names.some((n) => n.startsWith("start")) && names.some((n) => n.startsWith("end"))) {
    return { role: "handoff_step", roleClass: first.classType, feeds };
  }
  const group = GROUPS.find((g) => names.every((n) => g.includes(n)));
  if (names.length === 1 || group) return { role: first.input === input ? input : first.input, roleClass: first.classType, feeds };
  return undefined;
}

/** SamplerCustomAdvanced two-pass graphs hand over where SplitSigmas cuts the schedule. */
function splitRole(classType: string, input: string): Pick<ResolvedInput, "role" | "roleClass"> | undefined {
  return classType === "SplitSigmas" && input === "step" ? { role: "handoff_step", roleClass: classType } : undefined;
}

function misfitReason(spec: InputSpec, value: JsonValue): string | undefined {
  const shown = typeof value === "string" ? JSON.stringify(value) : String(value);
  const fits =
    spec.kind === "INT"
      ? typeof value === "bigint" || (typeof value === "number" && Number.isInteger(value))
      : spec.kind === "FLOAT"
        ? typeof value === "number"
        : spec.kind === "BOOLEAN"
          ? typeof value === "boolean"
          : spec.kind === "STRING" || spec.kind === "COMBO"
            ? typeof value === "string" || typeof value === "number"
            : false;
  return fits ? undefined : `the value ${shown} does not fit ${spec.kind === "INT" ? "an" : "a"} ${spec.kind} input: fix the workflow first`;
}
