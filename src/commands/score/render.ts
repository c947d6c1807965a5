/** One file's scores as lines for a terminal: what was measured, each value, the raised flags. */
import type { ChalkInstance } from "chalk";
import { raisedFlags } from "../../core/score/flags.js";
import type { JudgeResult } from "../../core/score/judge-types.js";
import type { Scores } from "../../core/score/types.js";
import { stripControl } from "../../core/text/strip-control.js";

export function renderScores(scores: Scores, c: ChalkInstance): string[] {
  if (scores.status === "failed") return [`${scores.file}: ${c.red("could not be scored")}: ${scores.reason}`];
  const m = scores.media;
  const media = [
    `${m.width}x${m.height}`,
    m.codec,
    ...(m.fps !== null ? [`${round(m.fps)} fps`] : []),
    ...(m.duration !== null ? [`${round(m.duration)} s`] : []),
  ];
  const values: Array<[string, unknown]> = Object.entries(scores.values);
  if (scores.kind === "video" && scores.fidelity) {
    for (const [end, f] of Object.entries(scores.fidelity)) if (f) values.push([`${end}_ssim`, f.ssim], [`${end}_psnr`, f.psnr]);
  }
  const width = Math.max(...values.map(([name]) => name.length));
  const flags = raisedFlags(scores.flags);
  return [
    `${c.bold(scores.file)} · ${scores.kind} ${media.join(" · ")} · ffmpeg ${scores.ffmpeg}`,
    ...values.map(([name, value]) => `  ${name.padEnd(width)}  ${format(value)}`),
    ...scores.warnings.map((w) => c.yellow(`  ! ${w}`)),
    flags.length > 0 ? `Flags: ${c.yellow(flags.join(", "))}` : `Flags: ${c.green("none")}`,
  ];
}

function round(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}

function format(value: unknown): string {
  if (value === null) return "n/a";
  return typeof value === "number" ? round(value) : String(value);
}

/** The judge's ratings (or why there are none) and its one-line summary. */
export function renderVerdict(verdict: JudgeResult, c: ChalkInstance): string[] {
  if (verdict.status === "failed") return [`Judge: ${c.red("no verdict")}: ${verdict.reason}`];
  const ratings = Object.entries(verdict.ratings).map(([name, value]) => `${name} ${round(value)}`);
  return [
    `Judge (${verdict.model}${verdict.cached ? ", cached" : ""}, ${verdict.tokens.total} tokens): ${ratings.join(" · ")}`,
    ...(verdict.summary ? [`  ${stripControl(verdict.summary)}`] : []),
  ];
}
