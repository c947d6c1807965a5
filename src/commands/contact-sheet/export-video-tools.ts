/**
 * What the comparison video needs besides the batch: an ffmpeg with xstack, drawtext and tpad, and a
 * font for the labels (Debian's DejaVu Sans, or wherever another system keeps it).
 */
import { stat } from "node:fs/promises";
import { execa } from "execa";
import { ServerError, UserError } from "../../core/errors.js";
import { detectTools, type Tools } from "./ffmpeg.js";

/** DejaVu Sans where Debian/Ubuntu, Fedora, Arch, openSUSE and Homebrew put it. */
export const FONT_CANDIDATES: readonly string[] = [
  "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
  "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",
  "/usr/share/fonts/dejavu/DejaVuSans.ttf",
  "/usr/share/fonts/TTF/DejaVuSans.ttf",
  "/usr/share/fonts/truetype/DejaVuSans.ttf",
  "/usr/local/share/fonts/DejaVuSans.ttf",
  "/opt/homebrew/share/fonts/DejaVuSans.ttf",
];

const NEEDED_FILTERS = ["xstack", "drawtext", "tpad"] as const;

export interface FontSearch {
  /** --font: used as given, or refused. */
  readonly explicit?: string | undefined;
  readonly candidates?: readonly string[];
  /** Ask fontconfig (fc-match) when no candidate exists; default true. */
  readonly fontconfig?: boolean;
}

/** The font file for the labels; a UserError naming what to install when there is none. */
export async function findFont(search: FontSearch = {}): Promise<string> {
  if (search.explicit !== undefined) {
    if (await isFile(search.explicit)) return search.explicit;
    throw new UserError(`--font ${search.explicit}: no such font file.`, {
      hint: "Give a .ttf or .otf file, e.g. /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf.",
    });
  }
  const candidates = search.candidates ?? FONT_CANDIDATES;
  for (const file of candidates) if (await isFile(file)) return file;
  if (search.fontconfig !== false) {
    const matched = await execa("fc-match", ["--format=%{file}", "DejaVu Sans"], { reject: false, timeout: 10_000 }).catch(() => undefined);
    const file = matched?.exitCode === 0 ? String(matched.stdout).trim() : "";
    if (/\.(ttf|otf|ttc)$/i.test(file) && (await isFile(file))) return file;
  }
  throw new UserError("No font for the video's labels: DejaVu Sans was not found.", {
    hint: `Install it (Debian/Ubuntu: apt-get install fonts-dejavu-core) or pass --font FILE.ttf. Looked in: ${candidates.join(", ") || "(nowhere)"}.`,
  });
}

/**
 * ffmpeg and ffprobe with the filters the export uses; a missing tool stops with exit 3, like a
 * missing server (cr-score does the same).
 */
export async function requireExportTools(ffmpeg?: string, ffprobe?: string): Promise<Tools> {
  const tools = await detectTools(ffmpeg, ffprobe);
  const install = "Install ffmpeg (it includes ffprobe), e.g. apt-get install ffmpeg, and make sure it is on PATH.";
  if (typeof tools === "string") throw new ServerError(`Cannot export a video: ${tools}.`, { hint: install });
  const listed = await execa(tools.ffmpeg, ["-hide_banner", "-filters"], { reject: false, timeout: 10_000 });
  const names = new Set(
    String(listed.stdout)
      .split("\n")
      .map((line) => line.trim().split(/\s+/)[1] ?? ""),
  );
  const missing = NEEDED_FILTERS.filter((f) => !names.has(f));
  if (missing.length > 0)
    throw new ServerError(`Cannot export a video: ${tools.ffmpeg} has no ${missing.join(", ")} filter.`, {
      hint: "drawtext needs an ffmpeg built with libfreetype, xstack and tpad ffmpeg 4.2 or newer; Debian's ffmpeg package has all three.",
    });
  return tools;
}

async function isFile(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined))?.isFile() === true;
}
