/** cr-batch: flags → options; the work is in commands/batch. */
import { InvalidArgumentError, Option } from "commander";
import { runMain } from "./main.js";
import { addServerOptions, createProgram, parseDurationSeconds, resolveServers } from "./program.js";
import { createUi } from "../ui/ui.js";

interface BatchFlags {
  server?: string[];
  header: string[];
  dryRun: boolean;
  json: boolean;
  yes: boolean;
  seed?: number;
  objectInfo?: string;
  runTime?: number;
  runSize?: number;
  resume?: string;
  new: boolean;
  force: boolean;
  retryFailed: boolean;
  extend: boolean;
  skipModelCheck: boolean;
}

function parseSeed(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError("expected a whole number from 0 to 2^53-1");
  return n;
}

function parseSize(value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB)?$/i.exec(value.trim());
  if (!match) throw new InvalidArgumentError("expected a size such as 800KB, 30MB or 1.5GB");
  const power = ["B", "KB", "MB", "GB", "TB"].indexOf((match[2] ?? "B").toUpperCase());
  return Number(match[1]) * 1024 ** power;
}

await runMain(async ({ signal, argv }) => {
  const program = addServerOptions(
    createProgram("cr-batch", "Run a parameter sweep over a ComfyUI workflow from a YAML config.").argument("<config.yaml>", "the batch config"),
    { multiple: true },
  )
    .option("--dry-run", "check the config and show the plan; write and queue nothing", false)
    .option("--resume <dir>", "continue this batch folder (relative to the current directory)")
    .option("--new", "start a new batch even if an unfinished one with the same config exists", false)
    .option("--force", "resume even though the config or workflow changed since the batch began", false)
    .option("--retry-failed", "run the failed runs of the resumed batch again", false)
    .option("--extend", "sobol only: add the next block of design points (n → 2n) to the resumed batch", false)
    .option("--skip-model-check", "do not stop when a server lacks a model file the workflow names", false)
    .option("--json", "NDJSON events (with --dry-run: the plan as one JSON object)", false)
    .option("-y, --yes", "allow a grid of more than 10,000 points", false)
    .addOption(new Option("--seed <n>", "master seed of the plan (overrides seed: in the config)").argParser(parseSeed))
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
  cr-batch sweep.yaml --dry-run
  cr-batch sweep.yaml --dry-run --seed 42 --object-info object_info.json
  cr-batch sweep.yaml --dry-run --json --server 127.0.0.1:8188

Exit codes: 0 success · 1 a run failed · 2 bad input · 3 server unreachable · 130 cancelled`,
    );
  program.parse([...argv], { from: "user" });
  const flags = program.opts<BatchFlags>();
  const [configFile] = program.processedArgs as [string];
  const ui = createUi({ json: flags.json });
  if (flags.dryRun) {
    const [server] = flags.server && flags.server.length > 0 ? resolveServers(flags.server, [], flags.header) : [];
    const { dryRun } = await import("../commands/batch/dry-run.js");
    await dryRun(
      {
        configFile,
        json: flags.json,
        allowLarge: flags.yes,
        ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
        ...(flags.objectInfo !== undefined ? { objectInfoFile: flags.objectInfo } : {}),
        ...(server ? { server } : {}),
        estimate: { ...(flags.runTime !== undefined ? { secondsPerRun: flags.runTime } : {}), ...(flags.runSize !== undefined ? { bytesPerRun: flags.runSize } : {}) },
      },
      { ui, signal },
    );
    return 0;
  }
  const { batch } = await import("../commands/batch/execute-batch.js");
  return batch(
    {
      configFile,
      servers: flags.server ?? [],
      headers: flags.header,
      allowLarge: flags.yes,
      ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
      ...(flags.resume !== undefined ? { resumeDir: flags.resume } : {}),
      forceNew: flags.new,
      force: flags.force,
      retryFailed: flags.retryFailed,
      extend: flags.extend,
      skipModelCheck: flags.skipModelCheck,
    },
    { ui, signal },
  );
});
