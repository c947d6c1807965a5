/** A run's workflow: a copy of the base workflow with the run's patches written in. */
import type { JsonValue } from "../json/lossless.js";
import { cloneWorkflow, setInput, type Workflow } from "../workflow/model.js";
import { parsePath } from "../workflow/paths.js";
import type { PlanRun } from "./types.js";

export function applyRun(workflow: Workflow, run: Pick<PlanRun, "patches">): Workflow {
  const copy = cloneWorkflow(workflow);
  for (const [path, value] of Object.entries(run.patches)) {
    setInput(copy, parsePath(path), value as JsonValue);
  }
  return copy;
}
