/** cr-shots: flags → options; the work is in commands/shots. */
import { InvalidArgumentError, Option } from "commander";
import { runMain } from "./main.js";
import { addServerOptions, collect, createProgram } from "./program.js";
import { createUi } from "../ui/ui.js";

interface ShotsFlags {
  server?: string[];
  header: string[];
  only: string[];
  skipIncomplete: boolean;
  order?: "shot-major" | "point-major";
  json: boolean;
  yes: boolean;
  seed?: number;
  resume?: string;
  new: boolean;
  force: boolean;
  retryFailed: boolean;
  extend: boolean;
  skipModelCheck: boolean;
  dryRun: boolean;
}

function parseSeed(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError("expected a whole number from 0 to 2^53-1");
  return n;
}

await runMain(async ({ signal, argv }) => {
  const program = addServerOptions(
    createProgram("cr-shots", "Run one parameter sweep over several shots (scenes), each with its own prompt and first/last frames.").argument("<config.yaml>", "a batch config with a shots: section"),
    { multiple: true },
  )
    .addOption(new Option("--only <shot>", "run only this shot; repeatable (overrides shots.only)").argParser(collect).default([]))
    .option("--dry-run", "check the config, the shots and their images, and show the plan; upload and queue nothing", false)
    .option("--skip-incomplete", "run the complete shots even if some lack files", false)
    .addOption(new Option("--order <order>", "shot-major (one shot after the other) or point-major (each design point across all shots first)").choices(["shot-major", "point-major"]))
    .option("--resume <dir>", "continue this shots batch folder (relative to the current directory)")
    .option("--new", "start a new batch even if an unfinished one with the same config exists", false)
    .option("--force", "resume even though the config or workflow changed", false)
    .option("--retry-failed", "run the failed runs again", false)
    .option("--extend", "sobol only: add the next block of design points", false)
    .option("--skip-model-check", "do not stop when a server lacks a model file", false)
    .option("-y, --yes", "allow a grid of more than 10,000 points", false)
    .addOption(new Option("--seed <n>", "master seed of the plan").argParser(parseSeed))
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

Exit codes: 0 success · 1 a run failed · 2 bad input · 3 server unreachable · 130 cancelled`,
    );
  program.parse([...argv], { from: "user" });
  const flags = program.opts<ShotsFlags>();
  const [configFile] = program.processedArgs as [string];
  const ui = createUi({ json: flags.json });
  const { shots } = await import("../commands/shots/index.js");
  return shots(
    {
      configFile,
      servers: flags.server ?? [],
      headers: flags.header,
      only: flags.only,
      skipIncomplete: flags.skipIncomplete,
      ...(flags.order ? { order: flags.order } : {}),
      allowLarge: flags.yes,
      ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
      ...(flags.resume !== undefined ? { resumeDir: flags.resume } : {}),
      forceNew: flags.new,
      force: flags.force,
      retryFailed: flags.retryFailed,
      extend: flags.extend,
      skipModelCheck: flags.skipModelCheck,
      dryRun: flags.dryRun,
    },
    { ui, signal },
  );
});
