/**
 * A streaming parser of the `metadata=mode=print` filter's output: a `frame:N pts:P pts_time:T`
 * line, then `key=value` lines for that frame. Pure: lines in, frames out.
 */

export interface FrameTags {
  readonly frame: number;
  readonly time: number;
  readonly tags: ReadonlyMap<string, string>;
}

const FRAME_LINE = /^frame:(\d+)\s+pts:\S+\s+pts_time:(\S+)/;

export class MetadataPrintParser {
  private current: { frame: number; time: number; tags: Map<string, string> } | undefined;

  constructor(private readonly emit: (frame: FrameTags) => void) {}

  line(text: string): void {
    const head = FRAME_LINE.exec(text);
    if (head) {
      this.flush();
      this.current = { frame: Number(head[1]), time: ffmpegNumber(head[2] ?? "") ?? 0, tags: new Map() };
      return;
    }
    const eq = text.indexOf("=");
    if (eq > 0 && this.current) this.current.tags.set(text.slice(0, eq).trim(), text.slice(eq + 1).trim());
  }

  /** Emits the last frame; call once at the end of the output. */
  end(): void {
    this.flush();
  }

  private flush(): void {
    if (this.current) this.emit(this.current);
    this.current = undefined;
  }
}

/** Every frame of a complete output (tests and small files). */
export function parseMetadataPrint(text: string): FrameTags[] {
  const frames: FrameTags[] = [];
  const parser = new MetadataPrintParser((frame) => frames.push(frame));
  for (const line of text.split("\n")) parser.line(line);
  parser.end();
  return frames;
}

/**
 * ffmpeg prints numbers with printf: "nan"/"-nan" on flat frames (blurdetect, blockdetect),
 * "inf" for identical frames (psnr). NaN and ±Infinity come back as such; undefined for non-numbers.
 */
export function ffmpegNumber(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = text.trim().toLowerCase();
  if (t === "nan" || t === "-nan" || t === "+nan") return Number.NaN;
  if (t === "inf" || t === "+inf" || t === "infinity") return Number.POSITIVE_INFINITY;
  if (t === "-inf" || t === "-infinity") return Number.NEGATIVE_INFINITY;
  if (t === "" || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/.test(t)) return undefined;
  return Number(t);
}
