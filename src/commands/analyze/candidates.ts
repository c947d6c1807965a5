/** Turns each classified input into a candidate parameter: type, range or values, active or not. */
import { isLink, type Workflow } from "../../core/workflow/model.js";
import { SAMPLER_NAMES, SCHEDULER_NAMES } from "../../core/nodes/sampler-names.js";
import { classify, COMBO_KNOBS } from "./classify.js";
import { enumValues, floatRange, intRange, roundShown, suggestedNames } from "./ranges.js";
import { loraIdentity } from "./lora.js";
import type { Consumer } from "./graph.js";
import type { ResolvedInput } from "./resolve.js";
import { conditioningRole, isLoraStrength, isPlausible, isSentinel, looksLikeStrayedSeed, roleOf, switchedOff } from "./roles.js";
import type { Candidate, Category, Scalar } from "./types.js";

export interface Built {
  readonly candidates: Candidate[];
  readonly warnings: string[];
}

export interface BuildContext {
  readonly workflow: Workflow;
  /** For each used node, the output slots something used reads. */
  readonly usedSlots: ReadonlyMap<string, ReadonlySet<number>>;
  /** For each node, the inputs its outputs feed (through pass-through nodes). */
  readonly consumers?: ReadonlyMap<string, readonly Consumer[]>;
}

const UNKNOWN_NODE_NOTE = "guessed: node missing from the definitions, type and range guessed from the name and value";
const CORE_LISTS: Record<string, readonly string[]> = { sampler_name: SAMPLER_NAMES, scheduler: SCHEDULER_NAMES };

export function buildCandidates(ctx: BuildContext, inputs: readonly ResolvedInput[]): Built {
  const candidates: Candidate[] = [];
  const warnings: string[] = [];
  // Flux-style guidance is the knob when nothing else guides: no cfg at all, or cfg left at 1.
  const cfgValues = inputs.filter((i) => roleOf(i.ref.input, i.role) === "cfg" && typeof i.value === "number").map((i) => i.value);
  const guidanceIsTheKnob = cfgValues.every((v) => v === 1);
  for (const item of inputs) {
    const category = classify(item);
    const candidate = buildOne(ctx, item, category, warnings, guidanceIsTheKnob);
    if (candidate) candidates.push(candidate);
  }
  return { candidates, warnings };
}

