/**
 * Two tabs on one `--serve` page (separate browser contexts, so no shared localStorage): each
 * rates a different run, and neither erases the other's rating in ratings.json. Light: no
 * media, no previews.
 */
import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFakeBatch } from "../helpers/fake-batch.js";
import { CHROMIUM, launchArgs, startSheet, waitFor } from "../helpers/sheet-browser.js";

const BIN = path.resolve("dist/bin/cr-contact-sheet.js");

interface SavedRatings {
  ratings: Record<string, { stars: number }>;
}

describe.skipIf(!existsSync(CHROMIUM) || !existsSync(BIN))("ratings from two tabs on one --serve page", () => {
  let browser: Browser;
  let server: ChildProcess | undefined;
  let batchDir: string;
  let url: string;

  beforeAll(async () => {
    batchDir = (await writeFakeBatch(await mkdtemp(path.join(os.tmpdir(), "cr-two-tabs-")), { media: false })).dir;
    const started = await startSheet(BIN, [batchDir, "--no-previews", "--serve", "--port", "0", "--json"]);
    server = started.child;
    url = started.url!;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: launchArgs, headless: true });
  }, 60_000);

  afterAll(async () => {
    server?.kill("SIGTERM");
    await browser?.close();
  });

  async function openTab(): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 1200, height: 800 } })).newPage();
    await page.goto(url);
    await page.waitForSelector("body[data-ready]");
    return page;
  }
  async function rate(page: Page, card: number, key: string): Promise<void> {
    await page.locator("#grid .card").nth(card).click();
    await page.keyboard.press(key);
    await page.keyboard.press("Escape");
  }
  const starsOf = (page: Page, card: number): Promise<string | null> => page.locator("#grid .card").nth(card).locator(".stars").textContent();
  const savedWhen = (ready: (saved: SavedRatings) => boolean): Promise<SavedRatings> =>
    waitFor(async () => {
      const text = await readFile(path.join(batchDir, "ratings.json"), "utf8").catch(() => "");
      const saved = text ? (JSON.parse(text) as SavedRatings) : undefined;
      return saved && ready(saved) ? saved : undefined;
    });

  it("keeps both tabs' ratings, and each tab shows the other's after a reload", async () => {
    const first = await openTab();
    const second = await openTab(); // loaded before the first tab rates anything
    const sentBySecond: string[][] = [];
    second.on("request", (req) => {
      if (req.method() === "POST") sentBySecond.push(Object.keys((JSON.parse(req.postData() ?? "{}") as SavedRatings).ratings));
    });
    await rate(first, 0, "4");
    await savedWhen((s) => s.ratings["1"]?.stars === 4);
    await rate(second, 1, "2");
    const saved = await savedWhen((s) => s.ratings["2"]?.stars === 2);
    expect(saved.ratings["1"]?.stars).toBe(4);
    expect(sentBySecond).toEqual([["2"]]); // only what changed in that tab
    // The second tab's save answered with the merged set: it shows the first tab's rating already.
    await expect.poll(() => starsOf(second, 0), { timeout: 20_000 }).toBe("★★★★");
    await first.reload();
    await first.waitForSelector("body[data-ready]");
    expect(await starsOf(first, 1)).toBe("★★");
    const third = await openTab();
    expect([await starsOf(third, 0), await starsOf(third, 1)]).toEqual(["★★★★", "★★"]);
  });
});
