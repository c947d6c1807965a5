/**
 * Pairs each literal input of a used node with its definition: from the server's or the
 * built-in definitions when the class is known, from the value's own type otherwise.
 */
import type { InputSpec, NodeDefs } from "../../core/comfy/object-info.js";
import type { JsonValue } from "../../core/json/lossless.js";
import { isLink, nodeTitle, type Workflow } from "../../core/workflow/model.js";
import { formatPath } from "../../core/workflow/paths.js";
import { meaningfulTitle } from "./titles.js";
import type { InputRef, Skipped } from "./types.js";

export interface ResolvedInput {
  readonly ref: InputRef;
  readonly value: JsonValue;
  readonly spec: InputSpec;
  /** False when the spec was guessed from the value (class missing from the definitions). */
  readonly known: boolean;
}

export interface Resolution {
  readonly inputs: ResolvedInput[];
  readonly skipped: Skipped[];
  readonly unknownClasses: string[];
}

// Widget state that UI exports sometimes leave among the inputs; never real inputs.
const UI_LEFTOVER_INPUTS = new Set(["upload", "control_after_generate", "choose file to upload", "image_upload", "video-preview"]);
const UI_LEFTOVER_VALUES = new Set(["choose file to upload"]);

export function resolveInputs(workflow: Workflow, used: ReadonlySet<string>, defs: NodeDefs): Resolution {
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
      if (!def) {
        const spec = guessSpec(input, value);
        if (spec) inputs.push({ ref, value, spec, known: false });
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
      else inputs.push({ ref, value, spec, known: true });
    }
  }
  return { inputs, skipped, unknownClasses: [...unknown].sort() };
}

/** Numeric ids in numeric order, then the rest (e.g. "1926:1623") in text order: stable output. */
export function sortNodeIds(ids: readonly string[]): string[] {
  const key = (id: string): number => (/^\d+$/.test(id) ? Number(id) : Number.POSITIVE_INFINITY);
  return [...ids].sort((a, b) => key(a) - key(b) || a.localeCompare(b));
}

function guessSpec(name: string, value: JsonValue): InputSpec | undefined {
  const base = { name, required: true, upload: false, multiline: false };
  if (typeof value === "boolean") return { ...base, kind: "BOOLEAN" };
  if (typeof value === "bigint") return { ...base, kind: "INT" };
  if (typeof value === "number") return { ...base, kind: Number.isInteger(value) && !/cfg|denoise|strength|shift|scale|ratio/.test(name) ? "INT" : "FLOAT" };
  if (typeof value === "string") return { ...base, kind: "STRING" };
  return undefined;
}

function misfitReason(spec: InputSpec, value: JsonValue): string | undefined {
  const shown = typeof value === "string" ? JSON.stringify(value) : String(value);
  const fits =
    spec.kind === "INT" ? typeof value === "bigint" || (typeof value === "number" && Number.isInteger(value))
    : spec.kind === "FLOAT" ? typeof value === "number"
    : spec.kind === "BOOLEAN" ? typeof value === "boolean"
    : spec.kind === "STRING" || spec.kind === "COMBO" ? typeof value === "string" || typeof value === "number"
    : false;
  return fits ? undefined : `the value ${shown} does not fit ${spec.kind === "INT" ? "an" : "a"} ${spec.kind} input: fix the workflow first`;
}
