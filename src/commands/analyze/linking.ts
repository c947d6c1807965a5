/**
 * Linked knobs: one value the user would change in step on several nodes, such as the cfg
 * of WAN 2.2's two KSamplerAdvanced, or the step where the first hands over to the second.
 */
import type { Workflow } from "../../core/workflow/model.js";
import { linkSource } from "./graph.js";
import type { Candidate, InputRef } from "./types.js";

const SPLIT_NOTE = "to vary them separately, split it into one parameter per path";

export function linkCandidates(workflow: Workflow, candidates: readonly Candidate[]): Candidate[] {
  return linkHandoffs(workflow, linkEqualKnobs(candidates));
}

/** Same class, same input, same current value, on several nodes: one parameter with several paths. */
function linkEqualKnobs(candidates: readonly Candidate[]): Candidate[] {
  const groups = new Map<string, Candidate[]>();
  for (const c of candidates) {
    if (c.category !== "sampling" || c.refs.length !== 1) continue;
    const ref = c.refs[0] as InputRef;
    const key = `${ref.classType}\u0000${ref.input}\u0000${String(c.current)}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const result: Candidate[] = [];
  const absorbed = new Set<Candidate>();
  for (const c of candidates) {
    if (absorbed.has(c)) continue;
    const ref = c.refs[0] as InputRef;
    const group = c.category === "sampling" && c.refs.length === 1 ? groups.get(`${ref.classType}\u0000${ref.input}\u0000${String(c.current)}`) : undefined;
    if (!group || group.length < 2) {
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
 * Two-stage sampling (WAN 2.2 high/low noise): sampler A ends at step h, sampler B takes A's
 * latent and starts at h. Moving h on one side only would skip or repeat steps, so both move.
 */
function linkHandoffs(workflow: Workflow, candidates: Candidate[]): Candidate[] {
  let result = candidates;
  for (const start of candidates) {
    const startRef = single(start, "start_at_step");
    if (!startRef || typeof start.current !== "number" || start.current <= 0) continue;
    const sourceId = linkSource(workflow, startRef.nodeId, "latent_image");
    const end = result.find((c) => single(c, "end_at_step")?.nodeId === sourceId && c.current === start.current);
    if (!end || !end.range) continue;
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
