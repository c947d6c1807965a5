/** Loading and checking API-format workflow files. */
import { readFileSync, statSync } from "node:fs";
import { UserError } from "../errors.js";
import type { JsonValue } from "../json/lossless.js";
import { parseJsonFile } from "../json/parse-file.js";
import { isLink, type Workflow, type WorkflowNode } from "./model.js";

/**
 * Read at start-up, when nothing else is running, so synchronously: node:fs/promises would cost
 * cr-analyze ~3 ms of its start just to load.
 */
export async function loadWorkflowFile(file: string): Promise<Workflow> {
  let text: string;
  try {
    const info = statSync(file);
    if (info.isDirectory()) throw new UserError(`${file} is a directory, not a workflow file.`);
    text = readFileSync(file, "utf8");
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new UserError(`Workflow file not found: ${file}`);
    throw new UserError(`Cannot read the workflow file ${file}: ${(error as Error).message}`);
  }
  return parseWorkflowText(text, file);
}

export function parseWorkflowText(text: string, source: string): Workflow {
  return validateWorkflow(parseJsonFile(text, source), source);
}

/** Checks the shape of an API-format workflow and returns it typed. */
export function validateWorkflow(data: JsonValue, source: string): Workflow {
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new UserError(`${source}: a workflow must be a JSON object of nodes.`);
  }
  // An export saved with its request wrapper: {"prompt": {...}, "client_id": ...}.
  const prompt = data["prompt"];
  if (prompt && typeof prompt === "object" && !Array.isArray(prompt) && !("class_type" in prompt)) {
    return validateWorkflow(prompt, source);
  }
  if (Array.isArray(data["nodes"]) || Array.isArray(data["links"])) {
    throw new UserError(`${source} is a UI-format workflow (it has "nodes"/"links" arrays), not the API format.`, {
      hint: 'In ComfyUI, use Workflow → Export (API), or enable dev mode and use "Save (API Format)".',
    });
  }
  const ids = Object.keys(data);
  if (ids.length === 0) throw new UserError(`${source}: the workflow is empty (no nodes).`);

  const problems: string[] = [];
  for (const id of ids) {
    const node: JsonValue | undefined = data[id];
    if (node === null || typeof node !== "object" || Array.isArray(node)) {
      problems.push(`node "${id}" is not an object`);
      continue;
    }
    if (typeof node["class_type"] !== "string" || node["class_type"] === "") {
      problems.push(`node "${id}" has no class_type`);
    }
    const inputs: JsonValue | undefined = node["inputs"];
    if (inputs === undefined) {
      problems.push(`node "${id}" has no inputs`);
      continue;
    }
    if (inputs === null || typeof inputs !== "object" || Array.isArray(inputs)) {
      problems.push(`node "${id}": inputs is not an object`);
      continue;
    }
    for (const [name, value] of Object.entries(inputs) as [string, JsonValue][]) {
      if (isLink(value) && !(String(value[0]) in data)) {
        problems.push(`node "${id}" input "${name}" links to node "${String(value[0])}", which does not exist`);
      }
    }
  }
  if (problems.length > 0) {
    throw new UserError(`${source} is not a valid API-format workflow: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ""}.`, {
      issues: problems,
    });
  }
  return data as unknown as Record<string, WorkflowNode>;
}
