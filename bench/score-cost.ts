/**
 * What cr-score's measured checks cost: CPU seconds (user + system, GNU time) per second of
 * 720p video for the default checks' one decoding pass, side by side with a bare ffmpeg decode
 * of the same file, both on one thread. The clip is 5 s of 1280x720 at 16 fps (WAN 2.2's
 * rate), testsrc2 with light temporal grain, x264 CRF 20 (about 6 Mb/s, like a real render).
 * Target (issue 13): <= 0.5 CPU s per video second and <= 2x the plain decode.
 *
 *   npx tsc -p tsconfig.bench.json && node dist-bench/bench/run-all.js --only score-cost
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { videoCheckArgs } from "../src/core/score/score-file.js";
import { measureChild, median } from "./lib/measure.js";
import type { Bench, BenchContext, BenchResult } from "./lib/types.js";

const SECONDS = 5;
const ROUNDS = 3;
const TARGET_CPU_PER_SECOND = 0.5;
const TARGET_RATIO = 2;

async function makeClip(dir: string, signal: AbortSignal): Promise<string> {
  const file = path.join(dir, "clip-720p.mp4");
  const source = `testsrc2=s=1280x720:r=16:d=${SECONDS},noise=alls=4:allf=t`;
  await promisify(execFile)(
    "ffmpeg",
    [
      "-hide_banner",
      "-loglevel",
      "error",
      "-y",
      "-f",
      "lavfi",
      "-i",
      source,
      "-c:v",
      "libx264",
      "-preset",
      "veryfast",
      "-crf",
      "20",
      "-pix_fmt",
      "yuv420p",
      file,
    ],
    { signal },
  );
  return file;
}

async function cpuSeconds(args: string[], cwd: string, signal: AbortSignal): Promise<number> {
  const run = await measureChild("ffmpeg", args, { signal, cwd });
  if (run.exitCode !== 0) throw new Error(`ffmpeg exited with ${run.exitCode}: ${run.stderr.slice(0, 300)}`);
  if (run.cpuSeconds === undefined) throw new Error("GNU time (/usr/bin/time) is needed to read CPU seconds");
  return run.cpuSeconds;
}

async function run(context: BenchContext): Promise<BenchResult> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "bench-score-"));
  try {
    const clip = await makeClip(dir, context.signal);
    const decodeArgs = ["-hide_banner", "-nostdin", "-loglevel", "error", "-threads", "1", "-i", clip, "-an", "-f", "null", "-"];
    const decode: number[] = [];
    const checks: number[] = [];
    // Interleaved rounds, so a busy spell on the shared machine hits both sides alike.
    for (let round = 0; round < ROUNDS; round++) {
      decode.push(await cpuSeconds(decodeArgs, dir, context.signal));
      checks.push(await cpuSeconds(videoCheckArgs(clip), dir, context.signal));
    }
    const perSecond = median(checks) / SECONDS;
    const decodePerSecond = median(decode) / SECONDS;
    const ratio = perSecond / decodePerSecond;
    const bitrate = ((await stat(clip)).size * 8) / SECONDS / 1e6;
    return {
      figure: `checks ${perSecond.toFixed(3)} CPU s per video s (decode alone ${decodePerSecond.toFixed(3)}), ${ratio.toFixed(2)}x a plain decode`,
      pass: perSecond <= TARGET_CPU_PER_SECOND && ratio <= TARGET_RATIO,
      details: { clip: `1280x720 16 fps ${SECONDS} s, ${bitrate.toFixed(1)} Mb/s`, checksCpuS: checks, decodeCpuS: decode },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const bench: Bench = {
  name: "score-cost",
  target: `<= ${TARGET_CPU_PER_SECOND} CPU s per second of 720p video, <= ${TARGET_RATIO}x a plain decode`,
  budgetMs: 120_000,
  run,
};
