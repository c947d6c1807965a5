/**
 * cr-score: measured quality checks (ffmpeg alone) for every completed run of a batch folder, or
 * for one video or image file.
 */
import { stat } from "node:fs/promises";
import { UserError } from "../../core/errors.js";
import { scoreFile } from "../../core/score/score-file.js";
import type { Scores } from "../../core/score/types.js";
import { signalOf, type CommandContext } from "../context.js";
import { scoreBatch, type BatchScoreSummary } from "./score-batch.js";
import { renderScores } from "./render.js";
import { requireFfmpeg } from "./tools.js";

export interface ScoreOptions {
  /** A batch folder or one video or image file. */
  readonly target: string;
  /** Re-score runs whose scores.json is up to date. */
  readonly force: boolean;
  /** Files decoded at once. */
  readonly jobs: number;
}

export type ScoreResult = { readonly kind: "batch"; readonly summary: BatchScoreSummary } | { readonly kind: "file"; readonly scores: Scores };

export async function score(options: ScoreOptions, ctx: CommandContext): Promise<ScoreResult> {
  const info = await stat(options.target).catch(() => undefined);
  if (!info)
    throw new UserError(`${options.target} does not exist.`, { hint: "Pass a batch folder written by cr-batch or cr-shots, or one video or image file." });
  if (info.isDirectory()) return { kind: "batch", summary: await scoreBatch(options.target, options, ctx) };
  if (!info.isFile()) throw new UserError(`${options.target} is neither a folder nor a regular file.`);
  await requireFfmpeg();
  const scores = await scoreFile(options.target, { signal: signalOf(ctx) });
  if (ctx.ui.mode === "json") (ctx.write ?? ((text: string) => void process.stdout.write(text)))(`${JSON.stringify(scores)}\n`);
  else for (const line of renderScores(scores, ctx.ui.c)) ctx.ui.line(line);
  return { kind: "file", scores };
}
