/**
 * Turns ComfyUI's error payloads into lines a person can act on. `error.details` is
 * often empty when the fault is upstream of the output node (protocol §1.1), so the
 * per-node `node_errors` are always rendered.
 */
import type { Workflow } from "../workflow/model.js";
import { nodeTitle } from "../workflow/model.js";
import type { NodeErrors } from "./schemas.js";

export interface ExecutionErrorInfo {
  nodeId?: string;
  nodeType?: string;
  exceptionType?: string;
  exceptionMessage?: string;
}

function nodeLabel(workflow: Workflow | undefined, id: string, classType?: string): string {
  const node = workflow?.[id];
  const cls = classType ?? node?.class_type ?? "?";
  const title = node ? nodeTitle(node) : undefined;
  return title && title !== cls ? `node ${id} ${cls} "${title}"` : `node ${id} ${cls}`;
}

/** One line per problem: `node 3 EmptyImage "Canvas": width: Failed to convert… (width, abc, invalid literal…)`. */
export function renderNodeErrors(nodeErrors: NodeErrors, workflow?: Workflow): string[] {
  const lines: string[] = [];
  for (const [id, entry] of Object.entries(nodeErrors)) {
    const label = nodeLabel(workflow, id, entry.class_type);
    if (entry.errors.length === 0) lines.push(`${label}: rejected (no details given)`);
    for (const err of entry.errors) {
      const input = typeof err.extra_info["input_name"] === "string" ? err.extra_info["input_name"] : undefined;
      const received = err.extra_info["received_value"];
      const parts = [`${label}:`];
      if (input) parts.push(`${input}:`);
      parts.push(err.message || err.type || "invalid");
      const extra: string[] = [];
      if (err.details && err.details !== input) extra.push(err.details);
      if (received !== undefined && !err.details.includes(String(received))) extra.push(`got ${JSON.stringify(received, bigintSafe)}`);
      if (extra.length) parts.push(`(${extra.join("; ")})`);
      lines.push(parts.join(" "));
    }
  }
  return lines;
}

/** Short advice for the common rejections. */
export function hintForNodeErrors(nodeErrors: NodeErrors): string | undefined {
  const types = new Set(Object.values(nodeErrors).flatMap((e) => e.errors.map((x) => x.type)));
  const details = Object.values(nodeErrors)
    .flatMap((e) => e.errors.map((x) => x.details))
    .join(" ");
  if (types.has("value_not_in_list") && /(ckpt|unet|lora|vae|clip)_name/.test(details)) {
    return "A model file named in the workflow is not installed on this server: check the file name, or put the model in ComfyUI's models folder.";
  }
  if (types.has("custom_validation_failed") && /image/i.test(details)) {
    return "An input image is missing on the server: upload it (cr-shots does this) or put it in ComfyUI's input folder.";
  }
  if (types.has("value_not_in_list")) return "A value is not one of the node's options: check spelling (e.g. euler_ancestral, not euler_a).";
  return undefined;
}

export function renderExecutionError(info: ExecutionErrorInfo, workflow?: Workflow): string {
  const where = info.nodeId ? nodeLabel(workflow, info.nodeId, info.nodeType) : "an unknown node";
  const what = [info.exceptionType, info.exceptionMessage?.trim()].filter(Boolean).join(": ");
  return `failed at ${where}${what ? `: ${what}` : ""}`;
}

function bigintSafe(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}
