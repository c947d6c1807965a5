/**
 * The package installs globally from a packed tarball and its five binaries (plus cr-sim)
 * work from any folder. --offline: the dependencies come from the npm cache that `npm ci` filled,
 * so the test touches no network.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers/tmp.js";
import { repoRoot } from "../helpers/workflows.js";

function sh(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe("npm install -g from a packed tarball", () => {
  it("installs the binaries and each answers --help", async () => {
    const work = await tempDir("cr-install-");
    // --ignore-scripts: dist/ is already built by npm test; packing must not rebuild under vitest.
    const pack = await sh("npm", ["pack", "--ignore-scripts", "--pack-destination", work], repoRoot);
    expect(pack.code, pack.stderr).toBe(0);
    const tarball = path.join(work, pack.stdout.trim().split("\n").at(-1) ?? "");
    const prefix = path.join(work, "prefix");
    const install = await sh("npm", ["install", "-g", "--offline", "--prefix", prefix, "--no-audit", "--no-fund", tarball], work);
    expect(install.code, install.stderr).toBe(0);
    const elsewhere = await tempDir("cr-elsewhere-");
    for (const name of ["cr-run", "cr-analyze", "cr-batch", "cr-shots", "cr-contact-sheet", "cr-sim"]) {
      const result = await sh(path.join(prefix, "bin", name), ["--help"], elsewhere, { ...process.env, NO_COLOR: "1" });
      expect(result.code, `${name}: ${result.stderr}`).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`Usage: ${name}`));
    }
    const version = await sh(path.join(prefix, "bin", "cr-batch"), ["--version"], elsewhere);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  }, 300_000);
});
