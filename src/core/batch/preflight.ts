/**
 * Checks each server before a night starts: reachable, which ComfyUI, and whether every
 * model file the workflow (or the plan) names is installed there.
 */
import type { NodeDefs } from "../comfy/object-info.js";
import type { JsonValue } from "../json/lossless.js";
import type { Workflow } from "../workflow/model.js";
import { formatPath, parsePath } from "../workflow/paths.js";
import type { PlannedRun } from "./types.js";

const MODEL_INPUT =
  /^(ckpt|unet|lora|vae|clip|model|control_net|upscale_model|style_model|clip_vision|gligen|hypernetwork|photomaker|lora_name)_?name\d*$|^clip_name\d$/;

export interface MissingModel {
  readonly path: string;
  readonly classType: string;
  readonly file: string;
}

/** Model-file inputs whose value is not in that server's list for the input. */
export function findMissingModels(workflow: Workflow, defs: NodeDefs, runs: readonly PlannedRun[] = []): MissingModel[] {
  const wanted = new Map<string, Set<string>>();
  const add = (path: string, value: JsonValue | undefined): void => {
    if (typeof value !== "string") return;
    const set = wanted.get(path) ?? new Set<string>();
    set.add(value);
    wanted.set(path, set);
  };
  for (const [id, node] of Object.entries(workflow)) {
    for (const [input, value] of Object.entries(node.inputs)) {
      if (MODEL_INPUT.test(input)) add(formatPath({ node: id, input }), value);
    }
  }
  for (const run of runs) {
    for (const [path, value] of Object.entries(run.patches)) {
      if (MODEL_INPUT.test(parsePath(path).input)) add(formatPath(parsePath(path)), value);
    }
  }
  const missing: MissingModel[] = [];
  for (const [pathText, files] of wanted) {
    const path = parsePath(pathText);
    const classType = workflow[path.node]?.class_type ?? "?";
    const spec = defs.get(classType)?.inputs.get(path.input);
    if (spec?.kind !== "COMBO") continue;
    for (const file of files) if (!spec.options?.includes(file)) missing.push({ path: pathText, classType, file });
  }
  return missing;
}
