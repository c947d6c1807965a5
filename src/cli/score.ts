/** cr-score: flags → ScoreOptions; the work is in commands/score. */
import { availableParallelism } from "node:os";
import { Option, type Command } from "commander";
import { createProgram, parsePositiveInt } from "./program.js";
import type { MainContext } from "./main.js";
import type { ScoreOptions } from "../commands/score/index.js";

interface ScoreFlags {
  force: boolean;
  jobs?: number;
  json: boolean;
  config?: string;
  judge: boolean;
}

/** Half the cores, at least 1: scoring is CPU work and the machine usually does something else too. */
export function defaultJobs(): number {
  return Math.max(1, Math.floor(availableParallelism() / 2));
}

export function scoreProgram(): Command {
  return createProgram("cr-score", "Measure every completed run of a batch (frozen, black, flicker, static, cuts, blur…) with ffmpeg, or one video or image.")
    .argument("<batch-dir|file>", "a batch folder written by cr-batch or cr-shots, or one video or image file")
    .option("-f, --force", "re-score runs whose scores.json is up to date", false)
    .addOption(new Option("-j, --jobs <n>", "files scored at once (default: half the cores, at least 1)").argParser(parsePositiveInt))
    .option("-c, --config <file>", "take the scoring: block (thresholds, judge) from this config, e.g. the batch's own")
    .option("--judge", "also ask the judge of the config's scoring.judge (runs without a current verdict; needs --config)", false)
    .option("--json", "print NDJSON events (score_started, run_scored, run_judged, summary); for one file, its scores as one JSON object", false)
    .addHelpText(
      "after",
      `
Examples:
  cr-score output/batch_2026-11-24_22-00-00          score what is not scored yet
  cr-score output/batch_2026-11-24_22-00-00 --force -j 4
  cr-score clip.mp4 --json
  cr-score output/batch_2026-11-24_22-00-00 --config sweep.yaml --judge

Each run's scores go to runs/<run>/scores.json (docs/scoring.md); a run is scored again only when
its output changed (size or modification time) or with --force. Raised flags are results, not errors.

Exit codes: 0 done (also when flags were raised or a file could not be measured: see its scores.json)
            1 the one file given could not be scored · 2 bad input (missing path, not a batch folder)
            3 ffmpeg or ffprobe missing · 130 cancelled (Ctrl-C)`,
    );
}

/** argv → the options of score() (flag errors throw commander's error: exit 2). */
export function parseScoreArgs(argv: readonly string[]): { options: ScoreOptions; json: boolean } {
  const program = scoreProgram();
  program.parse([...argv], { from: "user" });
  const flags = program.opts<ScoreFlags>();
  const [target] = program.processedArgs as [string];
  return {
    json: flags.json,
    options: {
      target,
      force: flags.force,
      jobs: flags.jobs ?? defaultJobs(),
      judge: flags.judge,
      ...(flags.config !== undefined ? { configFile: flags.config } : {}),
    },
  };
}

export async function main({ signal, hangup, argv }: MainContext): Promise<number> {
  const { options, json } = parseScoreArgs(argv);
  const { createUi } = await import("../ui/ui.js");
  const ui = createUi({ json, hangup });
  const { score } = await import("../commands/score/index.js");
  const result = await score(options, { ui, signal });
  return result.kind === "file" && result.scores.status === "failed" ? 1 : 0;
}
