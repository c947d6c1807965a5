/**
 * Checks a config against the workflow it drives (and, when the caller has them, the server's
 * node definitions) before anything runs: every path must exist and be a literal input, and
 * every value must be one the input accepts. All problems are reported together.
 */
import type { NodeDefs } from "../comfy/object-info.js";
import { UserError } from "../errors.js";
import { describeNode, getInput, isLink, type Workflow } from "../workflow/model.js";
import { formatPath, type InputPath } from "../workflow/paths.js";
import { checkAgainstCurrentValue, checkAgainstSpec } from "./input-checks.js";
import { IssueList } from "./issues.js";
import type { ConfigPath } from "./source.js";
import type { BatchConfig } from "./types.js";

export interface WorkflowCheck {
  /** Things worth telling but not fatal (e.g. a node class the server does not list). */
  readonly warnings: string[];
}

/**
 * `partialDefs`: the definitions cover only common nodes (the built-in table), so a missing class says nothing.
 * `defsSource`: where the definitions come from, named in warnings ("The server", or the --object-info file).
 */
export function validateAgainstWorkflow(
  config: BatchConfig,
  workflow: Workflow,
  defs?: NodeDefs,
  options: { partialDefs?: boolean; defsSource?: string } = {},
): WorkflowCheck {
  const issues = new IssueList({ file: config.file, locate: (at, which) => config.locate(at, which) });
  const warnings: string[] = [];
  const unknownClasses = new Set<string>();
  for (const parameter of config.parameters) {
    for (const path of parameter.paths) {
      const problem = literalInputProblem(workflow, path);
      if (problem !== undefined) {
        issues.add(parameter.at, problem, "key");
        continue;
      }
      const node = workflow[path.node];
      const spec = defs && node ? defs.get(node.class_type)?.inputs.get(path.input) : undefined;
      if (defs && node && !defs.has(node.class_type)) unknownClasses.add(`${node.class_type} (node ${path.node})`);
      const problems = spec ? checkAgainstSpec(parameter, spec) : checkAgainstCurrentValue(parameter, getInput(workflow, path));
      // The built-in table lists core options only; custom node packs add samplers and schedulers,
      // so there a choice it does not know is a warning. The server's own list is checked before a batch.
      const soft = options.partialDefs === true && spec?.kind === "COMBO" && parameter.type === "values";
      for (const text of problems) {
        if (soft)
          warnings.push(
            `${config.locate(parameter.at)}: ${formatPath(path)}: ${text} (not a core ComfyUI option; fine if a custom node adds it, the server's list is checked when the batch starts)`,
          );
        else issues.add(parameter.at, `${formatPath(path)}: ${text}`, "key");
      }
    }
  }
  if (config.shots) checkShotTargets(config, workflow, issues);
  if (unknownClasses.size > 0 && !options.partialDefs) {
    warnings.push(
      `${options.defsSource ?? "The server"} does not list ${[...unknownClasses].join(", ")}; values for those nodes were only checked against the workflow.`,
    );
  }
  issues.throwIfAny("config (checked against the workflow)");
  return { warnings };
}

/** Why a path cannot be written (missing node or input, or a link), or undefined when it can. */
export function literalInputProblem(workflow: Workflow, path: InputPath): string | undefined {
  try {
    const value = getInput(workflow, path);
    if (isLink(value)) {
      return `${formatPath(path)} is a link from node ${String(value[0])}, not a value that can be set; point at a literal input (of ${describeNode(workflow, String(value[0]))}, for instance)`;
    }
    return undefined;
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return error.hint ? `${error.message} ${error.hint}` : error.message;
  }
}

function checkShotTargets(config: BatchConfig, workflow: Workflow, issues: IssueList): void {
  const inject = config.shots?.inject;
  if (!inject) return;
  const targets: [ConfigPath, readonly InputPath[]][] = [
    [["shots", "inject", "prompt"], inject.prompt],
    [["shots", "inject", "negative"], inject.negative],
    [["shots", "inject", "first_frame"], inject.firstFrame],
    [["shots", "inject", "last_frame"], inject.lastFrame],
  ];
  for (const [at, paths] of targets) {
    for (const path of paths) {
      const problem = literalInputProblem(workflow, path);
      if (problem !== undefined) issues.add(at, problem);
    }
  }
}
