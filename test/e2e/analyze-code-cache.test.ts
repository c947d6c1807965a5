/**
 * The built cr-analyze loads its start chunk with the V8 code cache recorded at build time
 * (scripts/code-cache-preamble.cjs): the cache is used, and a damaged or missing one changes
 * nothing but the speed. On Node ≥ 22.1 the preamble steps aside for Node's own compile cache.
 */
import { execFile } from "node:child_process";
import { cp, rm, writeFile } from "node:fs/promises";
import module from "node:module";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../helpers/tmp.js";
import { BIN, ensureBuilt, INPUTS, ROOT } from "./analyze-helpers.js";

beforeAll(ensureBuilt, 180_000);

const nodeHasItsOwnCache = typeof (module as { enableCompileCache?: unknown }).enableCompileCache === "function";
const WORKFLOW = path.join(INPUTS, "wan2_14B_flf2v.json");

function analyse(bin: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", COMFY_RUNNER_CODE_CACHE: "report" };
    delete env["COMFYUI_URL"];
    execFile(process.execPath, [bin, WORKFLOW, "--print"], { env }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** The config without its first line, the $schema path, which names the installation it came from. */
const body = (yaml: string): string => yaml.slice(yaml.indexOf("\n"));

/** The installed layout the binary needs: dist/, data/ and package.json under one root. */
async function installedCopy(): Promise<string> {
  const root = await tempDir("cr-code-cache-");
  for (const part of ["dist/bin", "data", "schema", "package.json"]) await cp(path.join(ROOT, part), path.join(root, part), { recursive: true });
  return root;
}

describe.skipIf(nodeHasItsOwnCache)("cr-analyze's code cache (Node < 22.1)", () => {
  it("is used as built, and a damaged or missing cache gives the same config", async () => {
    const built = await analyse(BIN);
    expect(built.code, built.stderr).toBe(0);
    expect(built.stderr).toBe("code cache: used\n");

    const root = await installedCopy();
    const bin = path.join(root, "dist/bin/cr-analyze.cjs");
    const cache = path.join(root, "dist/bin/chunks/analyze-start.cjs.v8cache");
    await writeFile(cache, Buffer.alloc(4096, 0x5a));
    const damaged = await analyse(bin);
    expect(damaged.code, damaged.stderr).toBe(0);
    expect(damaged.stderr).toBe("code cache: rejected\n");
    expect(body(damaged.stdout)).toBe(body(built.stdout));

    await rm(cache);
    const missing = await analyse(bin);
    expect(missing.stderr).toBe("");
    expect(body(missing.stdout)).toBe(body(built.stdout));
  });
});

describe.runIf(nodeHasItsOwnCache)("cr-analyze on Node ≥ 22.1", () => {
  it("leaves compiled-code caching to Node", async () => {
    const result = await analyse(BIN);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe("");
  });
});
