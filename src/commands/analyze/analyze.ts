/** The whole analysis of one workflow: pure, no I/O. */
import type { NodeDefs } from "../../core/comfy/object-info.js";
import { nodeTitle, type Workflow } from "../../core/workflow/model.js";
import { buildCandidates } from "./candidates.js";
import { consumersOf, findUsedNodes, reachFrom } from "./graph.js";
import { externalPromptWarnings } from "./prompts.js";
import { linkCandidates } from "./linking.js";
import { assignNames } from "./naming.js";
import { resolveInputs, sortNodeIds } from "./resolve.js";
import { CATEGORY_ORDER, type Analysis, type Candidate, type InputRef } from "./types.js";

export interface AnalyzeOptions {
  readonly defs: NodeDefs;
  readonly defsSource: Analysis["defsSource"];
  /** The workflow's file name, for messages. */
  readonly source: string;
}

export function analyzeWorkflow(workflow: Workflow, options: AnalyzeOptions): Analysis {
  const { defs } = options;
  const warnings: string[] = [];
  const reach = findUsedNodes(workflow, defs);
  let { used, usedSlots } = reach;
  if (reach.outputs.length === 0) {
    warnings.push("No output node (Save…, Preview…) found: every node is treated as used.");
    ({ used, usedSlots } = reachFrom(workflow, Object.keys(workflow)));
  }
  const ids = sortNodeIds(Object.keys(workflow));
  const unusedNodes = ids
    .filter((id) => !used.has(id))
    .map((id) => {
      const node = workflow[id];
      return { nodeId: id, classType: node?.class_type ?? "", title: node ? nodeTitle(node) : undefined };
    });

  const consumers = consumersOf(workflow, used, defs);
  const resolution = resolveInputs(workflow, used, defs, consumers);
  const built = buildCandidates({ workflow, usedSlots, consumers }, resolution.inputs);
  warnings.push(...built.warnings, ...externalPromptWarnings(workflow, used, defs));
  const candidates = sortCandidates(workflow, ids, linkCandidates(workflow, built.candidates, defs));
  assignNames(candidates);
  for (const name of resolution.unknownClasses) {
    warnings.push(
      `${name} is not in the ${options.defsSource === "builtin" ? "built-in node table" : "node definitions"}: its inputs were classified from their names and values.`,
    );
  }
  return {
    source: options.source,
    defsSource: options.defsSource,
    candidates,
    unusedNodes,
    unknownClasses: resolution.unknownClasses,
    skipped: resolution.skipped,
    warnings,
    emptyReason: emptyReason(candidates),
  };
}

function sortCandidates(workflow: Workflow, ids: readonly string[], candidates: readonly Candidate[]): Candidate[] {
  const nodeIndex = new Map(ids.map((id, i) => [id, i]));
  const key = (c: Candidate): [number, number, number] => {
    const ref = c.refs[0] as InputRef;
    const inputs = Object.keys(workflow[ref.nodeId]?.inputs ?? {});
    return [CATEGORY_ORDER.indexOf(c.category), nodeIndex.get(ref.nodeId) ?? 0, inputs.indexOf(ref.input)];
  };
  return [...candidates].sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    return ka[0] - kb[0] || ka[1] - kb[1] || ka[2] - kb[2];
  });
}

function emptyReason(candidates: readonly Candidate[]): string | undefined {
  const active = candidates.filter((c) => c.proposed);
  if (active.some((c) => c.category === "sampling")) return undefined;
  const commented = candidates.some((c) => !c.proposed && c.type !== "fixed" && c.type !== "random_seed");
  const knobs = "cfg, steps, sampler, scheduler, shift, denoise or LoRA strength";
  if (active.length > 0)
    return `No sampling knob (${knobs}) feeds an output, so only the seed varies${commented ? "; uncomment the entries below to explore more" : ""}.`;
  if (commented) return `No sampling knob (${knobs}) or seed feeds an output, so nothing varies by default; uncomment the entries below to explore them.`;
  return "Nothing in this workflow can be varied: no node that feeds an output has a number, an option or a seed.";
}
