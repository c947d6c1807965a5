/** A run's scores (the store's lenient scores.json view) as the page data carries them. */
import type { LenientScores } from "../../core/store/index.js";
import type { PageJudge, PageScores } from "./page-data-types.js";

export function pageScores(scores: LenientScores): PageScores {
  const values: Record<string, number | null> = { ...scores.values };
  for (const end of ["first", "last"] as const) {
    const frame = scores.fidelity?.[end];
    if (frame?.ssim !== undefined) values[`${end}_ssim`] = frame.ssim;
    if (frame?.psnr !== undefined) values[`${end}_psnr`] = frame.psnr;
  }
  return {
    status: scores.status === "ok" ? "ok" : "failed",
    kind: scores.kind ?? null,
    reason: scores.reason ?? (scores.status === "ok" ? null : `status ${scores.status}`),
    values,
    flags: scores.flags,
    judge: scores.judge ? pageJudge(scores.judge) : null,
  };
}

function pageJudge(judge: NonNullable<LenientScores["judge"]>): PageJudge {
  const ratings: Record<string, number> = {};
  for (const [name, value] of Object.entries(judge.ratings)) if (value !== null) ratings[name] = value;
  return { model: judge.model ?? null, ratings, summary: judge.summary ?? null, reason: judge.reason ?? null };
}
