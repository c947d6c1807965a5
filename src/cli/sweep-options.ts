/** The flags cr-batch and cr-shots share: resume control, checks and the plan seed. */
import { InvalidArgumentError, Option, type Command } from "commander";
import { parseBudget, parseUntil, timeBoxFlag } from "./time-box-flags.js";

export interface SweepFlagValues {
  server?: string[];
  header: string[];
  json: boolean;
  yes: boolean;
  seed?: number;
  resume?: string;
  new: boolean;
  force: boolean;
  retryFailed: boolean;
  extend: boolean;
  skipModelCheck: boolean;
  allowDuplicates: boolean;
  /** --no-score sets it false. */
  score: boolean;
  until?: number;
  budget?: number;
}

export function parseSeed(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError("expected a whole number from 0 to 2^53-1");
  return n;
}

export function addSweepOptions(command: Command): Command {
  return command
    .option("--resume <dir>", "continue this batch folder (relative to the current directory)")
    .option("--new", "start a new batch even if an unfinished one with the same config exists", false)
    .option("--force", "resume even though the config or workflow changed since the batch began", false)
    .option("--retry-failed", "run the failed runs of the resumed batch again", false)
    .option("--extend", "sobol only: add the next block of design points (n → 2n) to the resumed batch", false)
    .option("--skip-model-check", "do not stop when a server lacks a model file the workflow names", false)
    .option("-y, --yes", "allow a grid of more than 10,000 points", false)
    .option("--allow-duplicates", "run seeds_per_sample copies even without a random_seed parameter (identical runs)", false)
    .option("--no-score", "do not score runs as they finish this time (the config's scoring: decides otherwise); cr-score can do it later")
    .addOption(new Option("--seed <n>", "master seed of the plan (overrides seed: in the config)").argParser(parseSeed))
    .addOption(
      new Option("--until <time>", "send no run that would finish after this time: 07:00 (the next one, local) or 2026-12-03T07:00").argParser((v) =>
        parseUntil(v),
      ),
    )
    .addOption(new Option("--budget <duration>", "send no run that would finish later than this from now: 90m, 8h, 1h30m").argParser(parseBudget));
}

/** Parsed flags → the options both sweep commands take. */
export function sweepOptions(configFile: string, flags: SweepFlagValues) {
  const timeBox = timeBoxFlag(flags);
  return {
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
    allowDuplicates: flags.allowDuplicates,
    ...(flags.score === false ? { score: false as const } : {}),
    ...(timeBox ? { timeBox } : {}),
  };
}
