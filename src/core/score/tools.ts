/**
 * Runs ffmpeg/ffprobe for the checks: a deadline, bounded output (stderr over the cap ends the
 * process), cancellation, and never a throw for a tool failure (the caller turns it into a
 * failed score). Filters write their per-frame figures to files in `cwd`, so no file name ever
 * needs filter-graph escaping.
 */
import { stripControl } from "../text/strip-control.js";
import { setPriority } from "node:os";
import { execa } from "execa";

export interface ScoreTools {
  readonly ffmpeg: string;
  readonly ffprobe: string;
}

export const DEFAULT_TOOLS: ScoreTools = { ffmpeg: "ffmpeg", ffprobe: "ffprobe" };

export interface ToolResult {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
  /** Why it failed, in one line (control characters stripped); undefined when ok. */
  readonly reason: string | undefined;
}

export interface ToolOptions {
  readonly cwd?: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
  /** Output cap per stream (bytes). */
  readonly maxOutputBytes?: number;
  /** Lower the tool's CPU priority (0–19), so scoring beside a running batch never slows its downloads. */
  readonly niceness?: number | undefined;
}

const DEFAULT_MAX_OUTPUT = 1_000_000;

/** The most telling lines of a tool's stderr: the last ones, which usually name the problem. */
export function lastLine(text: string, count = 1): string | undefined {
  const lines = stripControl(text)
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  const line = lines.slice(-count).join(" / ");
  return line === "" ? undefined : line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

/** ffmpeg names the input as given ("file:/…/x.mp4: Invalid data…"); the file name alone reads better. */
function tidyPaths(text: string): string {
  return text.replace(/file:(\S*\/)?([^\s/:]+)/g, "$2");
}

export async function runTool(command: string, args: readonly string[], options: ToolOptions): Promise<ToolResult> {
  const subprocess = execa(command, args, {
    reject: false,
    stdin: "ignore",
    timeout: options.timeoutMs,
    forceKillAfterDelay: 2_000,
    maxBuffer: options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT,
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.signal ? { cancelSignal: options.signal } : {}),
  });
  if (options.niceness && subprocess.pid !== undefined) {
    try {
      setPriority(subprocess.pid, options.niceness);
    } catch {
      // Not permitted or already gone: it only runs at normal priority.
    }
  }
  const result = await subprocess;
  if (options.signal?.aborted) throw options.signal.reason ?? new Error("aborted");
  const stdout = typeof result.stdout === "string" ? result.stdout : "";
  const stderr = tidyPaths(typeof result.stderr === "string" ? result.stderr : "");
  let reason: string | undefined;
  if (result.timedOut)
    reason = `${command} took longer than ${options.timeoutMs < 1000 ? `${options.timeoutMs} ms` : `${Math.round(options.timeoutMs / 1000)} s`}`;
  else if (result.isMaxBuffer)
    reason = `${command} printed more than ${options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT} bytes (${lastLine(stderr) ?? "no message"})`;
  else if (result.failed)
    reason =
      lastLine(stderr) ??
      (result.exitCode === undefined ? `${command} could not run: ${stripControl(result.shortMessage ?? "")}` : `${command} exited with ${result.exitCode}`);
  return { ok: reason === undefined, stdout, stderr, reason };
}

const versions = new Map<string, Promise<string | undefined>>();

/** "5.1.9-0+deb12u1" from `ffmpeg -version`; undefined when ffmpeg does not run. Cached per path. */
export function ffmpegVersion(tools: ScoreTools = DEFAULT_TOOLS): Promise<string | undefined> {
  let known = versions.get(tools.ffmpeg);
  if (!known) {
    known = runTool(tools.ffmpeg, ["-hide_banner", "-version"], { timeoutMs: 10_000 }).then(
      (r) => (r.ok ? parseFfmpegVersion(r.stdout) : undefined),
      () => undefined,
    );
    versions.set(tools.ffmpeg, known);
  }
  return known;
}

export function parseFfmpegVersion(text: string): string | undefined {
  return /ffmpeg version (\S+)/.exec(text)?.[1];
}

/** `file:` keeps ffmpeg from reading a name like "pipe:1" or "-x.mp4" as a protocol or option. */
export function inputArg(file: string): string {
  return `file:${file}`;
}
