/**
 * The Insights view in chromium: a batch with ratings, scores and varied GPU times, its page made
 * by the BUILT cr-contact-sheet, shows cr-report's analysis as SVG charts (one effect bar per
 * parameter in cr-report's order, the noise note, as many Pareto points as cr-report's front),
 * switches targets, opens a best run in the player; a batch with nothing rated shows the empty state.
 */
import { existsSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { report, type Report } from "../../src/commands/report/index.js";
import { parseJson, stringifyJson, type JsonValue } from "../../src/core/json/lossless.js";
import { batchPaths, saveRatings, writeScores, type Rating } from "../../src/core/store/index.js";
import { writeFakeBatch, type FakeBatch } from "../helpers/fake-batch.js";
import { imageScores } from "../helpers/fake-scores.js";
import { CHROMIUM, launchArgs, startSheet } from "../helpers/sheet-browser.js";
import { captureUi } from "../helpers/ui.js";

const BIN = path.resolve("dist/bin/cr-contact-sheet.js");

/** Stars follow cfg with a seed wobble; blur falls with cfg; GPU time grows with cfg, so quality costs time. */
async function rateAndScore(batch: FakeBatch): Promise<void> {
  const ratings = new Map<string, Rating>();
  for (const run of batch.runs.filter((r) => r.status === "completed")) {
    const cfg = Number(run.values["cfg"]);
    ratings.set(String(run.runId), { stars: Math.min(5, Math.round((cfg - 1) * 4 + 1) + (run.runId % 2)), reject: false, t: 1 });
    await writeScores(batchPaths(batch.dir), { name: run.name }, imageScores(10 - cfg * 3 + (run.runId % 3) * 0.1));
    await setDuration(batch.dir, run.name, 20 + cfg * 10 + (run.runId % 4) * 3);
  }
  await saveRatings(batch.dir, ratings);
}

async function setDuration(dir: string, name: string, seconds: number): Promise<void> {
  const file = path.join(dir, "runs", name, "params.json");
  const params = parseJson(await readFile(file, "utf8")) as Record<string, JsonValue>;
  await writeFile(file, stringifyJson({ ...params, duration_s: seconds }, 2));
}

async function reportOf(dir: string, target?: string): Promise<Report> {
  let out = "";
  await report({ batchDirs: [dir], top: 10, json: true, target }, { ui: captureUi().ui, write: (text) => (out += text) });
  return JSON.parse(out) as Report;
}

describe.skipIf(!existsSync(CHROMIUM) || !existsSync(BIN))("the Insights view of the contact sheet in chromium", () => {
  let browser: Browser;
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: launchArgs, headless: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  async function openInsights(batchDir: string): Promise<Page> {
    const { htmlPath } = await startSheet(BIN, [batchDir, "--no-previews"]);
    const page = await (await browser.newContext({ viewport: { width: 1200, height: 900 } })).newPage();
    page.on("console", (m) => {
      // media:false batches have no files behind their cards; only script errors count here.
      if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.push(m.text());
    });
    page.on("pageerror", (e) => problems.push(e.message));
    await page.goto(pathToFileURL(htmlPath!).href);
    await page.waitForSelector("body[data-ready]");
    await page.click("#view-insights");
    await page.waitForSelector("#insights:not([hidden])");
    return page;
  }

  it("draws cr-report's effects, noise, Pareto front and best runs, and switches targets", async () => {
    const batch = await writeFakeBatch(await mkdtemp(path.join(os.tmpdir(), "cr-insights-")), { media: false });
    await rateAndScore(batch);
    const expected = await reportOf(batch.dir);
    const page = await openInsights(batch.dir);

    const names = await page.locator("#insights .effects-chart .effect .name").allTextContents();
    expect(names).toEqual(expected.effects.map((e) => e.name));
    expect(names).toHaveLength(2); // cfg and sampler; the seed is noise, the fixed steps no parameter
    expect(names[0]).toBe("cfg");
    expect(await page.locator("#insights .effects-chart .effect .bar").count()).toBe(2);
    expect(await page.locator("#insights .effects-chart .whisker").count()).toBe(2);
    expect(await page.locator("#insights-noise").textContent()).toContain(expected.noise.note);
    expect(await page.locator("#insights .levels-chart").count()).toBe(2);
    expect(await page.locator("#insights .levels-chart .noise-band").count()).toBe(2);

    const front = page.locator("#insights .pareto-chart .pt.front");
    expect(expected.pareto.length).toBeGreaterThan(1);
    expect(await front.count()).toBe(expected.pareto.length);
    expect(await page.locator("#insights .pareto-chart .pt").count()).toBe(expected.runs.used);
    expect(await page.locator("#insights .insights-best tr").count()).toBe(expected.best.length + 1);
    expect(await page.locator("#insights .insights-best code").first().textContent()).toBe(expected.best[0]!.set);
    // The hostile sampler value is a level label, as text: no element came from it.
    expect(await page.locator("#insights img").count()).toBe(0);
    expect(await page.locator("#insights").textContent()).toContain("<img src=x");

    await page.locator("#insights .insights-best td.run-link").first().click();
    await page.waitForSelector("#player.open");
    expect(await page.locator("#player h2").textContent()).toContain(expected.best[0]!.run_name);
    expect(await page.locator("#insights-outdated").count()).toBe(0);
    await page.keyboard.press("1"); // a new rating: the embedded analysis is now out of date, and says so
    await page.keyboard.press("Escape");
    expect(await page.locator("#insights-outdated").textContent()).toMatch(/reload/);

    const targets = await page.locator("#insights-target option").allTextContents();
    expect(targets).toEqual(["stars", "score:blur (higher is better)", "score:-blur (lower is better)"]); // si, entropy… are the same in every run
    await page.selectOption("#insights-target", { label: "score:-blur (lower is better)" });
    const sharp = await reportOf(batch.dir, "score:-blur");
    expect(await page.locator("#insights .effects-chart .effect .name").allTextContents()).toEqual(sharp.effects.map((e) => e.name));
    expect(await front.count()).toBe(sharp.pareto.length);
    expect(await page.locator("#insights .insights-best td.run-link").first().textContent()).toBe(sharp.best[0]!.run_name);
    expect(problems).toEqual([]);
  }, 120_000);

  it("says what to do when nothing is rated or scored", async () => {
    const batch = await writeFakeBatch(await mkdtemp(path.join(os.tmpdir(), "cr-insights-empty-")), { media: false });
    const page = await openInsights(batch.dir);
    const empty = await page.locator("#insights .insights-empty").textContent();
    expect(empty).toMatch(/rate some runs/);
    expect(empty).toMatch(/cr-score/);
    expect(await page.locator("#insights svg").count()).toBe(0);
    expect(problems).toEqual([]);
  }, 60_000);
});
