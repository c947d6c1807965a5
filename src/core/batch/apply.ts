/** Builds the workflow for one run: the plan's patches on a fresh copy. */
import type { JsonValue } from "../json/lossless.js";
import { cloneWorkflow, setInput, type Workflow } from "../workflow/model.js";
import { parsePath } from "../workflow/paths.js";

export function applyPatches(base: Workflow, patches: Readonly<Record<string, JsonValue>>): Workflow {
  const workflow = cloneWorkflow(base);
  for (const [path, value] of Object.entries(patches)) setInput(workflow, parsePath(path), value);
  return workflow;
}
