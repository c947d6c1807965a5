/** cr-batch: flags → options; the work is in commands/batch. */
import { InvalidArgumentError, Option, type Command } from "commander";
import type { MainContext } from "./main.js";
import { addServerOptions, createProgram, parseDurationSeconds, resolveServers } from "./program.js";
import { addSweepOptions, sweepOptions, type SweepFlagValues } from "./sweep-options.js";
import { timeBoxFlag } from "./time-box-flags.js";
import type { DryRunOptions } from "../commands/batch/dry-run.js";
import type { BatchOptions } from "../commands/batch/execute-batch.js";

interface BatchFlags extends SweepFlagValues {
  dryRun: boolean;
  objectInfo?: string;
  runTime?: number;
  runSize?: number;
}

function parseSize(value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB)?$/i.exec(value.trim());
  if (!match) throw new InvalidArgumentError("expected a size such as 800KB, 30MB or 1.5GB");
  const power = ["B", "KB", "MB", "GB", "TB"].indexOf((match[2] ?? "B").toUpperCase());
  return Number(match[1]) * 1024 ** power;
}

export function batchProgram(): Command {
  return addSweepOptions(
    addServerOptions(
      createProgram("cr-batch", "Run a parameter sweep over a ComfyUI workflow from a YAML config.").argument("<config.yaml>", "the batch config"),
      { multiple: true },
    ),
  )
    .option("--dry-run", "check the config and show the plan; write and queue nothing", false)
    .option("--json", "NDJSON events (with --dry-run: the plan as one JSON object)", false)
    .option("--object-info <file>", "a saved /object_info reply to check values against (no server needed)")
    .addOption(new Option("--run-time <duration>", "with --dry-run: time one run takes, for an estimate (e.g. 5m)").argParser(parseDurationSeconds))
    .addOption(new Option("--run-size <size>", "with --dry-run: disk one run uses, for an estimate (e.g. 30MB)").argParser(parseSize))
    .addHelpText(
      "after",
      `
Examples:
  cr-batch sweep.yaml                       run (or resume) the sweep on the config's server
  cr-batch sweep.yaml --server gpu1:8188 --server gpu2:8188
  cr-batch sweep.yaml --resume output/batch_2026-11-24_22-00-00 --retry-failed
  cr-batch sweep.yaml --until 07:00          overnight, done by 07:00 (or --budget 8h)
  cr-batch sweep.yaml --dry-run
  cr-batch sweep.yaml --dry-run --seed 42 --object-info object_info.json
  cr-batch sweep.yaml --dry-run --json --server 127.0.0.1:8188

Time box: --until/--budget stop sending runs that would not finish in time; the summary
says how many are left and the --resume command to continue (exit 0).

Exit codes: 0 success (also when the time box stopped it) · 1 a run failed · 2 bad input · 3 server unreachable · 130 cancelled`,
    );
}

export type BatchArgs = { readonly json: boolean } & (
  | { readonly dryRun: true; readonly options: DryRunOptions }
  | { readonly dryRun: false; readonly options: BatchOptions }
);

/** argv → what to run: the dry run or the batch (flag errors throw commander's error: exit 2). */
export function parseBatchArgs(argv: readonly string[]): BatchArgs {
  const program = batchProgram();
  program.parse([...argv], { from: "user" });
  const flags = program.opts<BatchFlags>();
  const [configFile] = program.processedArgs as [string];
  if (!flags.dryRun) return { json: flags.json, dryRun: false, options: sweepOptions(configFile, flags) };
  const [server] = flags.server && flags.server.length > 0 ? resolveServers(flags.server, [], flags.header) : [];
  const timeBox = timeBoxFlag(flags);
  return {
    json: flags.json,
    dryRun: true,
    options: {
      configFile,
      json: flags.json,
      allowLarge: flags.yes,
      ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
      ...(flags.objectInfo !== undefined ? { objectInfoFile: flags.objectInfo } : {}),
      ...(server ? { server } : {}),
      ...(timeBox ? { timeBox } : {}),
      estimate: {
        ...(flags.runTime !== undefined ? { secondsPerRun: flags.runTime } : {}),
        ...(flags.runSize !== undefined ? { bytesPerRun: flags.runSize } : {}),
      },
    },
  };
}

export async function main({ signal, hangup, argv }: MainContext): Promise<number> {
  const args = parseBatchArgs(argv);
  const { createUi } = await import("../ui/ui.js");
  const ui = createUi({ json: args.json, hangup });
  if (args.dryRun) {
    const { dryRun } = await import("../commands/batch/dry-run.js");
    await dryRun(args.options, { ui, signal });
    return 0;
  }
  const { batch } = await import("../commands/batch/execute-batch.js");
  return batch(args.options, { ui, signal });
}
