/**
 * The Insights view of a real batch: cr-batch sweeps cfg, steps, shift and a sampler (which the
 * landscape ignores) on the simulator with two seeds per point; stars follow the synthetic
 * landscape's true value (src/sim/landscape.ts) plus a seed wobble. Small still images keep the
 * batch light: the ratings, not the pixels, carry the landscape. The BUILT cr-contact-sheet's Insights view
 * shows one effect bar per parameter in cr-report's order, the sampler within noise, cr-report's
 * noise note and as many Pareto points as cr-report's front.
 */
import { existsSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { report, type Report } from "../../src/commands/report/index.js";
import { BatchReader, saveRatings, type Rating } from "../../src/core/store/index.js";
import { landscapeQuality, startSim } from "../../src/sim/index.js";
import { onlyBatch, runInProcess } from "../helpers/batch-reliability.js";
import { CHROMIUM, launchArgs, startSheet } from "../helpers/sheet-browser.js";
import { captureUi } from "../helpers/ui.js";
import { videoPrompt } from "../../src/sim/landscape-workflow.js";

const BIN = path.resolve("dist/bin/cr-contact-sheet.js");

const CONFIG = `workflow_file: workflow.json
sampling_strategy: sobol
num_samples: 24
seeds_per_sample: 2
seed: 20261202
parameters:
  cfg: { type: continuous, min: 1, max: 9, step: 0.5, path: nodes.5.inputs.cfg }
  steps: { type: int, min: 4, max: 20, path: nodes.5.inputs.steps }
  shift: { type: continuous, min: 4, max: 10, step: 0.5, path: nodes.2.inputs.shift }
  sampler: { values: [euler, dpmpp_2m], path: nodes.5.inputs.sampler_name }
  seed: { type: random_seed, path: nodes.5.inputs.seed }
output:
  base_dir: output
  run_name_pattern: "{run_id:04d}"
`;

/** The landscape tests' WAN-like chain (shift on the model, cfg and steps on the sampler), saving one 64×64 image. */
function imageWorkflow(): Record<string, unknown> {
  const { "7": _video, "8": _save, ...chain } = videoPrompt({ cfg: 5, steps: 20, shift: 5, seed: 1 }, "land");
  return {
    ...chain,
    "4": { class_type: "EmptyLatentImage", inputs: { width: 64, height: 64, batch_size: 1 } },
    "7": { class_type: "SaveImage", inputs: { images: ["6", 0], filename_prefix: "land" } },
  };
}

async function landscapeBatch(): Promise<string> {
  const sim = await startSim({ landscape: true, runTime: { fixedMs: 1, perStepMs: 2 }, models: { ckpt_name: ["model.safetensors"] } });
  try {
    const dir = await mkdtemp(path.join(os.tmpdir(), "cr-insights-sim-"));
    await writeFile(path.join(dir, "workflow.json"), JSON.stringify(imageWorkflow(), null, 2));
    await writeFile(path.join(dir, "sweep.yaml"), CONFIG);
    const outcome = await runInProcess(path.join(dir, "sweep.yaml"), [sim.url]);
    expect(outcome.code, outcome.err).toBe(0);
    return await onlyBatch(path.join(dir, "output"));
  } finally {
    await sim.stop();
  }
}

/** 0–5 stars from the landscape's true value, one star up or down by the seed: seed noise the report can measure. */
async function rateByLandscape(dir: string): Promise<void> {
  const plan = (await new BatchReader(dir).plan()).value!;
  const ratings = new Map<string, Rating>();
  for (const run of plan.runs) {
    const v = run.values as Record<string, number | bigint>;
    const quality = landscapeQuality({ cfg: Number(v["cfg"]), steps: Number(v["steps"]), shift: Number(v["shift"]) });
    const wobble = (Number(BigInt(v["seed"] ?? 0) % 3n) - 1) * 0.5;
    ratings.set(String(run.run_id), { stars: Math.min(5, Math.max(0, Math.round(quality * 5 + wobble))), reject: false, t: 1 });
  }
  await saveRatings(dir, ratings);
}

describe.skipIf(!existsSync(CHROMIUM) || !existsSync(BIN))("the Insights view of a simulator landscape batch in chromium", () => {
  it("ranks the parameters as cr-report does, the ignored sampler within noise", async () => {
    const dir = await landscapeBatch();
    await rateByLandscape(dir);
    let out = "";
    await report({ batchDirs: [dir], top: 5, json: true }, { ui: captureUi().ui, write: (text) => (out += text) });
    const expected = JSON.parse(out) as Report;
    expect(expected.runs.used).toBe(48);
    // The landscape's three parameters stand out of the seed wobble; the sampler, which it ignores, does not.
    expect(expected.effects.filter((e) => !e.withinNoise).map((e) => e.name)).toEqual(["shift", "steps", "cfg"]);

    const { htmlPath } = await startSheet(BIN, [dir, "--no-previews"]);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: launchArgs, headless: true });
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const problems: string[] = [];
      page.on("pageerror", (e) => problems.push(e.message));
      await page.goto(pathToFileURL(htmlPath!).href);
      await page.waitForSelector("body[data-ready]");
      await page.click("#view-insights");
      const rows = page.locator("#insights .effects-chart .effect");
      expect(await rows.locator(".name").allTextContents()).toEqual(expected.effects.map((e) => e.name));
      expect(await rows.count()).toBe(4);
      expect(await rows.last().locator(".name").textContent()).toBe("sampler");
      expect(await rows.last().getAttribute("class")).toContain("within-noise");
      expect(await page.locator("#insights .effects-chart .effect.beyond-noise .name").allTextContents()).toEqual(
        expected.effects.filter((e) => !e.withinNoise).map((e) => e.name),
      );
      expect(await page.locator("#insights .heatmap").count()).toBe(expected.interactions.filter((i) => i.supported).length);
      expect(await page.locator("#insights .interaction-unsupported").count()).toBe(expected.interactions.filter((i) => !i.supported).length);
      expect(await page.locator("#insights-noise").textContent()).toContain(expected.noise.note);
      expect(await page.locator("#insights .pareto-chart .pt.front").count()).toBe(expected.pareto.length);
      expect(await page.locator("#insights .pareto-chart .pt").count()).toBe(48);
      expect(problems).toEqual([]);
      if (process.env["INSIGHTS_SCREENSHOT"]) await page.screenshot({ path: process.env["INSIGHTS_SCREENSHOT"], fullPage: true });
    } finally {
      await browser.close();
    }
  }, 120_000);
});
