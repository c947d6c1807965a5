/** Which nodes matter: those an output node depends on, following links backwards. */
import type { NodeDefs } from "../../core/comfy/object-info.js";
import { isLink, type Workflow } from "../../core/workflow/model.js";

// Custom output nodes are common; their names nearly always say what they do.
const OUTPUT_NAME = /save|preview|videocombine/i;

export function isOutputClass(classType: string, defs: NodeDefs): boolean {
  const def = defs.get(classType);
  if (def) return def.outputNode;
  return OUTPUT_NAME.test(classType);
}

export interface Reachability {
  readonly outputs: readonly string[];
  /** Node ids an output depends on, outputs included. */
  readonly used: ReadonlySet<string>;
}

export function findUsedNodes(workflow: Workflow, defs: NodeDefs): Reachability {
  const outputs = Object.keys(workflow).filter((id) => isOutputClass(workflow[id]?.class_type ?? "", defs));
  const used = new Set<string>();
  const queue = [...outputs];
  while (queue.length > 0) {
    const id = queue.pop() as string;
    if (used.has(id)) continue;
    used.add(id);
    for (const value of Object.values(workflow[id]?.inputs ?? {})) {
      if (isLink(value)) queue.push(String(value[0]));
    }
  }
  return { outputs, used };
}

/** The node whose output feeds `input` of node `id`, if that input is a link. */
export function linkSource(workflow: Workflow, id: string, input: string): string | undefined {
  const value = workflow[id]?.inputs[input];
  return isLink(value) ? String(value[0]) : undefined;
}
