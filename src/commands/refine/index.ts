/**
 * cr-refine: the next night's config from this night's results. Starts from the parent batch's
 * config snapshot and edits it (yaml-edit.ts): parameters within seed noise fixed at their best
 * value, the ranges that matter narrowed around the best runs, levels that cannot win dropped,
 * provenance (derived_from, a new plan seed) and the history that orders the next plan added.
 * The result is checked with the config loader before it is written, atomically.
 */
import { mkdir, stat } from "node:fs/promises";
import path from "node:path";
import { createHash } from "node:crypto";
import type { RefineDecision } from "../../core/analysis/refine.js";
import type { NodeDefs } from "../../core/comfy/object-info.js";
import { readObjectInfoFile } from "../../core/comfy/object-info-file.js";
import { parseConfigText, type Parameter } from "../../core/config/index.js";
import { UserError } from "../../core/errors.js";
import { writeFileAtomic } from "../../core/fs/atomic.js";
import { builtinNodeDefs } from "../../core/nodes/builtin-defs.js";
import { datasetEffects, loadResults } from "../../core/results/load.js";
import { BatchReader, batchPaths, type Fingerprint } from "../../core/store/index.js";
import { parseWorkflowText } from "../../core/workflow/load.js";
import type { Workflow } from "../../core/workflow/model.js";
import { oneLine } from "../../ui/sanitize.js";
import type { CommandContext } from "../context.js";
import { decide, type Limits } from "./decide.js";
import { configFolderOf, rebase, relativeFrom, sameFile } from "./paths.js";
import { applyDecisions, getText, parseConfigDocument, prependComment, replaceIn, setTopLevel, type ConfigDocument } from "./yaml-edit.js";

export const REFINE_STRATEGIES = ["sobol", "tpe"] as const;

export interface RefineOptions {
  readonly batchDirs: readonly string[];
  readonly output: string;
  readonly target?: string | undefined;
  readonly excludeFlagged?: boolean | undefined;
  /** Default: the parent's sampling_strategy. */
  readonly strategy?: (typeof REFINE_STRATEGIES)[number] | undefined;
  /** num_samples of the new config (default: the parent's). */
  readonly runs?: number | undefined;
  readonly force: boolean;
  /** Node limits from a saved /object_info (default: the built-in table of core nodes). */
  readonly objectInfoFile?: string | undefined;
}

export interface RefineResult {
  readonly file: string;
  readonly target: string;
  readonly seed: number;
  readonly decisions: readonly RefineDecision[];
}

/** Paths in the config that are relative to its folder (workflow_file is handled on its own). */
const RELATIVE_PATHS: readonly (readonly string[])[] = [
  ["output", "base_dir"],
  ["shots", "directory"],
  ["shots", "comfyui_input_path"],
  ["comfyui", "output_dir"],
];

async function exists(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined)) !== undefined;
}

