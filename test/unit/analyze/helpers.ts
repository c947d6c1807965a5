/** Shared by the analyze tests: inputs, the real node definitions, analysis and rendering. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { analyzeWorkflow } from "../../../src/commands/analyze/analyze.js";
import { renderConfigYaml } from "../../../src/commands/analyze/render-yaml.js";
import type { Analysis } from "../../../src/commands/analyze/types.js";
import { parseObjectInfo, type NodeDefs } from "../../../src/core/comfy/object-info.js";
import { builtinNodeDefs } from "../../../src/core/nodes/builtin-defs.js";
import { parseWorkflowText } from "../../../src/core/workflow/load.js";
import type { Workflow } from "../../../src/core/workflow/model.js";
import { loadRealObjectInfo } from "../../../src/sim/nodes.js";

export const GOLDEN_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../golden/analyze");
export const INPUT_DIR = path.join(GOLDEN_DIR, "inputs");

let real: NodeDefs | undefined;
/** ComfyUI v0.3.64's own /object_info (no models installed: model combos are empty). */
export function realDefs(): NodeDefs {
  real ??= parseObjectInfo(loadRealObjectInfo());
  return real;
}

export function readInput(name: string): Workflow {
  return parseWorkflowText(readFileSync(path.join(INPUT_DIR, name), "utf8"), name);
}

export function analyze(workflow: Workflow | Record<string, unknown>, defs: "builtin" | "real" = "builtin", source = "workflow.json"): Analysis {
  return analyzeWorkflow(workflow as Workflow, {
    defs: defs === "real" ? realDefs() : builtinNodeDefs(),
    defsSource: defs === "real" ? "file" : "builtin",
    source,
  });
}

/** Renders as if config and workflow sat in /project/wf/, the schema in /project/schema/. */
export function renderFixed(analysis: Analysis): string {
  return renderConfigYaml(analysis, {
    configFile: "/project/wf/workflow_batch_config.yaml",
    workflowFile: "/project/wf/workflow.json",
    schemaFile: "/project/schema/config.schema.json",
    serverAddress: "127.0.0.1:8188",
    version: "0.0.0-test",
  });
}

export function candidate(analysis: Analysis, path: string) {
  const found = analysis.candidates.find((c) => c.refs.some((r) => r.path === path));
  if (!found) throw new Error(`no candidate for ${path}`);
  return found;
}
