/**
 * The ffmpeg command of the comparison video, built as data (pure, unit-tested): one input per
 * tile, each normalised to the same size, frame rate and length, labelled with drawtext, then laid
 * out with xstack.
 *
 * Normalising: every tile is scaled to fit the tile size and padded (black) to it; the frame rate
 * is the one most inputs have (fps filter); clips shorter than the longest are held on their last
 * frame until it ends (tpad clone), so no clip is cut; an image is a still for the whole video; a
 * tile without media is dark grey and says why. Labels are read from files (textfile=, expansion=none)
 * so nothing in a parameter value is parsed by ffmpeg; only the font path needs filtergraph escaping.
 */
import { inputArg } from "../../core/score/tools.js";

export interface TileMedia {
  readonly kind: "video" | "image";
  /** Absolute path of the file. */
  readonly file: string;
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  /** Seconds; 0 when unknown (and for images). */
  readonly duration: number;
}

export interface GraphTile {
  readonly row: number;
  readonly col: number;
  readonly label: readonly string[];
  readonly media: TileMedia | undefined;
}

export interface GraphOptions {
  /** Neither side of the whole video is larger than this many pixels. */
  readonly maxSize: number;
  /** The file stays under this many bytes (a bitrate cap over the video's length). */
  readonly maxBytes: number;
  readonly fontFile: string;
}

export interface LabelFile {
  /** A plain file name, relative to ffmpeg's working folder. */
  readonly name: string;
  readonly text: string;
}

export interface ExportPlan {
  /** Input arguments, the filter graph and the encoder settings: everything before the output file. */
  readonly args: readonly string[];
  readonly filter: string;
  readonly labelFiles: readonly LabelFile[];
  readonly width: number;
  readonly height: number;
  readonly tileWidth: number;
  readonly tileHeight: number;
  readonly fps: number;
  readonly duration: number;
  readonly maxrateKbps: number;
}

/** Length of a video made of images only. */
export const STILL_SECONDS = 3;
const DEFAULT_FPS = 24;
const MAX_FPS = 60;
/** Below this the size limit would leave nothing watchable. */
export const MIN_KBPS = 64;
const BLANK_COLOUR = "0x202020";
/** Share of the size limit given to the video stream; the rest covers the container. */
const SIZE_MARGIN = 0.95;
const AVERAGE_GLYPH_EM = 0.6;

export function buildExportPlan(grid: { rows: number; cols: number }, tiles: readonly GraphTile[], options: GraphOptions): ExportPlan {
  const media = tiles.map((t) => t.media).filter((m): m is TileMedia => m !== undefined);
  const videos = media.filter((m) => m.kind === "video");
  const { tileWidth, tileHeight } = tileSize(grid, media, options.maxSize);
  const fps = commonFps(videos);
  const longest = Math.max(0, ...videos.map((v) => v.duration));
  const duration = longest > 0 ? round3(longest) : STILL_SECONDS;
  const fontSize = clamp(Math.round(Math.min(tileHeight / 14, tileWidth / 22)), 8, 48);
  const margin = Math.max(2, Math.round(fontSize / 3));
  const maxChars = Math.max(4, Math.floor((tileWidth - 4 * margin) / (fontSize * AVERAGE_GLYPH_EM)));
  const inputs: string[] = [];
  const chains: string[] = [];
  const labelFiles: LabelFile[] = [];
  tiles.forEach((tile, i) => {
    const size = `${tileWidth}:${tileHeight}`;
    let chain: string;
    if (tile.media) {
      const input = inputs.length / 2;
      inputs.push("-i", inputArg(tile.media.file));
      const still = tile.media.kind === "image" ? "trim=end_frame=1," : "";
      chain =
        `[${input}:v]${still}setpts=PTS-STARTPTS,fps=${fps},scale=${size}:force_original_aspect_ratio=decrease:force_divisible_by=2,` +
        `pad=${size}:(ow-iw)/2:(oh-ih)/2:color=black,setsar=1,tpad=stop_mode=clone:stop_duration=${duration},` +
        `trim=duration=${duration},setpts=PTS-STARTPTS,format=yuv420p`;
    } else {
      chain = `color=c=${tile.label.length > 0 ? BLANK_COLOUR : "black"}:s=${tileWidth}x${tileHeight}:r=${fps}:d=${duration},setsar=1,format=yuv420p`;
    }
    const text = tile.label.map((line) => truncate(line, maxChars)).join("\n");
    if (text !== "") {
      const name = `label-${i}.txt`;
      labelFiles.push({ name, text });
      chain +=
        `,drawtext=fontfile=${filterValue(options.fontFile)}:textfile=${name}:expansion=none:fontsize=${fontSize}:fontcolor=white:` +
        `line_spacing=${Math.round(fontSize / 4)}:box=1:boxcolor=black@0.6:boxborderw=${margin}:x=${2 * margin}:y=${2 * margin}`;
    }
    chains.push(`${chain}[t${i}]`);
  });
  const stackInputs = tiles.map((_, i) => `[t${i}]`).join("");
  const layout = tiles.map((t) => `${t.col * tileWidth}_${t.row * tileHeight}`).join("|");
  chains.push(tiles.length === 1 ? "[t0]null[out]" : `${stackInputs}xstack=inputs=${tiles.length}:layout=${layout}[out]`);
  const filter = chains.join(";");
  const maxrateKbps = Math.floor((options.maxBytes * 8 * SIZE_MARGIN) / (duration + 1) / 1000);
  const args = [
    ...inputs,
    "-filter_complex",
    filter,
    "-map",
    "[out]",
    "-an",
    "-t",
    String(duration),
    "-c:v",
    "libx264",
    "-preset",
    "veryfast",
    "-crf",
    "23",
    // With a VBV buffer of one second, x264 never exceeds maxrate × (duration + 1) bits in all.
    "-maxrate",
    `${maxrateKbps}k`,
    "-bufsize",
    `${maxrateKbps}k`,
    "-pix_fmt",
    "yuv420p",
    "-movflags",
    "+faststart",
  ];
  return {
    args,
    filter,
    labelFiles,
    width: grid.cols * tileWidth,
    height: grid.rows * tileHeight,
    tileWidth,
    tileHeight,
    fps,
    duration,
    maxrateKbps,
  };
}

