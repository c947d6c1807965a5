/** N frames sampled evenly from a video (or the image itself) as JPEG bytes, for the judge. */
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { probeMedia } from "./probe.js";
import { inputArg, runTool, type ScoreTools } from "./tools.js";

/** Frame indices spread evenly over `total`, centred in each of `count` equal parts. */
export function evenFrameIndices(total: number, count: number): number[] {
  const n = Math.max(1, Math.min(count, total));
  const indices = Array.from({ length: n }, (_, i) => Math.min(total - 1, Math.floor(((i + 0.5) * total) / n)));
  return [...new Set(indices)];
}

export async function sampleJpegFrames(
  tools: ScoreTools,
  file: string,
  count: number,
  options: { maxSide: number; timeoutMs: number; signal?: AbortSignal | undefined },
): Promise<Buffer[] | string> {
  const media = await probeMedia(tools, file, options.timeoutMs, options.signal);
  if (typeof media === "string") return media;
  const total = media.kind === "image" ? 1 : (media.frames ?? Math.max(1, Math.round((media.duration ?? 0) * (media.fps ?? 0))));
  const picks = evenFrameIndices(total, count);
  const select = `select='${picks.map((i) => `eq(n\\,${i})`).join("+")}'`;
  const scale = `scale='if(gte(iw,ih),min(${options.maxSide},iw),-2)':'if(gte(iw,ih),-2,min(${options.maxSide},ih))'`;
  const dir = await mkdtemp(path.join(tmpdir(), "cr-judge-"));
  try {
    const args = [
      "-hide_banner",
      "-nostdin",
      "-loglevel",
      "error",
      "-i",
      inputArg(file),
      "-an",
      "-vf",
      `${select},${scale}`,
      "-fps_mode",
      "vfr",
      "-frames:v",
      String(picks.length),
      "-q:v",
      "4",
      "frame-%03d.jpg",
    ];
    const result = await runTool(tools.ffmpeg, args, { cwd: dir, timeoutMs: options.timeoutMs, signal: options.signal });
    const names = (await readdir(dir)).filter((name) => name.endsWith(".jpg")).sort();
    if (names.length === 0) return result.reason ?? "ffmpeg wrote no frames";
    return await Promise.all(names.map((name) => readFile(path.join(dir, name))));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
