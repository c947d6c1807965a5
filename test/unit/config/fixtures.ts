import { fileURLToPath } from "node:url";
/** Shared inputs for the config, plan and dry-run tests: the WAN workflow and configs written inline. */
import { readFileSync } from "node:fs";
import { parseObjectInfo, type NodeDefs } from "../../../src/core/comfy/object-info.js";
import { parseConfigText, type BatchConfig } from "../../../src/core/config/index.js";
import { UserError } from "../../../src/core/errors.js";
import { parseJson } from "../../../src/core/json/lossless.js";
import { buildPlan, type BuildPlanOptions, type BuiltPlan } from "../../../src/core/plan/index.js";
import { parseWorkflowText } from "../../../src/core/workflow/load.js";
import type { Workflow } from "../../../src/core/workflow/model.js";

export const ORIGINALS = fileURLToPath(new URL("../../fixtures/reference/original-workflows", import.meta.url));
export const WAN_DIR = `${ORIGINALS}/wan2_14B_flf2v`;
export const WAN_WORKFLOW = `${WAN_DIR}/workflow.json`;
export const OBJECT_INFO = fileURLToPath(new URL("../../fixtures/reference/comfyui/object_info-v0.3.64.json", import.meta.url));

export function wanWorkflow(): Workflow {
  return parseWorkflowText(readFileSync(WAN_WORKFLOW, "utf8"), WAN_WORKFLOW);
}

let defs: NodeDefs | undefined;
export function objectInfo(): NodeDefs {
  defs ??= parseObjectInfo(parseJson(readFileSync(OBJECT_INFO, "utf8")));
  return defs;
}

/** A config as if it were the file `${WAN_DIR}/configs/test.yaml` (so ../workflow.json resolves). */
export function config(yaml: string): BatchConfig {
  return parseConfigText(`workflow_file: ../workflow.json\n${yaml}`, "test.yaml", `${WAN_DIR}/configs`);
}

/** The UserError a function throws, with its message and issues joined for matching. */
export function userErrorOf(fn: () => unknown): { error: UserError; text: string } {
  try {
    fn();
  } catch (error) {
    if (error instanceof UserError) return { error, text: [error.message, ...error.issues, error.hint ?? ""].join("\n") };
    throw error;
  }
  throw new Error("expected a UserError, but nothing was thrown");
}

export function plan(cfg: BatchConfig, options: Partial<BuildPlanOptions> = {}): BuiltPlan {
  return buildPlan(cfg, { createdAt: "2026-01-01T00:00:00.000Z", fingerprint: { config: "c", workflow: "w" }, seed: 1, ...options });
}
