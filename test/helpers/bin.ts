/** Spawning the built binaries (package.json's "bin" files) the way a user runs them. */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "./workflows.js";

export interface BinResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const bins = (JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { bin: Record<string, string> }).bin;

/** The file a binary runs once installed (cr-analyze is a .cjs bundle, the others .js). */
export function binPath(name: string): string {
  const file = bins[name];
  if (file === undefined) throw new Error(`package.json has no bin named ${name}`);
  return path.join(repoRoot, file);
}

/** Never rejects: the exit code and both streams come back for assertions. */
export function runBin(name: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<BinResult> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", ...options.env };
    if (!options.env?.["COMFYUI_URL"]) delete env["COMFYUI_URL"];
    execFile(process.execPath, [binPath(name), ...args], { cwd: options.cwd ?? repoRoot, env, maxBuffer: 32 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
