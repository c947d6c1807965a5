/** Spawning the built cr-analyze, building it first when dist/ does not have it yet. */
import { execFile, execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const BIN = path.join(ROOT, "dist/bin/cr-analyze.cjs");
export const INPUTS = path.join(ROOT, "test/golden/analyze/inputs");

export function ensureBuilt(): void {
  if (!existsSync(BIN)) execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
}

export interface Spawned {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function run(args: readonly string[], cwd: string, bin = BIN): Promise<Spawned> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
    delete env["COMFYUI_URL"];
    execFile(process.execPath, [bin, ...args], { cwd, env, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
