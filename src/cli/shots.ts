/** cr-shots: flags → options; the work is in commands/shots. */
import { Option, type Command } from "commander";
import type { MainContext } from "./main.js";
import { addServerOptions, collect, createProgram } from "./program.js";
import { addSweepOptions, sweepOptions, type SweepFlagValues } from "./sweep-options.js";
import type { ShotsOptions } from "../commands/shots/index.js";

interface ShotsFlags extends SweepFlagValues {
  only: string[];
  skipIncomplete: boolean;
  order?: "shot-major" | "point-major";
  dryRun: boolean;
}

export function shotsProgram(): Command {
  return addSweepOptions(
    addServerOptions(
      createProgram("cr-shots", "Run one parameter sweep over several shots (scenes), each with its own prompt and first/last frames.").argument(
        "<config.yaml>",
        "a batch config with a shots: section",
      ),
      { multiple: true },
    ),
  )
    .addOption(new Option("--only <shot>", "run only this shot; repeatable (overrides shots.only)").argParser(collect).default([]))
    .option("--dry-run", "check the config, the shots and their images, and show the plan; upload and queue nothing", false)
    .option("--skip-incomplete", "run the complete shots even if some lack files", false)
    .addOption(
      new Option("--order <order>", "shot-major (one shot after the other) or point-major (each design point across all shots first)").choices([
        "shot-major",
        "point-major",
      ]),
    )
    .option("--json", "NDJSON events on stdout", false)
    .addHelpText(
      "after",
      `
Shots folder: shots/<name>/ with prompt.txt, first_frame.png|jpg|webp, last_frame.png|jpg|webp,
optional negative.txt and shot.yaml ("set: {nodes.67.inputs.length: 81}").
Images are uploaded with /upload/image, so the server can be remote.

Examples:
  cr-shots workflows/demo/flf2v_shots.yaml --dry-run
  cr-shots workflows/demo/flf2v_shots.yaml --server 127.0.0.1:8188
  cr-shots shots.yaml --only beach --only forest --order point-major
  cr-shots shots.yaml --resume output/batch_shots_2026-11-24_23-00-00
  cr-shots shots.yaml --budget 7h30m

Time box: --until/--budget stop sending runs that would not finish in time; the summary
says how many are left and the --resume command to continue (exit 0).

Exit codes: 0 success (also when the time box stopped it) · 1 a run failed · 2 bad input · 3 server unreachable · 130 cancelled`,
    );
}

/** argv → the options of shots() (flag errors throw commander's error: exit 2). */
export function parseShotsArgs(argv: readonly string[]): { options: ShotsOptions; json: boolean } {
  const program = shotsProgram();
  program.parse([...argv], { from: "user" });
  const flags = program.opts<ShotsFlags>();
  const [configFile] = program.processedArgs as [string];
  return {
    json: flags.json,
    options: {
      ...sweepOptions(configFile, flags),
      only: flags.only,
      skipIncomplete: flags.skipIncomplete,
      ...(flags.order ? { order: flags.order } : {}),
      dryRun: flags.dryRun,
    },
  };
}

export async function main({ signal, hangup, argv }: MainContext): Promise<number> {
  const { options, json } = parseShotsArgs(argv);
  const { createUi } = await import("../ui/ui.js");
  const ui = createUi({ json, hangup });
  const { shots } = await import("../commands/shots/index.js");
  return shots(options, { ui, signal });
}
