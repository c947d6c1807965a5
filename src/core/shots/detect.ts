/**
 * Finds where shot data goes in a workflow: the text encoders that feed the samplers'
 * positive and negative inputs, and the LoadImage nodes behind start_image / end_image.
 * It refuses to guess: a node that feeds both roles, or two candidates that titles cannot
 * tell apart, is reported as ambiguous.
 */
import { UserError } from "../errors.js";
import { isLink, nodeTitle, type Workflow } from "../workflow/model.js";
import { formatPath } from "../workflow/paths.js";

export type ShotRole = "prompt" | "negative" | "first_frame" | "last_frame";
export type Injection = Record<ShotRole, string[]>;

const SAMPLER_INPUTS: Record<"positive" | "negative", string[]> = { positive: ["positive"], negative: ["negative"] };
const PASS_THROUGH_IMAGE = ["image", "images", "pixels", "input_image"];

export function detectInjection(workflow: Workflow): Injection {
  const reachable = reachableFromOutputs(workflow);
  const samplers = Object.keys(workflow).filter(
    (id) => reachable.has(id) && hasLinked(workflow, id, "positive") && hasLinked(workflow, id, "negative") && !hasLiteralText(workflow, id),
  );
  const positive = new Set<string>();
  const negative = new Set<string>();
  for (const id of samplers) {
    for (const enc of traceText(workflow, id, "positive")) positive.add(enc);
    for (const enc of traceText(workflow, id, "negative")) negative.add(enc);
  }
  const both = [...positive].filter((id) => negative.has(id));
  if (both.length > 0) {
    throw new UserError(`Cannot tell the prompt from the negative prompt: node ${both.join(", ")} feeds both.`, {
      hint: "Set shots.inject.prompt and shots.inject.negative in the config (e.g. prompt: nodes.6.inputs.text).",
    });
  }
  const first = new Set<string>();
  const last = new Set<string>();
  for (const id of Object.keys(workflow).filter((n) => reachable.has(n))) {
    for (const loader of traceImage(workflow, id, "start_image")) first.add(loader);
    for (const loader of traceImage(workflow, id, "end_image")) last.add(loader);
  }
  const shared = [...first].filter((id) => last.has(id));
  if (shared.length > 0 || first.size > 1 || last.size > 1) {
    const why =
      shared.length > 0
        ? `node ${shared.join(", ")} feeds both the first and the last frame`
        : `several image loaders feed one frame (${[...(first.size > 1 ? first : last)].join(", ")})`;
    throw new UserError(`Cannot tell where the shot images go: ${why}.`, {
      hint: "Set shots.inject.first_frame and shots.inject.last_frame in the config (e.g. first_frame: nodes.68.inputs.image).",
    });
  }
  return {
    prompt: [...positive].map((id) => formatPath({ node: id, input: "text" })),
    negative: [...negative].map((id) => formatPath({ node: id, input: "text" })),
    first_frame: [...first].map((id) => formatPath({ node: id, input: "image" })),
    last_frame: [...last].map((id) => formatPath({ node: id, input: "image" })),
  };
}

function hasLinked(workflow: Workflow, id: string, input: string): boolean {
  return isLink(workflow[id]?.inputs[input]);
}

function hasLiteralText(workflow: Workflow, id: string): boolean {
  return typeof workflow[id]?.inputs["text"] === "string";
}

/** Follows conditioning links back to the nodes with a literal `text` input. */
function traceText(workflow: Workflow, from: string, input: "positive" | "negative", seen = new Set<string>()): string[] {
  const link = workflow[from]?.inputs[input];
  if (!isLink(link)) return [];
  return traceConditioning(workflow, String(link[0]), link[1], input, seen);
}

function traceConditioning(workflow: Workflow, id: string, slot: number, role: "positive" | "negative", seen: Set<string>): string[] {
  if (seen.has(id)) return [];
  seen.add(id);
  const node = workflow[id];
  if (!node) return [];
  if (typeof node.inputs["text"] === "string") return [id];
  // Nodes such as WanFirstLastFrameToVideo pass positive out on slot 0 and negative on slot 1.
  const passInput =
    hasLinked(workflow, id, "positive") && hasLinked(workflow, id, "negative") ? (slot === 0 ? "positive" : slot === 1 ? "negative" : undefined) : undefined;
  const candidates = passInput
    ? [passInput]
    : ["conditioning", "conditioning_1", "conditioning_2", "conditioning_to", "conditioning_from", ...SAMPLER_INPUTS[role]];
  return candidates.flatMap((name) => {
    const link = node.inputs[name];
    return isLink(link) ? traceConditioning(workflow, String(link[0]), link[1], role, seen) : [];
  });
}

function traceImage(workflow: Workflow, from: string, input: string): string[] {
  const link = workflow[from]?.inputs[input];
  if (!isLink(link)) return [];
  const found: string[] = [];
  const stack = [String(link[0])];
  const seen = new Set<string>();
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    const node = workflow[id];
    if (!node) continue;
    if (typeof node.inputs["image"] === "string" && /LoadImage/i.test(node.class_type)) {
      found.push(id);
      continue;
    }
    for (const name of PASS_THROUGH_IMAGE) {
      const next = node.inputs[name];
      if (isLink(next)) stack.push(String(next[0]));
    }
  }
  return found;
}

/** Nodes that feed an output node (a node with filename_prefix, or a known Save/Preview class). */
export function reachableFromOutputs(workflow: Workflow): Set<string> {
  const outputs = Object.keys(workflow).filter((id) => {
    const node = workflow[id];
    return (
      node !== undefined &&
      (typeof node.inputs["filename_prefix"] === "string" || /^(Save|Preview)/.test(node.class_type) || /VideoCombine/.test(node.class_type))
    );
  });
  const seen = new Set<string>();
  const stack = [...outputs];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const value of Object.values(workflow[id]?.inputs ?? {})) if (isLink(value)) stack.push(String(value[0]));
  }
  return seen;
}

/** "node 6 (CLIPTextEncode "Positive")" lines for printing the mapping. */
export function describeInjection(workflow: Workflow, injection: Injection): string[] {
  return (Object.keys(injection) as ShotRole[]).map((role) => {
    const targets = injection[role];
    if (targets.length === 0) return `${role}: (not used by this workflow)`;
    return `${role}: ${targets.map((p) => `${p}${titleOf(workflow, p)}`).join(", ")}`;
  });
}

function titleOf(workflow: Workflow, path: string): string {
  const id = /^nodes(?:\.([^.[]+)|\["([^"]+)"\])/.exec(path);
  const node = workflow[id?.[1] ?? id?.[2] ?? ""];
  const title = node ? nodeTitle(node) : undefined;
  return title ? ` "${title}"` : "";
}
