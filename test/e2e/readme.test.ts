/**
 * Executes the README's command blocks marked `<!-- readme-test: simulator -->` against the
 * simulator, in a scratch copy of workflows/ and shots/, with cr-* on PATH as the built binaries.
 * The blocks are read from README.md itself, so the manual cannot drift from what works.
 */
import { execFile } from "node:child_process";
import { chmod, cp, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startSim } from "../../src/sim/index.js";
import { binPath } from "../helpers/bin.js";
import { tempDir } from "../helpers/tmp.js";
import { repoFile } from "../helpers/workflows.js";

const BINARIES = ["cr-run", "cr-analyze", "cr-batch", "cr-shots", "cr-contact-sheet", "cr-score", "cr-report", "cr-refine", "cr-sim"];

function simulatorBlocks(markdown: string): string[] {
  const blocks: string[] = [];
  const pattern = /<!-- readme-test: simulator -->\s*```bash\n([\s\S]*?)```/g;
  for (const match of markdown.matchAll(pattern)) blocks.push(match[1] ?? "");
  return blocks;
}

function bash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile("bash", ["-euo", "pipefail", "-c", script], { cwd, env, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, output: `${stdout}\n${stderr}` });
    });
  });
}

describe("README command blocks", () => {
  it("has at least one block that runs against the simulator", async () => {
    expect(simulatorBlocks(await readFile(repoFile("README.md"), "utf8")).length).toBeGreaterThan(0);
  });

  it("runs every simulator block as written", async () => {
    const blocks = simulatorBlocks(await readFile(repoFile("README.md"), "utf8"));
    const scratch = await tempDir("cr-readme-");
    await cp(repoFile("workflows"), path.join(scratch, "workflows"), { recursive: true });
    await cp(repoFile("shots"), path.join(scratch, "shots"), { recursive: true });
    const binDir = path.join(scratch, ".bin");
    await mkdir(binDir);
    for (const name of BINARIES) {
      const shim = path.join(binDir, name);
      await writeFile(shim, `#!/bin/sh\nexec "${process.execPath}" "${binPath(name)}" "$@"\n`);
      await chmod(shim, 0o755);
    }
    const sim = await startSim({
      runTime: { perStepMs: 2, fixedMs: 5 },
      models: {
        ckpt_name: ["sd15-demo.safetensors"],
        unet_name: ["wan2.2_i2v_high_noise_14B_fp8_scaled.safetensors", "wan2.2_i2v_low_noise_14B_fp8_scaled.safetensors"],
        clip_name: ["umt5_xxl_fp8_e4m3fn_scaled.safetensors"],
        vae_name: ["wan_2.1_vae.safetensors"],
        lora_name: await loraNames(),
      },
    });
    try {
      const hostPort = new URL(sim.url).host;
      for (const block of blocks) {
        const script = block.replaceAll("127.0.0.1:8188", hostPort);
        const result = await bash(script, scratch, { ...process.env, PATH: `${binDir}:${process.env["PATH"] ?? ""}`, NO_COLOR: "1" });
        expect(result.code, result.output).toBe(0);
        expect(result.output).toMatch(/contact_sheet\.html/);
      }
    } finally {
      await sim.stop();
    }
  }, 240_000);
});

/** Every leaf key of the config schema, nested ones as `parent.key`. */
function schemaKeys(schema: { properties?: Record<string, { properties?: Record<string, unknown> }> }): string[] {
  return Object.entries(schema.properties ?? {}).flatMap(([key, value]) =>
    value.properties ? Object.keys(value.properties).map((inner) => `${key}.${inner}`) : [key],
  );
}

describe("README for a new user", () => {
  const readme = (): Promise<string> => readFile(repoFile("README.md"), "utf8");

  it("lists every command, cr-sim included, and says how to get them on the PATH before using them", async () => {
    const text = await readme();
    for (const name of BINARIES) expect(text, name).toMatch(new RegExp(`^\\| \`${name}[ \`]`, "m"));
    const firstUse = text.indexOf("cr-sim --port");
    expect(firstUse).toBeGreaterThan(0);
    expect(text.indexOf("npm install -g .")).toBeLessThan(firstUse);
    expect(text.indexOf("npx cr-")).toBeLessThan(firstUse);
    expect(text.slice(0, firstUse)).toMatch(/from the checkout folder/);
  });

  it("has the first overnight sweep over SSH near the top, from tunnel to morning review", async () => {
    const text = await readme();
    const start = text.indexOf("## Your first overnight WAN sweep over SSH");
    expect(start).toBeGreaterThan(0);
    expect(start).toBeLessThan(text.indexOf("## Ten minutes on the simulator"));
    const recipe = text.slice(start, text.indexOf("\n## ", start + 3));
    for (const step of [
      "ssh -N -L 8188:127.0.0.1:8188",
      "cr-analyze",
      "--dry-run --run-time",
      "--run-size",
      "tmux",
      "screen",
      "tail -f",
      "batch.log",
      "cr-contact-sheet",
      "--serve",
      "ssh -N -L 8765:127.0.0.1:8765",
    ]) {
      expect(recipe, step).toContain(step);
    }
    expect(recipe.split("\n").length).toBeLessThan(45); // one screen
  });

  it("shows the exploration loop over several nights, before the command reference", async () => {
    const text = await readme();
    const start = text.indexOf("## Night after night: the exploration loop");
    expect(start).toBeGreaterThan(0);
    expect(start).toBeLessThan(text.indexOf("## The commands"));
    const loop = text.slice(start, text.indexOf("\n## ", start + 3));
    for (const step of ["cr-batch", "cr-contact-sheet", "cr-report", "cr-refine", "--strategy tpe", "night3.yaml", "npm run demo"])
      expect(loop, step).toContain(step);
  });

  it("documents what a lost connection, a kill -9 and duplicate seeds do", async () => {
    const text = await readme();
    for (const fact of ["SIGHUP", "batch.log", "status: submitted", "--allow-duplicates"]) expect(text, fact).toContain(fact);
  });

  it("keeps the full config reference in docs/config.md, linked from the README", async () => {
    const text = await readme();
    expect(text).toContain("(docs/config.md)");
    expect(text).not.toContain("| key | default | meaning |");
    const reference = await readFile(repoFile("docs/config.md"), "utf8");
    const schema = JSON.parse(await readFile(repoFile("schema/config.schema.json"), "utf8")) as Parameters<typeof schemaKeys>[0];
    const missing = schemaKeys(schema).filter((key) => !reference.includes(`\`${key}\``) && !reference.includes(`\`${key.split(".").pop()}\``));
    expect(missing).toEqual([]);
  });
});

async function loraNames(): Promise<string[]> {
  const workflow = JSON.parse(await readFile(repoFile("workflows/demo/flf2v-small.json"), "utf8")) as Record<string, { inputs: Record<string, unknown> }>;
  return Object.values(workflow).flatMap((n) => (typeof n.inputs["lora_name"] === "string" ? [n.inputs["lora_name"]] : []));
}
