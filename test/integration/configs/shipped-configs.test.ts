/**
 * Every config shipped under workflows/ passes what `cr-batch <config> --dry-run --object-info
 * <v0.3.64>` does (load, check against the workflow and the real node definitions, build the
 * plan), without warnings, and plans exactly the number of runs its header comment states
 * (`… = N runs`). New configs are covered as soon as they are added. A YAML file that is not a
 * batch config must say so in its header: "# Not a batch config".
 *
 * The smoke configs also run once on the simulator, so they are known to RUN, not only validate.
 */
import { readdirSync, readFileSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { batch } from "../../../src/commands/batch/execute-batch.js";
import { prepareBatch, type PreparedBatch } from "../../../src/commands/sweep/prepare.js";
import { selectShots } from "../../../src/commands/shots/inputs.js";
import { UserError } from "../../../src/core/errors.js";
import { buildPlan, sha256Hex } from "../../../src/core/plan/index.js";
import { OBJECT_INFO_V0_3_64_GZ_B64 } from "../../../src/sim/data/object-info-v0.3.64.js";
import { startSim, type Sim } from "../../../src/sim/index.js";
import { tempDir } from "../../helpers/tmp.js";
import { captureUi } from "../../helpers/ui.js";
import { repoFile, repoRoot } from "../../helpers/workflows.js";

const WORKFLOWS = repoFile("workflows");
const NOT_A_CONFIG = /^#\s*Not a batch config\b/im;

/** Every .yaml/.yml under workflows/, repository-relative, sorted. */
function shippedYamlFiles(): string[] {
  return readdirSync(WORKFLOWS, { recursive: true, encoding: "utf8" })
    .filter((name) => /\.ya?ml$/i.test(name))
    .map((name) => path.posix.join("workflows", name.split(path.sep).join("/")))
    .sort();
}

/** The comment block at the top of the file (up to the first line that is not a comment). */
function headerOf(text: string): string {
  const lines: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === "" || line.trimStart().startsWith("#")) lines.push(line);
    else break;
  }
  return lines.join("\n");
}

interface StatedCount {
  readonly runs: number;
  /** "× 2 seeds", when the header says it. */
  readonly seeds: number | undefined;
}

/** "… = 16 runs" (and "× 2 seeds") from the header; undefined when it states no count. */
function statedCount(header: string): StatedCount | undefined {
  const runs = /=\s*([\d,]+)\s+runs?\b/i.exec(header);
  if (!runs?.[1]) return undefined;
  const seeds = /[x×]\s*([\d,]+)\s+seeds?\b/i.exec(header);
  return { runs: Number(runs[1].replaceAll(",", "")), seeds: seeds?.[1] ? Number(seeds[1].replaceAll(",", "")) : undefined };
}

const files = shippedYamlFiles();
const configs = files.filter((file) => !NOT_A_CONFIG.test(headerOf(readFileSync(repoFile(file), "utf8"))));

let objectInfoDir = "";
let objectInfoFile = "";
beforeAll(async () => {
  // The same /object_info reply the simulator serves (ComfyUI v0.3.64; model lists are empty).
  // Not tempDir(): that one is removed after each test, and this file serves the whole suite.
  objectInfoDir = await mkdtemp(path.join(os.tmpdir(), "cr-shipped-"));
  objectInfoFile = path.join(objectInfoDir, "object_info.json");
  await writeFile(objectInfoFile, gunzipSync(Buffer.from(OBJECT_INFO_V0_3_64_GZ_B64, "base64")));
});
afterAll(async () => {
  if (objectInfoDir !== "") await rm(objectInfoDir, { recursive: true, force: true });
});

/** cr-batch --dry-run --object-info, in process. A fixed seed keeps failures reproducible. */
async function prepare(file: string): Promise<PreparedBatch> {
  try {
    return await prepareBatch({ configFile: repoFile(file), objectInfoFile, seed: 1, now: () => new Date("2026-01-01T00:00:00Z") });
  } catch (error) {
    // Show every problem, as the CLI would, instead of only "N problems in the config".
    if (error instanceof UserError) throw new Error([error.message, ...error.issues.map((i) => `  - ${i}`), ...(error.hint ? [error.hint] : [])].join("\n"));
    throw error;
  }
}

/** Runs planned: for a shots config, the plan cr-shots builds over the complete shot folders. */
async function plannedRuns(prepared: PreparedBatch): Promise<{ runs: number; shots: number }> {
  const { config, workflow } = prepared;
  if (config.shots === undefined) return { runs: prepared.built.plan.runs.length, shots: 1 };
  const selection = await selectShots(config, workflow, { skipIncomplete: false }, captureUi().ui);
  const names = selection.shots.map((shot) => shot.name);
  const plan = buildPlan(config, {
    createdAt: "2026-01-01T00:00:00Z",
    fingerprint: { config: sha256Hex(prepared.configBytes), workflow: sha256Hex(prepared.workflowBytes) },
    shots: names,
    order: config.shots.order,
    seed: 1,
  }).plan;
  return { runs: plan.runs.length, shots: names.length };
}

