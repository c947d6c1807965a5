/**
 * cr-score: measured quality checks (ffmpeg alone) for every completed run of a batch folder, or
 * for one video or image file.
 */
import { stat } from "node:fs/promises";
import { loadScoringBlock } from "../../core/config/scoring-block.js";
import { UserError } from "../../core/errors.js";
import type { ScoringSettings } from "../../core/score/config-schema.js";
import { createJudge, judgeOptionsFromConfig, type Judge } from "../../core/score/judge.js";
import type { JudgeResult } from "../../core/score/judge-types.js";
import { scoreFile } from "../../core/score/score-file.js";
import type { Scores } from "../../core/score/types.js";
import { signalOf, type CommandContext } from "../context.js";
import { scoreBatch, type BatchScoreSummary } from "./score-batch.js";
import { renderScores, renderVerdict } from "./render.js";
import { requireFfmpeg } from "./tools.js";

export interface ScoreOptions {
  /** A batch folder or one video or image file. */
  readonly target: string;
  /** Re-score runs whose scores.json is up to date. */
  readonly force: boolean;
  /** Files decoded at once. */
  readonly jobs: number;
  /** --config: a config whose scoring: block (thresholds, judge) applies; defaults without it. */
  readonly configFile?: string;
  /** --judge: also ask the judge of the scoring block (runs without a current verdict). */
  readonly judge?: boolean;
}

export type ScoreResult =
  | { readonly kind: "batch"; readonly summary: BatchScoreSummary }
  | { readonly kind: "file"; readonly scores: Scores; readonly judge?: JudgeResult };

export async function score(options: ScoreOptions, ctx: CommandContext): Promise<ScoreResult> {
  const info = await stat(options.target).catch(() => undefined);
  if (!info)
    throw new UserError(`${options.target} does not exist.`, { hint: "Pass a batch folder written by cr-batch or cr-shots, or one video or image file." });
  const scoring = options.configFile !== undefined ? await loadScoringBlock(options.configFile) : undefined;
  const judge = options.judge ? makeJudge(scoring) : undefined;
  const thresholds = scoring?.thresholds;
  if (info.isDirectory()) return { kind: "batch", summary: await scoreBatch(options.target, { ...options, thresholds, judge }, ctx) };
  if (!info.isFile()) throw new UserError(`${options.target} is neither a folder nor a regular file.`);
  await requireFfmpeg();
  const signal = signalOf(ctx);
  const scores = await scoreFile(options.target, { signal, ...(thresholds ? { thresholds } : {}) });
  const verdict = judge && scores.status === "ok" ? await judge.judge(options.target, signal) : undefined;
  if (ctx.ui.mode === "json")
    (ctx.write ?? ((text: string) => void process.stdout.write(text)))(`${JSON.stringify(verdict ? { ...scores, judge: verdict } : scores)}\n`);
  else for (const line of [...renderScores(scores, ctx.ui.c), ...(verdict ? renderVerdict(verdict, ctx.ui.c) : [])]) ctx.ui.line(line);
  return { kind: "file", scores, ...(verdict ? { judge: verdict } : {}) };
}

function makeJudge(scoring: ScoringSettings | undefined): Judge {
  if (!scoring?.judge)
    throw new UserError("--judge needs a judge: no scoring.judge block was given.", {
      hint: "Pass --config <file> whose scoring: block has judge: {url, model, api_key_env} (docs/scoring.md).",
    });
  return createJudge(judgeOptionsFromConfig(scoring.judge));
}
