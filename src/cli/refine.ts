/** cr-refine: flags → RefineOptions; the work is in commands/refine. */
import { Option, type Command } from "commander";
import { createProgram, parsePositiveInt } from "./program.js";
import { addTargetFlags, targetOptions, type TargetFlags } from "./target-flags.js";
import type { MainContext } from "./main.js";
import type { RefineOptions } from "../commands/refine/index.js";

interface RefineFlags extends TargetFlags {
  output: string;
  strategy?: "sobol" | "tpe";
  runs?: number;
  force: boolean;
  objectInfo?: string;
}

export function refineProgram(): Command {
  return addTargetFlags(
    createProgram("cr-refine", "Write the next night's config from a finished sweep: fix what is noise, narrow what matters, keep your comments.").argument(
      "<batch-dir...>",
      "batch folders written by cr-batch or cr-shots; the config of the last one is the starting point",
    ),
    "what is better: stars, pairwise, judge[:<rating>], score:<value> (score:-<value> when lower is better) or a weighted sum like score:flicker+0.5*score:-blur (default: stars when any run is rated)",
  )
    .requiredOption("-o, --output <file>", "the config file to write (never replaced without --force)")
    .addOption(new Option("--strategy <strategy>", "sampling_strategy of the new config (default: the parent's)").choices(["sobol", "tpe"]))
    .addOption(new Option("--runs <n>", "num_samples of the new config (default: the parent's)").argParser(parsePositiveInt))
    .option("--force", "replace the output file if it exists", false)
    .option("--object-info <file>", "a saved /object_info reply: the nodes' limits for narrowed ranges (default: the built-in core nodes)")
    .addHelpText(
      "after",
      `
The new config starts from the batch's own copy of its config: your comments and other keys stay;
each change has a comment starting with "cr-refine:" that gives the evidence. It names the parent
batches under derived_from:, and under history: the batches whose scores order the next plan
(most promising first) or, with --strategy tpe, propose its points.

Examples:
  cr-refine output/batch_2026-11-24_22-00-00 -o next.yaml
  cr-refine output/batch_a output/batch_b --target score:-blur --strategy tpe --runs 16 -o night3.yaml
  cr-batch next.yaml --dry-run

Exit codes: 0 written · 2 bad input (not a batch folder, unknown target, output exists)`,
    );
}

/** argv → the options of refine() (flag errors throw commander's error: exit 2). */
export function parseRefineArgs(argv: readonly string[]): RefineOptions {
  const program = refineProgram();
  program.parse([...argv], { from: "user" });
  const flags = program.opts<RefineFlags>();
  const [batchDirs] = program.processedArgs as [string[]];
  return {
    batchDirs,
    output: flags.output,
    ...targetOptions(flags),
    ...(flags.strategy !== undefined ? { strategy: flags.strategy } : {}),
    ...(flags.runs !== undefined ? { runs: flags.runs } : {}),
    force: flags.force,
    ...(flags.objectInfo !== undefined ? { objectInfoFile: flags.objectInfo } : {}),
  };
}

export async function main({ signal, argv }: MainContext): Promise<number> {
  const options = parseRefineArgs(argv);
  const { createUi } = await import("../ui/ui.js");
  const ui = createUi({});
  const { refine } = await import("../commands/refine/index.js");
  await refine(options, { ui, signal });
  return 0;
}