describe("shipped configs", () => {
  it("finds the configs under workflows/", () => {
    expect(configs.length).toBeGreaterThanOrEqual(9);
    for (const expected of ["smoke", "baseline", "seed_mining", "sampler_surfing", "parameter_search"]) {
      expect(configs).toContain(`workflows/wan2_14B_flf2v/configs/${expected}.yaml`);
    }
    expect(configs).toContain("workflows/wan2_5B_ti2v/configs/smoke.yaml");
    expect(configs).toContain("workflows/wan2_5B_ti2v/configs/baseline.yaml");
  });

  describe.each(configs)("%s", (file) => {
    const text = readFileSync(repoFile(file), "utf8");
    const stated = statedCount(headerOf(text));

    it("states its run count in the header (… = N runs)", () => {
      expect(stated, `${file}: the header comment should end a line with "= <N> runs"`).toBeDefined();
    });

    it("passes the dry run with the real node definitions, without warnings, and plans the stated number of runs", async () => {
      const prepared = await prepare(file);
      expect(prepared.warnings).toEqual([]);
      const { runs } = await plannedRuns(prepared);
      if (stated === undefined) return; // reported by the test above
      expect(runs).toBe(stated.runs);
      if (stated.seeds !== undefined) expect(prepared.config.seedsPerSample).toBe(stated.seeds);
    });

    it("points its editor schema at the published JSON Schema (when it names one)", () => {
      const modeline = /^#\s*yaml-language-server:\s*\$schema=(\S+)/m.exec(text);
      if (!modeline?.[1]) return;
      const target = path.resolve(path.dirname(repoFile(file)), modeline[1]);
      expect(path.relative(repoRoot, target)).toBe(path.join("schema", "config.schema.json"));
    });
  });

  it("the WAN configs write to the repository's output/ folder and never vary weight_dtype", async () => {
    for (const file of configs.filter((f) => f.startsWith("workflows/wan2_"))) {
      const prepared = await prepare(file);
      expect(prepared.config.output.baseDir, file).toBe(repoFile("output").replace(/[\\/]$/, ""));
      const inputs = prepared.config.parameters.flatMap((p) => p.paths.map((p2) => p2.input));
      expect(inputs, file).not.toContain("weight_dtype");
    }
  });

  it("node 58 of the 14B workflow (add_noise: disable) never gets a random seed", async () => {
    for (const file of configs.filter((f) => f.startsWith("workflows/wan2_14B_flf2v/"))) {
      const prepared = await prepare(file);
      const seeded = prepared.config.parameters.filter((p) => p.type === "random_seed").flatMap((p) => p.paths.map((x) => x.node));
      expect(seeded, file).toEqual(["57"]);
    }
  });

  it("the 14B sweeps write cfg, shift and LoRA strength to both passes", async () => {
    const both: Record<string, [string, string]> = { cfg: ["57", "58"], shift: ["54", "55"], strength_model: ["91", "92"] };
    for (const name of ["baseline", "parameter_search"]) {
      const prepared = await prepare(`workflows/wan2_14B_flf2v/configs/${name}.yaml`);
      for (const [input, nodes] of Object.entries(both)) {
        const parameter = prepared.config.parameters.find((p) => p.paths.some((x) => x.input === input));
        expect(
          parameter?.paths.map((x) => `${x.node}.${x.input}`),
          `${name}: ${input}`,
        ).toEqual(nodes.map((n) => `${n}.${input}`));
      }
    }
  });
});

describe("shipped smoke configs run on the simulator", () => {
  let sim: Sim | undefined;
  afterEach(async () => {
    await sim?.stop();
    sim = undefined;
  });

  const smokes = configs.filter((file) => path.basename(file) === "smoke.yaml");

  it.each(smokes)("%s", async (file) => {
    sim = await startSim({ models: "any", runTime: { fixedMs: 1 } });
    const source = repoFile(file);
    const text = await readFile(source, "utf8");

    // A copy that reads the shipped workflow and writes into a temp folder.
    const dir = await tempDir("cr-smoke-");
    const workflowLine = /^workflow_file:.*$/m;
    const baseDirLine = /^(\s+)base_dir:.*$/m;
    expect(text).toMatch(workflowLine);
    expect(text).toMatch(baseDirLine);
    const prepared = await prepare(file);
    const copy = text
      .replace(workflowLine, `workflow_file: ${JSON.stringify(prepared.config.workflowFile)}`)
      .replace(baseDirLine, `$1base_dir: ${JSON.stringify(path.join(dir, "output"))}`);
    const configFile = path.join(dir, "smoke.yaml");
    await writeFile(configFile, copy);

    // Every image a LoadImage node names must be in the server's input folder.
    for (const node of Object.values(prepared.workflow)) {
      const image = node.class_type === "LoadImage" ? node.inputs["image"] : undefined;
      if (typeof image === "string") {
        await mkdir(path.dirname(path.join(sim.inputDir, image)), { recursive: true });
        await copyFile(repoFile("shots/harbor_dawn/first_frame.png"), path.join(sim.inputDir, image));
      }
    }

    const captured = captureUi();
    const code = await batch(
      {
        configFile,
        servers: [sim.url],
        headers: [],
        allowLarge: false,
        forceNew: false,
        force: false,
        retryFailed: false,
        extend: false,
        skipModelCheck: true,
        score: false,
      },
      { ui: captured.ui, signal: new AbortController().signal },
    );
    expect(code, `${captured.out()}\n${captured.err()}`).toBe(0);
    const batches = readdirSync(path.join(dir, "output")).filter((name) => name.startsWith("batch_"));
    expect(batches).toHaveLength(1);
    const progress = JSON.parse(await readFile(path.join(dir, "output", batches[0] ?? "", "progress.json"), "utf8")) as { completed: number; failed: number };
    expect(progress).toMatchObject({ completed: prepared.built.plan.runs.length, failed: 0 });
    expect(sim.submittedPrompts()).toHaveLength(prepared.built.plan.runs.length);
  });
});
