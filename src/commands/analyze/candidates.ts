/** Turns each classified input into a candidate parameter: type, range or values, active or not. */
import type { Workflow } from "../../core/workflow/model.js";
import { classify, COMBO_KNOBS } from "./classify.js";
import { enumValues, floatRange, intRange, roundShown, suggestedNames } from "./ranges.js";
import type { ResolvedInput } from "./resolve.js";
import type { Candidate, Category, Scalar } from "./types.js";

export interface Built {
  readonly candidates: Candidate[];
  readonly warnings: string[];
}

const UNKNOWN_NODE_NOTE = "node missing from the definitions: range guessed from the value";

export function buildCandidates(workflow: Workflow, inputs: readonly ResolvedInput[]): Built {
  const candidates: Candidate[] = [];
  const warnings: string[] = [];
  for (const item of inputs) {
    const category = classify(item);
    const candidate = buildOne(workflow, item, category, warnings);
    if (candidate) candidates.push(candidate);
  }
  return { candidates, warnings };
}

function buildOne(workflow: Workflow, item: ResolvedInput, category: Category, warnings: string[]): Candidate | undefined {
  const { ref, spec, value } = item;
  const bounds = spec.min !== undefined || spec.max !== undefined ? { bounds: { ...(spec.min !== undefined ? { min: spec.min } : {}), ...(spec.max !== undefined ? { max: spec.max } : {}) } } : {};
  const base = { name: "", category, refs: [ref], ...bounds };
  if (typeof value !== "number" && typeof value !== "bigint" && typeof value !== "string" && typeof value !== "boolean") return undefined;
  const current: Scalar = typeof value === "number" ? roundShown(value) : value;

  if (category === "seed") {
    const disabled = noiseDisabled(workflow, ref.nodeId);
    return { ...base, type: "random_seed", current, proposed: !disabled, notes: disabled ? ["this node adds no noise (add_noise: disable), so its seed has no effect"] : [] };
  }
  if (category === "text" || category === "file") return { ...base, type: "fixed", current, proposed: false, notes: [] };

  if (typeof current === "number" && (spec.kind === "INT" || spec.kind === "FLOAT")) {
    const shape = category === "shape";
    const notes: string[] = shape ? ["expensive: changes the size or length of every output"] : [];
    if (!item.known) notes.push(UNKNOWN_NODE_NOTE);
    let proposed = category === "sampling";
    if (ref.input === "denoise" && current >= 1) {
      proposed = false;
      notes.push("denoise 1 is a full generation; lower values only make sense on a latent made from an image");
    }
    if (ref.input === "start_at_step" || ref.input === "end_at_step") {
      proposed = false;
      notes.push("moves this sampler's share of the step schedule");
    }
    // INT inputs stay integers (ComfyUI would truncate a float); `denoise: 1` spelled as an int is still a FLOAT input.
    return spec.kind === "INT"
      ? { ...base, type: "int", current, range: intRange(ref.input, current, spec, shape), proposed, notes }
      : { ...base, type: "continuous", current, range: floatRange(ref.input, current, spec, shape), proposed, notes };
  }

  if (typeof current === "boolean") {
    return { ...base, type: "values", current, values: [current, !current], proposed: false, notes: [] };
  }

  const text = String(current);
  const options = spec.options ?? [];
  if (category === "sampling" && COMBO_KNOBS.has(ref.input)) {
    if (options.length === 0) {
      return { ...base, type: "values", current: text, values: [text], proposed: false, notes: ["the valid names are unknown (node missing from the definitions): add some before uncommenting"] };
    }
    if (!options.includes(text)) warnings.push(`${ref.path}: "${text}" is not one of the ${ref.classType} options the definitions list.`);
    return { ...base, type: "values", current: text, values: suggestedNames(ref.input, text, options), options, proposed: true, notes: [] };
  }
  if (options.length > 0) {
    // Always strings: a string enum such as weight_dtype must never become a number.
    return { ...base, type: "values", current: text, values: enumValues(text, options), options, proposed: false, notes: [] };
  }
  return { ...base, type: "fixed", current, proposed: false, notes: [] };
}

function noiseDisabled(workflow: Workflow, nodeId: string): boolean {
  const addNoise = workflow[nodeId]?.inputs["add_noise"];
  return addNoise === "disable" || addNoise === false;
}
