/**
 * Tiny clips made with ffmpeg's own sources, one per quality problem, written once per test file.
 * 128x72 at 24 fps, 1–1.5 s: enough frames for every filter, cheap on a busy machine.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const SIZE = "s=128x72:r=24";
const H264 = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"];

export const CLIPS = {
  clean: { inputs: [`testsrc2=${SIZE}:d=1`], codec: H264 },
  /** Moves for 0.5 s, then holds its last frame to the end: a freeze with no end. */
  frozen: { inputs: [`testsrc2=${SIZE}:d=0.5,tpad=stop_mode=clone:stop_duration=1`], codec: H264 },
  black: { inputs: [`color=black:${SIZE}:d=0.5`, `testsrc2=${SIZE}:d=1`], concat: true, codec: H264 },
  /** Luma jumps up and down every other frame. */
  flicker: { inputs: [`testsrc2=${SIZE}:d=1,eq=eval=frame:brightness='0.3*mod(n\\,2)'`], codec: H264 },
  cut: { inputs: [`testsrc2=${SIZE}:d=0.75`, `mandelbrot=${SIZE},trim=duration=0.75`], concat: true, codec: H264 },
  blurry: { inputs: [`testsrc2=${SIZE}:d=1,gblur=sigma=4`], codec: H264 },
  blocky: { inputs: [`testsrc2=${SIZE}:d=1`], codec: ["-c:v", "mpeg4", "-q:v", "31", "-pix_fmt", "yuv420p"] },
  /** Every frame shown twice (12 fps doubled to 24). */
  duplicates: { inputs: [`testsrc2=s=128x72:r=12:d=1,fps=24`], codec: H264 },
  /** One flat grey: blurdetect and blockdetect give nan on every frame. */
  flat: { inputs: [`color=gray:${SIZE}:d=1`], codec: H264 },
  dark: { inputs: [`testsrc2=${SIZE}:d=1,eq=brightness=-0.45`], codec: H264 },
} as const;

export type ClipName = keyof typeof CLIPS;

function run(args: string[]): void {
  execFileSync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-nostdin", "-y", ...args], { stdio: ["ignore", "ignore", "pipe"] });
}

export function makeClip(dir: string, name: ClipName, faststart = false): string {
  const spec: { inputs: readonly string[]; concat?: boolean; codec: readonly string[] } = CLIPS[name];
  const file = path.join(dir, `${name}${faststart ? "-faststart" : ""}.mp4`);
  const inputs = spec.inputs.flatMap((source) => ["-f", "lavfi", "-i", source]);
  const filter = spec.concat ? ["-filter_complex", `${spec.inputs.map((_, i) => `[${i}:v]`).join("")}concat=n=${spec.inputs.length}:v=1`] : [];
  run([...inputs, ...filter, ...spec.codec, ...(faststart ? ["-movflags", "+faststart"] : []), file]);
  return file;
}

/** One frame of a lavfi source as a PNG (FLF2V input images). */
export function makeImage(dir: string, name: string, source: string): string {
  const file = path.join(dir, `${name}.png`);
  run(["-f", "lavfi", "-i", source, "-frames:v", "1", file]);
  return file;
}

export function clipDir(): string {
  return mkdtempSync(path.join(tmpdir(), "cr-score-clips-"));
}

/** The first `bytes` of a file, as a download cut short would leave it. */
export function truncated(file: string, bytes: number, name: string): string {
  const out = path.join(path.dirname(file), name);
  writeFileSync(out, readFileSync(file).subarray(0, bytes));
  return out;
}
