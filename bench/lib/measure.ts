/**
 * Measuring helpers: wall time of a function, wall time and peak RSS of a child process,
 * medians. Peak RSS comes from GNU time (the kernel's ru_maxrss, exact) when /usr/bin/time
 * exists, otherwise from polling /proc/<pid>/status VmHWM (may miss growth in the last poll).
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";

export interface ChildMeasurement {
  readonly wallMs: number;
  /** Peak resident set of the child (bytes); undefined if it could not be read. */
  readonly peakRssBytes: number | undefined;
  /** User + system CPU seconds (GNU time only): steadier than wall time on a busy machine. */
  readonly cpuSeconds?: number;
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ChildOptions {
  readonly signal?: AbortSignal;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
}

const GNU_TIME = "/usr/bin/time";
const POLL_MS = 10;

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? 0) + upper) / 2;
}

/** Runs a command to completion, timing it from spawn to exit and recording its peak RSS. */
export async function measureChild(command: string, args: readonly string[], options: ChildOptions = {}): Promise<ChildMeasurement> {
  if (existsSync(GNU_TIME)) return measureWithGnuTime(command, args, options);
  return measureByPolling(command, args, options);
}

async function measureWithGnuTime(command: string, args: readonly string[], options: ChildOptions): Promise<ChildMeasurement> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "bench-time-"));
  const report = path.join(dir, "time.txt");
  try {
    const run = await runChild(GNU_TIME, ["-f", "%M %U %S", "-o", report, command, ...args], options, undefined);
    // GNU time writes "Command exited with non-zero status N" before the figures on failure.
    const lines = (await readFile(report, "utf8").catch(() => "")).trim().split("\n");
    const [kib, user, system] = (lines[lines.length - 1] ?? "").split(" ").map(Number);
    const peakRssBytes = kib !== undefined && Number.isFinite(kib) && kib > 0 ? kib * 1024 : undefined;
    const cpuSeconds = user !== undefined && system !== undefined && Number.isFinite(user + system) ? user + system : undefined;
    return { ...run, peakRssBytes, ...(cpuSeconds !== undefined ? { cpuSeconds } : {}) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function measureByPolling(command: string, args: readonly string[], options: ChildOptions): Promise<ChildMeasurement> {
  let peak: number | undefined;
  const poll = async (pid: number): Promise<void> => {
    const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
    const match = /^VmHWM:\s+(\d+) kB/m.exec(status);
    if (match?.[1]) peak = Math.max(peak ?? 0, Number(match[1]) * 1024);
  };
  const run = await runChild(command, args, options, poll);
  return { ...run, peakRssBytes: peak };
}

function runChild(
  command: string,
  args: readonly string[],
  options: ChildOptions,
  poll: ((pid: number) => Promise<void>) | undefined,
): Promise<Omit<ChildMeasurement, "peakRssBytes">> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, {
      stdio: ["ignore", "pipe", "pipe"],
      ...(options.cwd ? { cwd: options.cwd } : {}),
      ...(options.env ? { env: options.env } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    let timer: NodeJS.Timeout | undefined;
    const pid = child.pid;
    if (poll && pid !== undefined) timer = setInterval(() => void poll(pid), POLL_MS);
    child.on("error", (error) => {
      if (timer) clearInterval(timer);
      reject(error);
    });
    child.on("close", (exitCode) => {
      if (timer) clearInterval(timer);
      resolve({
        wallMs: performance.now() - start,
        exitCode,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      });
    });
  });
}

export function megabytes(bytes: number | undefined): string {
  return bytes === undefined ? "?" : `${(bytes / 1e6).toFixed(1)} MB`;
}
