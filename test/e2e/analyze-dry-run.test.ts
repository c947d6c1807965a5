/**
 * analyze → run as generated: the config cr-analyze writes passes cr-batch's validation and a
 * dry run, and every planned run's workflow passes the simulator's validation with ComfyUI's
 * real /object_info, both as generated and with every commented-out block uncommented.
 */
import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseConfigText, validateAgainstWorkflow } from "../../src/core/config/index.js";
import { applyPatches } from "../../src/core/batch/apply.js";
import { buildPlan } from "../../src/core/plan/index.js";
import { loadWorkflowFile } from "../../src/core/workflow/load.js";
import { NodeCatalog, loadRealObjectInfo } from "../../src/sim/nodes.js";
import { validatePrompt } from "../../src/sim/validate.js";
import type { JsonObject } from "../../src/sim/types.js";
import { realNodeDefs, realObjectInfoJson } from "../helpers/object-info.js";
import { tempDir } from "../helpers/tmp.js";
import { ensureBuilt, INPUTS, ROOT, run } from "./analyze-helpers.js";

const CR_BATCH = path.join(ROOT, "dist/bin/cr-batch.js");
const WORKFLOWS = ["wan2_14B_flf2v.json", "wan2_5B_ti2v.json", "flf2v_complet.json", "mf-scale-blend.json", "mf-invert.json"];

beforeAll(ensureBuilt, 180_000);

/** Removes the "# " of every commented-out parameter block (the key line and its indented lines). */
function uncommentAll(yaml: string): string {
  let inBlock = false;
  return yaml
    .split("\n")
    .map((line) => {
      if (/^ {2}# [a-z0-9_]+: {2}# /.test(line)) {
        inBlock = true;
        return `  ${line.slice(4)}`;
      }
      if (inBlock && line.startsWith("  #   ")) return `    ${line.slice(6)}`;
      inBlock = false;
      return line;
    })
    .join("\n");
}

async function generate(name: string): Promise<{ dir: string; configFile: string }> {
  const dir = await tempDir("cr-analyze-run-");
  const workflow = path.join(dir, "wf", "workflow.json");
  await mkdir(path.dirname(workflow));
  await copyFile(path.join(INPUTS, name), workflow);
  const configFile = path.join(dir, "configs", "sweep.yaml");
  const result = await run([workflow, "-o", configFile], dir);
  expect(result.code, result.stderr).toBe(0);
  return { dir, configFile };
}

async function expectEveryRunValid(configFile: string, text: string): Promise<number> {
  const config = parseConfigText(text, configFile);
  const workflow = await loadWorkflowFile(config.workflowFile);
  validateAgainstWorkflow(config, workflow, realNodeDefs());
  const { plan } = buildPlan(config, { createdAt: "2026-01-01T00:00:00.000Z", fingerprint: { config: "x", workflow: "y" }, seed: 7 });
  const catalog = new NodeCatalog(loadRealObjectInfo(), "any", ROOT);
  for (const planned of plan.runs) {
    const prompt = applyPatches(workflow, planned.patches) as unknown as JsonObject;
    const verdict = await validatePrompt(prompt, undefined, catalog, () => true);
    expect(verdict.ok, `run ${planned.run_id}: ${JSON.stringify(verdict.nodeErrors).slice(0, 400)}`).toBe(true);
  }
  return plan.runs.length;
}

describe.each(WORKFLOWS)("analyze → dry run: %s", (name) => {
  it("passes the batch validation, and every planned run passes ComfyUI's validation", async () => {
    const { configFile } = await generate(name);
    const text = await readFile(configFile, "utf8");
    expect(await expectEveryRunValid(configFile, text)).toBeGreaterThan(0);
  });

  it("stays valid with every commented-out block uncommented", async () => {
    const { configFile } = await generate(name);
    const text = uncommentAll(await readFile(configFile, "utf8"));
    expect(text).not.toMatch(/^ {2}# [a-z0-9_]+: {2}# /m);
    const all = `${configFile}.all.yaml`;
    await writeFile(all, text);
    expect(await expectEveryRunValid(all, text)).toBeGreaterThan(0);
  });

  it.skipIf(!existsSync(CR_BATCH))("runs `cr-batch <config> --dry-run` successfully", async () => {
    const { dir, configFile } = await generate(name);
    const info = path.join(dir, "object_info.json");
    await writeFile(
      info,
      JSON.stringify(realObjectInfoJson(), (_k, v: unknown) => (typeof v === "bigint" ? Number(v) : v)),
    );
    const result = await run([configFile, "--dry-run", "--object-info", info, "--seed", "1"], dir, CR_BATCH);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Dry run: nothing was written or queued/);
  });
});
