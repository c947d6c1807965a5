/**
 * A full decode of each shot image with ffmpeg, when it is installed: a header can be intact
 * while the pixel data is truncated, and ComfyUI would only fail on it at 3 a.m.
 */
import { execa } from "execa";
import path from "node:path";
import type { Shot } from "../../core/shots/discover.js";

/** Problems as "<shot>: <file> …" lines; undefined when ffmpeg is not available. */
export async function decodeProblems(shots: readonly Shot[]): Promise<string[] | undefined> {
  const available = await execa("ffmpeg", ["-version"], { reject: false }).then(
    (r) => r.exitCode === 0,
    () => false,
  );
  if (!available) return undefined;
  const problems: string[] = [];
  for (const shot of shots) {
    for (const image of [shot.firstFrame, shot.lastFrame]) {
      if (!image) continue;
      const result = await execa("ffmpeg", ["-v", "error", "-xerror", "-i", image.file, "-frames:v", "1", "-f", "null", "-"], { reject: false });
      if (result.exitCode !== 0 || result.stderr.trim() !== "") {
        const why = result.stderr.trim().split("\n")[0] ?? `ffmpeg exited with ${result.exitCode}`;
        problems.push(`${shot.name}: ${path.basename(image.file)} does not decode (${why})`);
      }
    }
  }
  return problems;
}
