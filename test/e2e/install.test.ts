/**
 * The packed tarball is what `npm install -g` would install: it holds every binary the package
 * declares (with a node shebang), the schema, the node table, the shipped workflows and the README, and no sources
 * or tests; unpacked the way npm lays out a global install, each binary answers from any folder.
 *
 * No `npm install` here: with an empty npm cache even `--offline` needs registry metadata
 * (ENOTCACHED on a fresh machine), and tests touch no network. The dependencies come from the
 * node_modules that `npm ci` already placed: only the declared ones are linked into the unpacked package.
 */
import { execFile } from "node:child_process";
import { chmod, mkdir, readFile, rename, symlink } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { tempDir } from "../helpers/tmp.js";
import { repoRoot } from "../helpers/workflows.js";

function sh(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

const PackReport = z.array(z.object({ filename: z.string(), files: z.array(z.object({ path: z.string() })) })).length(1);
const Manifest = z.object({ name: z.string(), bin: z.record(z.string(), z.string()), dependencies: z.record(z.string(), z.string()) });

describe("the packed package", () => {
  it("holds every binary and installs as npm would lay it out; each binary answers --help", async () => {
    const manifest = Manifest.parse(JSON.parse(await readFile(path.join(repoRoot, "package.json"), "utf8")));
    expect(Object.keys(manifest.bin).sort()).toEqual([
      "cr-analyze",
      "cr-batch",
      "cr-contact-sheet",
      "cr-refine",
      "cr-report",
      "cr-run",
      "cr-score",
      "cr-shots",
      "cr-sim",
    ]);

    const work = await tempDir("cr-install-");
    // --ignore-scripts: dist/ is already built by npm test; packing must not rebuild under vitest.
    const pack = await sh("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", work], repoRoot);
    expect(pack.code, pack.stderr).toBe(0);
    const [report] = PackReport.parse(JSON.parse(pack.stdout));
    const packed = new Set(report!.files.map((file) => file.path));
    for (const target of Object.values(manifest.bin)) expect(packed, target).toContain(target.replace(/^\.\//, ""));
    for (const file of ["package.json", "README.md", "schema/config.schema.json", "workflows/demo/txt2img.json", "data/comfyui-v0.3.64-nodes.tsv"])
      expect(packed, file).toContain(file);
    expect([...packed].filter((file) => /^(src|test|bench)\//.test(file) || file.endsWith(".test.js"))).toEqual([]);

    // The layout of `npm install -g --prefix <prefix>`: lib/node_modules/<name>, bin/<bin> → its target.
    const prefix = path.join(work, "prefix");
    const modules = path.join(prefix, "lib", "node_modules");
    await mkdir(modules, { recursive: true });
    const untar = await sh("tar", ["-xzf", path.join(work, report!.filename), "-C", modules], work);
    expect(untar.code, untar.stderr).toBe(0);
    const installed = path.join(modules, manifest.name);
    await rename(path.join(modules, "package"), installed);
    // Only the declared dependencies (their own dependencies resolve from where npm ci put them),
    // so a binary that imports a devDependency fails here as it would for a user.
    for (const dependency of Object.keys(manifest.dependencies)) {
      const link = path.join(installed, "node_modules", dependency);
      await mkdir(path.dirname(link), { recursive: true });
      await symlink(path.join(repoRoot, "node_modules", dependency), link, "dir");
    }
    await mkdir(path.join(prefix, "bin"));
    for (const [name, target] of Object.entries(manifest.bin)) {
      const script = path.join(installed, target);
      expect((await readFile(script, "utf8")).split("\n")[0], `${name} shebang`).toBe("#!/usr/bin/env node");
      await chmod(script, 0o755); // npm's bin-links does the same
      await symlink(script, path.join(prefix, "bin", name));
    }

    const elsewhere = await tempDir("cr-elsewhere-");
    const env = { ...process.env, NO_COLOR: "1", PATH: `${path.join(prefix, "bin")}${path.delimiter}${process.env["PATH"] ?? ""}` };
    for (const name of Object.keys(manifest.bin)) {
      const result = await sh(name, ["--help"], elsewhere, env);
      expect(result.code, `${name}: ${result.stderr}`).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`Usage: ${name}`));
    }
    const version = await sh("cr-batch", ["--version"], elsewhere, env);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    // The bundled cr-analyze finds the built-in node table (data/) from where it is installed.
    const analysed = await sh("cr-analyze", [path.join(installed, "workflows/demo/txt2img.json"), "--print"], elsewhere, env);
    expect(analysed.code, analysed.stderr).toBe(0);
    expect(analysed.stdout).toMatch(/^parameters:$/m);
    expect(analysed.stdout).toMatch(/KSampler/);
  }, 120_000);
});
