/** The API-format workflow: a map of node id to {class_type, inputs, _meta}. */
import type { JsonObject, JsonValue } from "../json/lossless.js";
import { UserError } from "../errors.js";
import { formatPath, type InputPath } from "./paths.js";

export interface WorkflowNode {
  class_type: string;
  inputs: Record<string, JsonValue>;
  _meta?: { title?: string } & JsonObject;
  [extra: string]: JsonValue | undefined;
}

export type Workflow = Record<string, WorkflowNode>;

export type Link = readonly [string, number];

/** ComfyUI treats a 2-element [node_id, slot] list as a link. */
export function isLink(value: JsonValue | undefined): value is [string, number] {
  return Array.isArray(value) && value.length === 2 && (typeof value[0] === "string" || typeof value[0] === "number") && typeof value[1] === "number";
}

export function nodeTitle(node: WorkflowNode): string | undefined {
  const title = node._meta?.title;
  return typeof title === "string" && title.trim() !== "" ? title : undefined;
}

/** "KSamplerAdvanced #57 'High noise'" style label for messages. */
export function describeNode(workflow: Workflow, id: string): string {
  const node = workflow[id];
  if (!node) return `node ${id}`;
  const title = nodeTitle(node);
  return title && title !== node.class_type ? `node ${id} (${node.class_type} "${title}")` : `node ${id} (${node.class_type})`;
}

export function getInput(workflow: Workflow, path: InputPath): JsonValue {
  const node = workflow[path.node];
  if (!node) throw missingNode(workflow, path);
  if (!Object.hasOwn(node.inputs, path.input)) throw missingInput(workflow, path);
  return node.inputs[path.input] as JsonValue;
}

/**
 * Writes an existing literal input. A missing node or input is an error (never created),
 * and so is overwriting a link, which would silently cut the graph.
 */
export function setInput(workflow: Workflow, path: InputPath, value: JsonValue): void {
  const current = getInput(workflow, path);
  if (isLink(current)) {
    throw new UserError(`${formatPath(path)} is a link from node ${String(current[0])}, not a value that can be set.`, {
      hint: "Choose a literal input of that node, or the input of the node the link comes from.",
    });
  }
  (workflow[path.node] as WorkflowNode).inputs[path.input] = value;
}

/** A structural copy; cheap enough per run and keeps bigints intact. */
export function cloneWorkflow(workflow: Workflow): Workflow {
  return structuredClone(workflow);
}

function missingNode(workflow: Workflow, path: InputPath): UserError {
  const ids = Object.keys(workflow);
  const shown = ids.slice(0, 30).join(", ") + (ids.length > 30 ? ", …" : "");
  return new UserError(`${formatPath(path)}: the workflow has no node "${path.node}".`, {
    hint: `Node ids in this workflow: ${shown}`,
  });
}

function missingInput(workflow: Workflow, path: InputPath): UserError {
  const node = workflow[path.node] as WorkflowNode;
  const names = Object.keys(node.inputs).join(", ") || "(none)";
  return new UserError(`${formatPath(path)}: ${describeNode(workflow, path.node)} has no input "${path.input}".`, {
    hint: `Its inputs are: ${names}`,
  });
}
