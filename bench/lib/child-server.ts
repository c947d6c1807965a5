/**
 * Starts a server script in its own node process (so its memory and CPU stay apart from the
 * client being measured). The script must print one JSON line describing itself once ready,
 * then serve until SIGTERM.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

export interface ChildServer<T> {
  /** What the script printed on its first line. */
  readonly info: T;
  readonly pid: number | undefined;
  close(): Promise<void>;
}

export async function startChildServer<T>(script: string, args: readonly string[], signal?: AbortSignal): Promise<ChildServer<T>> {
  const child = spawn(process.execPath, [script, ...args], { stdio: ["ignore", "pipe", "inherit"], ...(signal ? { signal } : {}) });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const lines = createInterface({ input: child.stdout });
  const info = await new Promise<T>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`${script} exited (${code}) before it was ready`)));
    lines.once("line", (line) => resolve(JSON.parse(line) as T));
  });
  lines.close();
  child.stdout.resume(); // Anything printed later is dropped rather than filling the pipe.
  return {
    info,
    pid: child.pid,
    async close() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

/** For the child side: exit cleanly on SIGTERM (after cleanup) so the parent's close() returns. */
export function exitOnSigterm(cleanup?: () => Promise<void>): void {
  process.on("SIGTERM", () => {
    void (cleanup ?? (() => Promise.resolve()))().finally(() => process.exit(0));
  });
}
