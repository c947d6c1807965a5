/**
 * Shot data that no workflow input receives: a prompt.txt or frame files the run would
 * silently ignore. With a detected injection that is a mistake to stop on (exit 2), with the
 * shots.inject block to add; with an explicit shots.inject it was the user's choice (a warning).
 */
import path from "node:path";
import type { BatchConfig } from "../../core/config/index.js";
import { UserError } from "../../core/errors.js";
import type { Injection, ShotRole } from "../../core/shots/detect.js";
import type { Shot } from "../../core/shots/discover.js";
import { describeNode, type Workflow } from "../../core/workflow/model.js";
import { formatPath } from "../../core/workflow/paths.js";

interface Unreceived {
  readonly role: ShotRole;
  /** "prompt.txt in 2 shot(s)" */
  readonly found: string;
}

const ROLES: readonly { role: ShotRole; file: string; input: "text" | "image"; has: (shot: Shot) => boolean }[] = [
  { role: "prompt", file: "prompt.txt", input: "text", has: (s) => s.prompt !== undefined },
  { role: "negative", file: "negative.txt", input: "text", has: (s) => s.negative !== undefined },
  { role: "first_frame", file: "first_frame.*", input: "image", has: (s) => s.firstFrame !== undefined },
  { role: "last_frame", file: "last_frame.*", input: "image", has: (s) => s.lastFrame !== undefined },
];

const LOOKED_FOR: Record<"text" | "image", string> = {
  text: "prompt/negative: the text input of a text encoder linked to a sampler's positive/negative input",
  image: "first/last frame: a LoadImage node linked to a start_image/end_image input",
};

export function checkShotDataReceived(
  config: BatchConfig,
  workflow: Workflow,
  injection: Injection,
  shots: readonly Shot[],
  warn: (text: string) => void,
): void {
  const unreceived: Unreceived[] = [];
  for (const { role, file, has } of ROLES) {
    if (injection[role].length > 0) continue;
    const count = shots.filter(has).length;
    if (count > 0) unreceived.push({ role, found: `${file} in ${count} shot(s)` });
    else if (role === "negative" && config.shots?.negativePrompt !== undefined) unreceived.push({ role, found: "shots.negative_prompt in the config" });
  }
  if (unreceived.length === 0) return;
  const found = unreceived.map((u) => u.found).join(", ");
  if (config.shots?.injectGiven) {
    for (const u of unreceived) warn(`shots.inject has no ${u.role}: ${u.found} ${u.found.startsWith("shots.") ? "is" : "are"} not used by this workflow.`);
    return;
  }
  const kinds = [...new Set(unreceived.map((u) => (u.role === "prompt" || u.role === "negative" ? "text" : "image")))];
  const workflowName = path.basename(config.workflowFile);
  throw new UserError(`The shots have data that nothing in ${workflowName} receives: ${found}.`, {
    hint: [
      `Detection looked for ${kinds.map((k) => LOOKED_FOR[k]).join("; and for ")}, and found none for ${unreceived.map((u) => u.role).join(", ")}.`,
      "  Say where each goes with a shots.inject block in the config (a role left out of it is then ignored, with a warning):",
      ...injectSnippet(
        workflow,
        injection,
        unreceived.map((u) => u.role),
      ).map((line) => `    ${line}`),
    ].join("\n"),
  });
}

/**
 * A YAML block with the right shape. A given shots.inject replaces detection, so the roles
 * detection did find are listed too; for the others, a real path when exactly one node fits.
 */
function injectSnippet(workflow: Workflow, injection: Injection, unreceived: readonly ShotRole[]): string[] {
  const lines = ["shots:", "  inject:"];
  for (const { role } of ROLES) {
    const detected = injection[role];
    if (detected.length > 0) {
      lines.push(`    ${role}: ${detected.length === 1 ? detected[0] : `[${detected.join(", ")}]`}   # detected`);
      continue;
    }
    if (!unreceived.includes(role)) continue;
    const input = ROLES.find((r) => r.role === role)?.input ?? "text";
    const candidates = Object.keys(workflow).filter((id) => {
      const node = workflow[id];
      return node !== undefined && typeof node.inputs[input] === "string" && (input === "text" || /LoadImage/i.test(node.class_type));
    });
    const value = candidates.length === 1 ? formatPath({ node: candidates[0] as string, input }) : `nodes.<id>.inputs.${input}`;
    const shown =
      candidates
        .slice(0, 4)
        .map((id) => describeNode(workflow, id))
        .join(", ") + (candidates.length > 4 ? ", …" : "");
    const comment = candidates.length === 0 ? `no node with a literal ${input} input found` : `candidates: ${shown}`;
    lines.push(`    ${role}: ${value}   # ${comment}`);
  }
  return lines;
}