/**
 * The most common input size sets the tile's shape and natural size; the grid is scaled down (never
 * up) so that neither side exceeds maxSize. Even sizes, as yuv420p needs.
 */
export function tileSize(grid: { rows: number; cols: number }, media: readonly TileMedia[], maxSize: number): { tileWidth: number; tileHeight: number } {
  const sized = media.filter((m) => m.width > 0 && m.height > 0);
  const pool = sized.some((m) => m.kind === "video") ? sized.filter((m) => m.kind === "video") : sized;
  const [width, height] = mostCommon(
    pool.map((m) => [m.width, m.height] as const),
    (a, b) => a[0] * a[1] - b[0] * b[1],
  ) ?? [320, 240];
  const scale = Math.min(1, maxSize / (grid.cols * width), maxSize / (grid.rows * height));
  return { tileWidth: even(width * scale), tileHeight: even(height * scale) };
}

/** The frame rate most videos have (ties: the higher), at most 60. */
export function commonFps(videos: readonly TileMedia[]): number {
  const rates = videos.map((v) => round3(v.fps)).filter((f) => f > 0);
  return Math.min(MAX_FPS, mostCommon(rates, (a, b) => a - b) ?? DEFAULT_FPS);
}

/** A filter option value escaped for both levels of ffmpeg's filtergraph syntax (option, then graph). */
export function filterValue(text: string): string {
  const option = text.replace(/[\\':]/g, (c) => `\\${c}`);
  return option.replace(/[\\'[\],;]/g, (c) => `\\${c}`);
}

/** Seconds encoded so far, from one line of `ffmpeg -progress` output; undefined for other lines. */
export function progressSeconds(line: string): number | undefined {
  const match = /^(out_time_us|out_time_ms|out_time)=(.+)$/.exec(line.trim());
  if (!match) return undefined;
  const value = match[2] ?? "";
  if (match[1] !== "out_time") {
    // out_time_ms is in microseconds too (a long-standing ffmpeg quirk).
    const us = Number(value);
    return Number.isFinite(us) && us >= 0 ? us / 1e6 : undefined;
  }
  const hms = /^(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(value);
  return hms ? Number(hms[1]) * 3600 + Number(hms[2]) * 60 + Number(hms[3]) : undefined;
}

function truncate(line: string, maxChars: number): string {
  const chars = [...line];
  return chars.length <= maxChars ? line : `${chars.slice(0, maxChars - 1).join("")}…`;
}

/** The most frequent item (ties: the largest by `order`), or undefined for none. */
function mostCommon<T>(items: readonly T[], order: (a: T, b: T) => number): T | undefined {
  const counts = new Map<string, { item: T; n: number }>();
  for (const item of items) {
    const key = JSON.stringify(item);
    const entry = counts.get(key) ?? { item, n: 0 };
    entry.n++;
    counts.set(key, entry);
  }
  return [...counts.values()].sort((a, b) => b.n - a.n || order(b.item, a.item))[0]?.item;
}

function even(n: number): number {
  return Math.max(2, Math.floor(n / 2) * 2);
}

function clamp(n: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, n));
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
