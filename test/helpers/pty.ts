/**
 * Running a built binary in a pseudo-terminal (util-linux `script`), the way an SSH session
 * runs it, including a terminal that reports no size and a terminal that goes away.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { binPath } from "./bin.js";
import { repoRoot } from "./workflows.js";

export interface PtyRun {
  /** What the terminal received. */
  readonly transcript: string;
  /** The binary's own process id (it is the shell's, by exec). */
  pid(): Promise<number>;
  /** `script` itself: killing it hangs the terminal up, like a dropped SSH connection. */
  readonly script: ChildProcess;
  /** Exit code of the binary (script -e passes it on), or null if `script` was killed. */
  readonly exited: Promise<number | null>;
  transcriptBytes(): Promise<number>;
  transcriptText(): Promise<string>;
}

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** `setup` runs in the pty's shell first (e.g. `stty cols 0 rows 0`). */
export function runInPty(bin: string, args: readonly string[], options: { dir: string; setup?: string; cwd?: string }): PtyRun {
  const transcript = path.join(options.dir, "pty.out");
  const pidFile = path.join(options.dir, "pty.pid");
  const command = `${options.setup ? `${options.setup}; ` : ""}echo $$ > ${quote(pidFile)}; exec ${quote(process.execPath)} ${[binPath(bin), ...args].map(quote).join(" ")}`;
  const env: NodeJS.ProcessEnv = { ...process.env, TERM: "xterm-256color" };
  for (const name of ["CI", "NO_COLOR", "COMFYUI_URL", "FORCE_COLOR"]) delete env[name];
  const script = spawn("script", ["-q", "-e", "-c", command, transcript], { cwd: options.cwd ?? repoRoot, env, stdio: ["pipe", "ignore", "ignore"] });
  const exited = new Promise<number | null>((resolve) => script.on("exit", (code) => resolve(code)));
  return {
    transcript,
    script,
    exited,
    pid: async () => {
      for (;;) {
        const text = await readFile(pidFile, "utf8").catch(() => "");
        if (/^\d+\n/.test(text)) return Number(text.trim());
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    transcriptBytes: async () => (await stat(transcript).catch(() => ({ size: 0 }))).size,
    transcriptText: () => readFile(transcript, "utf8").catch(() => ""),
  };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resolves true once the process is gone, false if it still lives after `ms`. */
export async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !isAlive(pid);
}