function limitsFor(workflow: Workflow, defs: NodeDefs): (parameter: Parameter) => Limits | undefined {
  return (parameter) => {
    let min: number | undefined;
    let max: number | undefined;
    for (const at of parameter.paths) {
      const spec = defs.get(workflow[at.node]?.class_type ?? "")?.inputs.get(at.input);
      if (spec?.min !== undefined) min = Math.max(min ?? Number.NEGATIVE_INFINITY, Number(spec.min));
      if (spec?.max !== undefined) max = Math.min(max ?? Number.POSITIVE_INFINITY, Number(spec.max));
    }
    return min === undefined && max === undefined ? undefined : { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
  };
}

/** A plan seed that differs from the parents' yet is the same for the same parents and choices. */
function derivedSeed(parents: readonly (Fingerprint | undefined)[], target: string, strategy: string): number {
  const hash = createHash("sha256");
  for (const p of parents) hash.update(`${p?.config ?? "?"}/${p?.workflow ?? "?"};`);
  hash.update(`${target};${strategy}`);
  return Number.parseInt(hash.digest("hex").slice(0, 13), 16);
}

function summary(decision: RefineDecision): string {
  switch (decision.action) {
    case "fix":
      return `fixed at ${String(decision.value)}`;
    case "range":
      return `narrowed to ${decision.min}–${decision.max}`;
    case "levels":
      return `levels ${decision.values.join(", ")}`;
    case "keep":
      return "kept";
  }
}

async function rewritePaths(
  doc: ConfigDocument,
  parentDir: string,
  origin: string | undefined,
  outDir: string,
  workflowSha: string | undefined,
  cwd: string,
): Promise<void> {
  const from = origin ?? cwd;
  const workflowText = getText(doc, ["workflow_file"]);
  if (workflowText !== undefined) {
    const original = origin === undefined ? undefined : path.resolve(origin, workflowText);
    if (original !== undefined && (await sameFile(original, workflowSha))) doc.set("workflow_file", rebase(workflowText, origin!, outDir));
    else
      setTopLevel(
        doc,
        "workflow_file",
        relativeFrom(outDir, batchPaths(parentDir).workflow),
        "cr-refine: the batch's own copy of the workflow (the original file was not found unchanged)",
      );
  }
  for (const at of RELATIVE_PATHS) {
    const text = getText(doc, at);
    if (text === undefined) continue;
    // The parent batch lies in base_dir, so base_dir is known exactly even when the config's folder is not.
    const isBaseDir = at[0] === "output" && at[1] === "base_dir";
    replaceIn(
      doc,
      at,
      isBaseDir && !path.isAbsolute(text) && !text.startsWith("~") ? relativeFrom(outDir, path.dirname(parentDir)) : rebase(text, from, outDir),
    );
  }
}

export async function refine(options: RefineOptions, ctx: CommandContext): Promise<RefineResult> {
  const cwd = ctx.cwd ?? process.cwd();
  const out = path.resolve(cwd, options.output);
  if (!options.force && (await exists(out)))
    throw new UserError(`${options.output} already exists.`, { hint: "Name another file with -o, or pass --force to replace it." });
  const dirs = options.batchDirs.map((d) => path.resolve(cwd, d));
  const { read, data } = await loadResults(dirs, options);
  if (data.rows.length < 2)
    throw new UserError(`Only ${data.rows.length} run has ${data.target}: nothing to refine from.`, { hint: "Rate or score more runs of the batch first." });
  const effects = datasetEffects(data);

  // The newest night (the last folder named) gives the config to start from.
  const parentDir = dirs[dirs.length - 1]!;
  const parent = new BatchReader(parentDir);
  const snapshotFile = batchPaths(parentDir).config;
  const text = await parent.configSnapshot();
  if (text.trim() === "") throw new UserError(`${snapshotFile} is missing or empty, so there is no config to refine.`);
  const doc = parseConfigDocument(text);
  if (doc.errors.length > 0) throw new UserError(`${snapshotFile}: ${doc.errors[0]!.message}`);
  const origin = configFolderOf(parentDir, getText(doc, ["output", "base_dir"]) ?? "output");
  const config = parseConfigText(text, snapshotFile);
  const workflow = parseWorkflowText(await parent.workflowSnapshot(), batchPaths(parentDir).workflow);
  const defs = options.objectInfoFile !== undefined ? await readObjectInfoFile(options.objectInfoFile) : builtinNodeDefs();

  const decisions = decide(config.parameters, data, effects, limitsFor(workflow, defs));
  applyDecisions(doc, decisions);
  const parents = await Promise.all(dirs.map((d) => new BatchReader(d).fingerprint()));
  const outDir = path.dirname(out);
  await rewritePaths(doc, parentDir, origin, outDir, parents[parents.length - 1]?.workflow, cwd);

  const strategy = options.strategy ?? config.strategy;
  if (options.strategy !== undefined)
    setTopLevel(doc, "sampling_strategy", options.strategy, strategy === "tpe" ? "cr-refine: proposes points where the history scored well" : undefined);
  if (options.runs !== undefined) setTopLevel(doc, "num_samples", options.runs);
  const earlier = (doc.getIn(["history"]) as { toJSON?: () => unknown } | undefined)?.toJSON?.();
  const earlierDirs = Array.isArray(earlier) ? earlier.filter((e): e is string => typeof e === "string").map((e) => path.resolve(origin ?? cwd, e)) : [];
  const history = [...new Set([...earlierDirs, ...dirs])].map((d) => relativeFrom(outDir, d));
  setTopLevel(doc, "history", history, "cr-refine: batches whose scored runs guide the plan (its points run most promising first)");
  setTopLevel(doc, "target", data.target, "cr-refine: what is better in the history (as cr-report --target)");
  setTopLevel(
    doc,
    "derived_from",
    dirs.map((d, i) => ({ batch: relativeFrom(outDir, d), config: parents[i]?.config ?? "unknown", workflow: parents[i]?.workflow ?? "unknown" })),
    "cr-refine: the parent batches and their plan fingerprints",
  );
  const seed = derivedSeed(parents, data.target, strategy);
  setTopLevel(doc, "seed", seed, "cr-refine: a new plan seed");
  prependComment(
    doc,
    ` Refined by cr-refine from ${read.batches.join(", ")} on ${data.target} (${data.rows.length} runs; noise: ${effects.noise.source === "seeds" ? "seed replicates" : "model residual"}).\n The comments starting with cr-refine: say what changed and why.`,
  );
  const outText = doc.toString({ lineWidth: 0 });
  // What is written must load as it is: the same loader cr-batch uses.
  parseConfigText(outText, out);
  await mkdir(outDir, { recursive: true });
  await writeFileAtomic(out, outText, { overwrite: options.force }).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === "EEXIST")
      throw new UserError(`${options.output} already exists.`, { hint: "Name another file with -o, or pass --force to replace it." });
    throw error;
  });
  for (const note of read.notes) ctx.ui.info(oneLine(note));
  for (const problem of read.problems) ctx.ui.warn(oneLine(problem));
  for (const d of decisions) ctx.ui.line(`  ${oneLine(d.name)}: ${oneLine(summary(d))}`);
  ctx.ui.info(`Wrote ${options.output} (${strategy}, seed ${seed}); try it with cr-batch ${options.output} --dry-run`);
  return { file: out, target: data.target, seed, decisions };
}
