import { ServerError } from "../../core/errors.js";
import { scoringAvailable } from "../../core/score/score-files.js";

/** cr-score measures with ffmpeg and ffprobe: without them it stops with exit 3 (a missing tool, like a missing server). */
export async function requireFfmpeg(): Promise<string> {
  const available = await scoringAvailable();
  if (typeof available === "string")
    throw new ServerError(`Cannot score: ${available}.`, {
      hint: "Install ffmpeg (it includes ffprobe), e.g. apt-get install ffmpeg, and make sure it is on PATH.",
    });
  return available.ffmpeg;
}
