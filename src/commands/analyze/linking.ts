/**
 * Linked knobs: one value the user would change in step on several nodes, such as the cfg
 * of WAN 2.2's two KSamplerAdvanced, or the step where the first hands over to the second.
 */
import type { NodeDefs } from "../../core/comfy/object-info.js";
import { isLink, type Workflow } from "../../core/workflow/model.js";
import { linkSource } from "./graph.js";
import type { Candidate, InputRef } from "./types.js";

const SPLIT_NOTE = "to vary them separately, split it into one parameter per path";
const LENGTH_NAMES = new Set(["length", "num_frames", "frames", "frames_number", "frame_count"]);

export function linkCandidates(workflow: Workflow, candidates: readonly Candidate[], defs?: NodeDefs): Candidate[] {
  return linkHandoffs(workflow, linkEqualKnobs(workflow, candidates), defs);
}

/**
 * Same class, same input, same current value, on several nodes: one parameter with several
 * paths. LoRA strengths link only for the same LoRA (the same file, or the high/low-noise
 * copies of one), never because two different LoRAs happen to share a value. Sizes and
 * lengths that must match (the latent's width and ModelSamplingFlux's) link across classes.
 */
function linkEqualKnobs(workflow: Workflow, candidates: readonly Candidate[]): Candidate[] {
  const keyOf = (c: Candidate): string | undefined => {
    if (c.refs.length !== 1 || c.type === "fixed" || c.type === "random_seed") return undefined;
    const ref = c.refs[0] as InputRef;
    if (c.category === "shape") {
      const role = LENGTH_NAMES.has(ref.input) ? "length" : ref.input;
      return role === "width" || role === "height" || role === "length" ? `shape\u0000${role}\u0000${String(c.current)}` : undefined;
    }
    if (c.category !== "sampling") return undefined;
    const lora = c.lora !== undefined ? `\u0000${c.lora}` : "";
    // An active copy never takes an inactive one along (a shift whose model misses the sigma
    // schedule, a LoRA switched off): the inactive one keeps its own line and its reason.
    return `${ref.classType}\u0000${ref.input}\u0000${String(c.current)}${lora}\u0000${c.proposed}`;
  };
  const groups = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const key = keyOf(c);
    if (key !== undefined) groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const result: Candidate[] = [];
  const absorbed = new Set<Candidate>();
  for (const c of candidates) {
    if (absorbed.has(c)) continue;
    const key = keyOf(c);
    const group = key === undefined ? undefined : groups.get(key);
    if (!group || group.length < 2) {
      result.push(c);
      continue;
    }
    if (c.lora !== undefined && !separateLoraCopies(workflow, group)) {
      result.push(c);
      continue;
    }
    for (const member of group) absorbed.add(member);
    const nodes = group.map((m) => m.refs[0]?.nodeId).join(" and ");
    result.push({ ...c, refs: group.flatMap((m) => m.refs), notes: [...c.notes, `linked: one value for nodes ${nodes}; ${SPLIT_NOTE}`] });
  }
  return result;
}

/**
 * Copies of one LoRA on separate model paths (the high- and low-noise passes), and on: two
 * copies chained on one path, or switched off (strength 0), are separate slots, not one knob.
 */
function separateLoraCopies(workflow: Workflow, group: readonly Candidate[]): boolean {
  if (group.some((m) => m.current === 0)) return false;
  const ids = group.map((m) => (m.refs[0] as InputRef).nodeId);
  return ids.every((a) => ids.every((b) => a === b || !dependsOn(workflow, a, b)));
}

function dependsOn(workflow: Workflow, from: string, target: string): boolean {
  const seen = new Set<string>();
  const queue = [from];
  while (queue.length > 0) {
    const id = queue.pop() as string;
    if (id === target && id !== from) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const value of Object.values(workflow[id]?.inputs ?? {})) if (isLink(value)) queue.push(String(value[0]));
  }
  return false;
}

/**
 * Two-stage sampling (WAN 2.2 high/low noise): sampler A ends at step h, sampler B takes A's
 * latent (maybe through a pass-through node) and starts at h. Moving h on one side only would
 * skip or repeat steps, so both move.
 */
function linkHandoffs(workflow: Workflow, candidates: Candidate[], defs: NodeDefs | undefined): Candidate[] {
  let result = candidates;
  for (const start of candidates) {
    const startRef = single(start, "start_at_step");
    if (!startRef || typeof start.current !== "number" || start.current <= 0) continue;
    const sourceId = linkSource(workflow, startRef.nodeId, "latent_image", defs);
    const end = result.find((c) => single(c, "end_at_step")?.nodeId === sourceId && c.current === start.current);
    if (!end?.range) continue;
    const endRef = end.refs[0] as InputRef;
    const h = start.current;
    const stepsMin = result.find((c) => c.refs.some((r) => r.nodeId === endRef.nodeId && r.input === "steps"))?.range?.min;
    const max = Math.max(h, Math.min(Math.round(h * 1.5), stepsMin !== undefined ? stepsMin - 1 : Number.POSITIVE_INFINITY));
    const handoff: Candidate = {
      name: "",
      category: "sampling",
      type: "int",
      refs: [endRef, startRef],
      current: h,
      range: { min: Math.min(h, Math.max(1, Math.round(h * 0.5))), max },
      proposed: true,
      notes: [
        `handoff: node ${endRef.nodeId} stops and node ${startRef.nodeId} starts at this step, so both paths move together`,
        "kept below the smallest proposed step count so that both samplers always run",
      ],
    };
    result = result.filter((c) => c !== start && c !== end);
    result.splice(Math.min(candidates.indexOf(end), result.length), 0, handoff);
  }
  return result;
}

function single(c: Candidate, input: string): InputRef | undefined {
  const ref = c.refs[0];
  return c.refs.length === 1 && ref?.input === input ? ref : undefined;
}