function buildOne(ctx: BuildContext, item: ResolvedInput, category: Category, warnings: string[], guidanceIsTheKnob: boolean): Candidate | undefined {
  const { ref, spec, value } = item;
  const role = roleOf(ref.input, item.role);
  const node = ctx.workflow[ref.nodeId];
  const bounds =
    spec.min !== undefined || spec.max !== undefined
      ? { bounds: { ...(spec.min !== undefined ? { min: spec.min } : {}), ...(spec.max !== undefined ? { max: spec.max } : {}) } }
      : {};
  const lora = isLoraStrength(role, ref.classType) ? { lora: loraIdentity(ctx.workflow, ref.nodeId, ref.input) } : {};
  const base = { name: "", category, refs: [ref], ...bounds, ...(item.role ? { role: item.role } : {}), ...lora };
  if (typeof value !== "number" && typeof value !== "bigint" && typeof value !== "string" && typeof value !== "boolean") return undefined;
  const current: Scalar = typeof value === "number" ? roundShown(value) : value;
  const off = node !== undefined && !/^switch|^enabled?$/.test(ref.input) && switchedOff(node.inputs, ref.input);
  const feedsNote = item.feeds ? [`constant: sets ${item.feeds.map((f) => `${f.classType} ${f.nodeId} ${f.input}`).join(", ")}`] : [];

  if (category === "seed") {
    const disabled = noiseDisabled(ctx.workflow, ref.nodeId);
    const notes = [
      ...feedsNote,
      ...(disabled ? ["this node adds no noise (add_noise: disable), so its seed has no effect"] : []),
      ...(off ? ["switched off on this node"] : []),
    ];
    return { ...base, type: "random_seed", current, proposed: !disabled && !off, notes };
  }
  if (category === "text" || category === "file") return { ...base, type: "fixed", current, proposed: false, notes: [] };

  if (typeof current === "bigint" || (typeof current === "number" && looksLikeStrayedSeed(ref.input, current))) {
    return { ...base, type: "fixed", current, proposed: false, notes: ["a seed-sized number in an input not named like a seed: not a knob"] };
  }
  if (typeof current === "number" && (spec.kind === "INT" || spec.kind === "FLOAT")) {
    const notes: string[] = [...feedsNote];
    if (!item.known) notes.push(UNKNOWN_NODE_NOTE);
    if (isSentinel(role, current, stepsOf(ctx.workflow, ref.nodeId))) {
      return { ...base, type: "fixed", current, proposed: false, notes: [...notes, 'sentinel: means "to the last step", not a value to vary'] };
    }
    const shape = category === "shape";
    if (shape)
      notes.push(item.feeds ? "expensive: sets the size, length or frame rate of every output" : "expensive: changes the size or length of every output");
    let proposed = category === "sampling" || (category === "conditioning" && conditioningActive(role, ref.classType, guidanceIsTheKnob, notes));
    const deactivate = (note: string): void => {
      proposed = false;
      notes.push(note);
    };
    if (role === "denoise" && current >= 1) deactivate("denoise 1 is a full generation; lower values only make sense on a latent made from an image");
    if (/^(start|end)(_at)?_step$/.test(role)) deactivate("moves this sampler's share of the step schedule");
    if (isLoraStrength(role, ref.classType)) {
      if (current === 0) deactivate("this LoRA is off (strength 0)");
      const slot = ref.input === "strength_clip" ? 1 : ref.input === "strength_model" ? 0 : undefined;
      if (slot !== undefined && isLink(node?.inputs["clip"]) && !(ctx.usedSlots.get(ref.nodeId)?.has(slot) ?? false)) {
        deactivate(`its ${slot === 1 ? "CLIP" : "MODEL"} output feeds nothing that reaches an output`);
      }
    }
    if (proposed && /shift$/.test(role) && /^ModelSampling/.test(ref.classType) && ctx.consumers && !reachesSchedule(ref.nodeId, ctx.consumers)) {
      deactivate("its model reaches a sampler but not the sigma schedule (the scheduler takes another model), so the shift changes less than it seems");
    }
    if (!item.known && proposed && !isPlausible(role, current))
      deactivate(`not proposed: ${current} is implausible for a ${role} (the name alone does not make it one)`);
    if (off) deactivate("switched off on this node");
    if (role === "handoff_step") {
      notes.push("coupled: ends one sampler's steps and starts the next one's, so both move together");
      return { ...base, type: "int", current, range: handoffRange(ctx.workflow, item, current), proposed: proposed && current > 0, notes };
    }
    const rule = isLoraStrength(role, ref.classType) ? "strength_model" : role;
    // INT inputs stay integers (ComfyUI would truncate a float); `denoise: 1` spelled as an int is still a FLOAT input.
    return spec.kind === "INT"
      ? { ...base, type: "int", current, range: intRange(rule, current, spec, shape), proposed, notes }
      : { ...base, type: "continuous", current, range: floatRange(rule, current, spec, shape), proposed, notes };
  }

  if (typeof current === "boolean") {
    return { ...base, type: "values", current, values: [current, !current], proposed: false, notes: [] };
  }

  const text = String(current);
  const options = spec.options ?? [];
  if (category === "sampling" && COMBO_KNOBS.has(role)) {
    if (options.length === 0) {
      const core = CORE_LISTS[role] ?? [];
      if (core.includes(text)) {
        const notes = [
          `definition unknown: ComfyUI's core ${role === "scheduler" ? "scheduler" : "sampler"} list is offered; check that ${ref.classType} accepts these names`,
        ];
        return { ...base, type: "values", current: text, values: suggestedNames(role, text, core), options: core, proposed: !off, notes };
      }
      return {
        ...base,
        type: "values",
        current: text,
        values: [text],
        proposed: false,
        notes: ["the valid names are unknown (node missing from the definitions, and not one of ComfyUI's core names): add some before uncommenting"],
      };
    }
    if (!options.includes(text)) warnings.push(`${ref.path}: "${text}" is not one of the ${ref.classType} options the definitions list.`);
    return { ...base, type: "values", current: text, values: suggestedNames(role, text, options), options, proposed: true, notes: [] };
  }
  if (options.length > 0) {
    // Always strings: a string enum such as weight_dtype must never become a number.
    return { ...base, type: "values", current: text, values: enumValues(text, options), options, proposed: false, notes: [] };
  }
  return { ...base, type: "fixed", current, proposed: false, notes: [] };
}

