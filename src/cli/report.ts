/** cr-report: flags → ReportOptions; the work is in commands/report. */
import { Option, type Command } from "commander";
import { createProgram, parsePositiveInt } from "./program.js";
import { addTargetFlags, targetOptions, type TargetFlags } from "./target-flags.js";
import type { MainContext } from "./main.js";
import type { ReportOptions } from "../commands/report/index.js";

interface ReportFlags extends TargetFlags {
  top: number;
  json: boolean;
}

export function reportProgram(): Command {
  return addTargetFlags(
    createProgram("cr-report", "Say which parameters of a finished sweep matter, beyond seed noise, and which runs are best.").argument(
      "<batch-dir...>",
      "batch folders written by cr-batch or cr-shots; several of the same workflow are merged",
    ),
    "what to explain: stars (ratings.json), pairwise (compare mode's Bradley–Terry ranking), judge or judge:<rating> (cr-score --judge), score:<value> (score:-<value> when lower is better), or a weighted sum like score:flicker+0.5*score:-blur, each term standardised (default: stars when any run is rated)",
  )
    .addOption(new Option("--top <n>", "how many best runs to list").argParser(parsePositiveInt).default(5))
    .option("--json", "print the whole report as one JSON object on stdout", false)
    .addHelpText(
      "after",
      `
Unrated runs are left out (a rejected run counts as 0 stars); seeds are noise, never a parameter.

Examples:
  cr-report output/batch_2026-11-24_22-00-00
  cr-report output/batch_a output/batch_b --target score:-blur --top 10
  cr-report output/batch_a --json | jq '.effects[] | {name, share, withinNoise}'

Exit codes: 0 success · 2 bad input (not a batch folder, unknown target)`,
    );
}

/** argv → the options of report() (flag errors throw commander's error: exit 2). */
export function parseReportArgs(argv: readonly string[]): ReportOptions {
  const program = reportProgram();
  program.parse([...argv], { from: "user" });
  const flags = program.opts<ReportFlags>();
  const [batchDirs] = program.processedArgs as [string[]];
  return {
    batchDirs,
    ...targetOptions(flags),
    top: flags.top,
    json: flags.json,
  };
}

export async function main({ signal, argv }: MainContext): Promise<number> {
  const options = parseReportArgs(argv);
  const { createUi } = await import("../ui/ui.js");
  const ui = createUi({});
  const { report } = await import("../commands/report/index.js");
  await report(options, { ui, signal });
  return 0;
}
