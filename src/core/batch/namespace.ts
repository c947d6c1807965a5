/**
 * Per-run output namespaces. Prefixing every `filename_prefix` with <batch>/<run>/ keeps
 * runs' files apart on the server and stops a cached re-run from handing back another
 * run's files (the save node's inputs differ, so it always executes).
 */
import type { Workflow } from "../workflow/model.js";

export function namespaceOutputs(workflow: Workflow, namespace: string): number {
  let changed = 0;
  for (const node of Object.values(workflow)) {
    const prefix = node.inputs["filename_prefix"];
    if (typeof prefix === "string") {
      node.inputs["filename_prefix"] = `${namespace}/${prefix.replace(/^\/+/, "")}`;
      changed++;
    }
  }
  return changed;
}

/** The server subfolder with our namespace removed, so the run folder keeps only the workflow's own structure. */
export function stripNamespace(subfolder: string, namespace: string): string {
  if (subfolder === namespace) return "";
  return subfolder.startsWith(`${namespace}/`) ? subfolder.slice(namespace.length + 1) : subfolder;
}
