/** Which nodes matter: those an output node depends on, following links backwards. */
import type { NodeDefs } from "../../core/comfy/object-info.js";
import { isLink, type Workflow } from "../../core/workflow/model.js";
import { wordTest } from "./words.js";

// Custom output nodes are common; their names nearly always say what they do.
const OUTPUT_NAME = wordTest({ within: ["save", "preview", "videocombine", "animatediffcombine"], anyCase: true });

export function isOutputClass(classType: string, defs: NodeDefs): boolean {
  const def = defs.get(classType);
  if (def) return def.outputNode;
  return OUTPUT_NAME(classType);
}

export interface Reachability {
  readonly outputs: readonly string[];
  /** Node ids an output depends on, outputs included. */
  readonly used: ReadonlySet<string>;
  /** For each used node, the output slots that something used reads. */
  readonly usedSlots: ReadonlyMap<string, ReadonlySet<number>>;
}

export function findUsedNodes(workflow: Workflow, defs: NodeDefs): Reachability {
  const outputs = Object.keys(workflow).filter((id) => isOutputClass(workflow[id]?.class_type ?? "", defs));
  return reachFrom(workflow, outputs);
}

/** Everything `roots` depend on, with the output slots each dependency is read at. */
export function reachFrom(workflow: Workflow, roots: readonly string[]): Reachability {
  const used = new Set<string>();
  const usedSlots = new Map<string, Set<number>>();
  const queue = [...roots];
  while (queue.length > 0) {
    const id = queue.pop() as string;
    if (used.has(id)) continue;
    used.add(id);
    for (const value of Object.values(workflow[id]?.inputs ?? {})) {
      if (!isLink(value)) continue;
      const source = String(value[0]);
      const slots = usedSlots.get(source) ?? new Set<number>();
      slots.add(Number(value[1]));
      usedSlots.set(source, slots);
      queue.push(source);
    }
  }
  return { outputs: roots, used, usedSlots };
}

/** One input of a node that reads an output of another. */
export interface Consumer {
  readonly nodeId: string;
  readonly input: string;
  readonly classType: string;
}

/** For each node, the inputs (of used nodes) its outputs feed, looking through pass-through nodes. */
export function consumersOf(workflow: Workflow, used: ReadonlySet<string>, defs: NodeDefs): Map<string, Consumer[]> {
  const direct = new Map<string, Consumer[]>();
  for (const id of used) {
    const node = workflow[id];
    if (!node) continue;
    for (const [input, value] of Object.entries(node.inputs)) {
      if (!isLink(value)) continue;
      const source = String(value[0]);
      direct.set(source, [...(direct.get(source) ?? []), { nodeId: id, input, classType: node.class_type }]);
    }
  }
  const resolved = new Map<string, Consumer[]>();
  const expand = (id: string, seen: Set<string>): Consumer[] =>
    (direct.get(id) ?? []).flatMap((c) =>
      isPassThrough(workflow, c.nodeId, defs) && !seen.has(c.nodeId) ? expand(c.nodeId, new Set([...seen, c.nodeId])) : [c],
    );
  for (const id of direct.keys()) resolved.set(id, expand(id, new Set([id])));
  return resolved;
}

// Nodes that hand their one input on unchanged: reroutes, VRAM/debug helpers, "any" pass-throughs.
const PASS_THROUGH_CLASS = wordTest({
  within: [
    "reroute",
    "passthrough",
    "pass_through",
    "vram",
    "purge",
    "cleangpu",
    "clean_gpu",
    "unload",
    "freememory",
    "free_memory",
    "debug",
    "cacheclean",
    "cache_clean",
  ],
  anyCase: true,
});
const ANY_PASS_CLASS = wordTest({ within: ["any", "pass", "route", "debug", "vram", "clean"], anyCase: true });
const PASS_THROUGH_INPUT = new Set(["any_input", "anything", "passthrough", "any", "input", "*"]);

/** A node that forwards its single linked input: followed when reading the graph's structure. */
export function isPassThrough(workflow: Workflow, id: string, defs: NodeDefs): boolean {
  const node = workflow[id];
  if (!node) return false;
  const links = Object.entries(node.inputs).filter(([, v]) => isLink(v));
  if (links.length !== 1) return false;
  const [input] = links[0] as [string, unknown];
  if (node.class_type === "Reroute") return true;
  if (defs.has(node.class_type)) return false;
  return PASS_THROUGH_CLASS(node.class_type) || (PASS_THROUGH_INPUT.has(input) && ANY_PASS_CLASS(node.class_type));
}

/** The node whose output feeds `input` of node `id`, if that input is a link, looking through pass-through nodes. */
export function linkSource(workflow: Workflow, id: string, input: string, defs?: NodeDefs): string | undefined {
  const value = workflow[id]?.inputs[input];
  if (!isLink(value)) return undefined;
  let source = String(value[0]);
  for (let hops = 0; defs && hops < 16 && isPassThrough(workflow, source, defs); hops++) {
    const next = Object.values(workflow[source]?.inputs ?? {}).find(isLink);
    if (!next) break;
    source = String(next[0]);
  }
  return source;
}