/** Guidance scales are active; Flux-style guidance only when no cfg does the guiding; other strengths are ranked. */
function conditioningActive(role: string, classType: string, guidanceIsTheKnob: boolean, notes: string[]): boolean {
  const kind = conditioningRole(role, classType);
  if (kind === "control") return true;
  if (kind === "guidance") {
    if (role !== "guidance" || guidanceIsTheKnob) return true;
    notes.push("cfg already guides this workflow; uncomment to vary both");
    return false;
  }
  notes.push("conditioning strength: how strongly an image or a control shapes the result");
  return false;
}

// Where a model's sampling settings shape the sigmas: a sampler that computes its own schedule, or a scheduler node.
const SCHEDULE_FROM_MODEL = /^(KSampler|KSamplerAdvanced|SamplerCustom)$|Scheduler$/;

/**
 * Whether a ModelSampling node's model reaches the sigma schedule, following MODEL links
 * forward through LoRAs and patches. A graph without any known sampler is given the benefit of the doubt.
 */
function reachesSchedule(nodeId: string, consumers: ReadonlyMap<string, readonly Consumer[]>): boolean {
  const seen = new Set<string>();
  const queue = [nodeId];
  let sawSampler = false;
  while (queue.length > 0) {
    const id = queue.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const c of consumers.get(id) ?? []) {
      if (c.input !== "model") continue;
      if (SCHEDULE_FROM_MODEL.test(c.classType)) return true;
      if (/sampler|guider/i.test(c.classType)) sawSampler = true;
      queue.push(c.nodeId);
    }
  }
  return !sawSampler;
}

/** The sampler's own step count, when it is a literal. */
function stepsOf(workflow: Workflow, nodeId: string): number | undefined {
  const steps = workflow[nodeId]?.inputs["steps"];
  return typeof steps === "number" ? steps : undefined;
}

/** Around the current hand-off, and below the smallest step count the steps rule proposes. */
function handoffRange(workflow: Workflow, item: ResolvedInput, h: number): { min: number; max: number } {
  // The samplers a constant feeds count the steps; SplitSigmas cuts the schedule its sigmas come from.
  const sigmas = workflow[item.ref.nodeId]?.inputs["sigmas"];
  const counters = item.feeds?.map((f) => f.nodeId) ?? (isLink(sigmas) ? [String(sigmas[0])] : []);
  const stepCounts = counters.map((nodeId) => {
    const steps = workflow[nodeId]?.inputs["steps"];
    if (typeof steps === "number") return steps;
    const constant = isLink(steps) ? workflow[String(steps[0])]?.inputs : undefined;
    const v = constant ? Object.values(constant).find((x) => typeof x === "number") : undefined;
    return typeof v === "number" ? v : undefined;
  });
  const known = stepCounts.filter((s): s is number => s !== undefined);
  const stepsMin = known.length > 0 ? Math.min(...known.map((s) => Math.max(1, Math.round(s * 0.75)))) : Number.POSITIVE_INFINITY;
  return { min: Math.min(h, Math.max(1, Math.round(h * 0.5))), max: Math.max(h, Math.min(Math.round(h * 1.5), stepsMin - 1)) };
}

function noiseDisabled(workflow: Workflow, nodeId: string): boolean {
  const addNoise = workflow[nodeId]?.inputs["add_noise"];
  return addNoise === "disable" || addNoise === false;
}
