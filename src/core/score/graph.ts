/**
 * The filter graphs of the checks, built as strings (pure). One decode feeds two branches:
 * the scaled-down main chain (every check but blockiness, then mpdecimate) and a full-resolution
 * crop for blockdetect, whose 8-px block grid a scale would blur away. Each branch prints its
 * per-frame tags to its own file in ffmpeg's working directory (plain names: no escaping needed).
 */
import type { ScoreSettings } from "./config-schema.js";

export const FRAMES_FILE = "frames.txt";
export const BLOCK_FILE = "block.txt";
export const KEPT_FILE = "kept.txt";

/** Never upscale; yuv420p needs even sizes. */
function scaleDown(width: number): string {
  return `scale='trunc(min(${width},iw)/2)*2':-2:flags=bilinear`;
}

/** A centred crop whose offsets stay on the 8-px block grid. */
function blockCrop(size: number): string {
  return `crop='min(${size},iw)':'min(${size},ih)':'trunc((iw-ow)/16)*8':'trunc((ih-oh)/16)*8'`;
}

export function videoGraph(s: ScoreSettings): string {
  const main = [
    scaleDown(s.analysisWidth),
    `freezedetect=n=${s.freezeNoiseDb}dB:d=${s.freezeMinSeconds}`,
    `blackframe=amount=${s.blackFramePercent}:threshold=${s.blackPixelLuma}`,
    "signalstats",
    "siti",
    `scdet=threshold=${s.cutThreshold}`,
    "blurdetect",
    `metadata=mode=print:file=${FRAMES_FILE}`,
    "mpdecimate",
    // One short key per kept frame: the kept count without a second copy of every tag.
    `metadata=mode=print:key=lavfi.signalstats.YAVG:file=${KEPT_FILE}`,
  ].join(",");
  const block = [blockCrop(s.blockCrop), "blockdetect", `metadata=mode=print:key=lavfi.block:file=${BLOCK_FILE}`, "nullsink"].join(",");
  return `[0:v]split=2[main][block];[main]${main};[block]${block}`;
}

/** Stills: full resolution (one frame is cheap), detail and exposure figures. */
export function imageGraph(): string {
  return ["signalstats", "siti", "entropy=mode=normal", "blurdetect", `metadata=mode=print:file=${FRAMES_FILE}`].join(",");
}
