/**
 * validate_prompt() of ComfyUI's execution.py: structural checks, then every output node's
 * inputs. Outputs that fail are dropped; the prompt is rejected only when none survive (§1.1, §1.3).
 */
import { isObject, type NodeCatalog } from "./nodes.js";
import { pyStr } from "./pyfmt.js";
import type { JsonObject, JsonValue } from "./types.js";
import { error, PyError, validateNode, type ValidationContext, type Verdict } from "./validate-node.js";

export type ValidationResult = { ok: true; outputs: string[]; nodeErrors: JsonObject } | { ok: false; error: JsonObject; nodeErrors: JsonObject };

const TB_TOP = [
  '  File "<comfy>/execution.py", line 1010, in validate_prompt\n    m = await validate_inputs(prompt_id, prompt, o, validated)\n        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n',
];

export async function validatePrompt(
  prompt: JsonObject | JsonValue[],
  targets: JsonValue | undefined,
  catalog: NodeCatalog,
  fileExists: (name: string) => boolean,
): Promise<ValidationResult> {
  if (Array.isArray(prompt)) return fail(error("prompt_no_outputs", "Prompt has no outputs", "", {}));
  const outputs: string[] = [];
  const targetList = Array.isArray(targets) ? targets.map((t) => pyStr(t)) : undefined;
  for (const [id, node] of Object.entries(prompt)) {
    if (!isObject(node) || !("class_type" in node)) {
      return fail(error("invalid_prompt", "Cannot execute because a node is missing the class_type property.", `Node ID '#${id}'`, {}));
    }
    const classType = pyStr(node["class_type"]);
    const def = catalog.get(classType);
    if (!def) {
      return fail(error("invalid_prompt", `Cannot execute because node ${classType} does not exist.`, `Node ID '#${id}'`, {}));
    }
    if (def.outputNode && (!targetList || targetList.includes(id))) outputs.push(id);
  }
  if (outputs.length === 0) return fail(error("prompt_no_outputs", "Prompt has no outputs", "", {}));

  const ctx: ValidationContext = { prompt, catalog, fileExists, validated: new Map(), inProgress: new Set() };
  const good: string[] = [];
  const outputErrors: JsonObject[] = [];
  const nodeErrors: JsonObject = {};
  for (const output of outputs) {
    let verdict: Verdict;
    try {
      verdict = await validateNode(ctx, output);
    } catch (e) {
      if (!(e instanceof PyError)) throw e;
      verdict = {
        valid: false,
        errors: [
          error("exception_during_validation", "Exception when validating node", e.message, {
            exception_type: e.pyType,
            traceback: [...TB_TOP, ...e.traceback],
          }),
        ],
      };
      ctx.validated.set(output, verdict);
    }
    if (verdict.valid) {
      good.push(output);
      continue;
    }
    outputErrors.push(...verdict.errors);
    // Like the original, every failing node seen so far gains this output as a dependent.
    for (const [id, v] of ctx.validated) {
      if (v.valid || v.errors.length === 0) continue;
      const existing = nodeErrors[id];
      const entry: JsonObject = isObject(existing) ? existing : { errors: v.errors, dependent_outputs: [], class_type: classOf(prompt, id) };
      (entry["dependent_outputs"] as JsonValue[]).push(output);
      nodeErrors[id] = entry;
    }
  }
  if (good.length === 0) {
    const details = outputErrors.map((e) => `${String(e["message"])}: ${String(e["details"])}`).join("\n");
    return { ok: false, error: error("prompt_outputs_failed_validation", "Prompt outputs failed validation", details, {}), nodeErrors };
  }
  return { ok: true, outputs: good, nodeErrors };
}

function classOf(prompt: JsonObject, id: string): JsonValue {
  const node = prompt[id];
  return isObject(node) ? (node["class_type"] ?? null) : null;
}

function fail(err: JsonObject): ValidationResult {
  return { ok: false, error: err, nodeErrors: {} };
}
