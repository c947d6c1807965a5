/**
 * Scores on the contact sheet in chromium: flag badges on the cards, sorting by a score (with its
 * colour scale), filtering by a flag and by a score range, and the judge's verdict in the player
 * as plain text. Light: a fake batch without media, --no-previews, scores.json written by hand.
 * Saves test-artifacts/contact-sheet-scores.png (sorted by flicker).
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JUDGE_FILE_VERSION, type JudgeFile } from "../../src/core/score/judge-types.js";
import type { Scores } from "../../src/core/score/types.js";
import { writeFakeBatch } from "../helpers/fake-batch.js";
import { videoScores } from "../helpers/fake-scores.js";
import { CHROMIUM, launchArgs, startSheet } from "../helpers/sheet-browser.js";

/** The DOM parts the tests read (the test tsconfig has no DOM lib). */
interface PageElement {
  dataset: Record<string, string | undefined>;
  style: { background: string };
}
interface PageWindow {
  getComputedStyle(element: unknown): { backgroundColor: string };
}

const BIN = path.resolve("dist/bin/cr-contact-sheet.js");
const HOSTILE_SUMMARY = `Smooth pan <img src=x onerror=alert(1)> over the harbor`;

/** run_id → its scores.json (runs 4 and 12 failed or never ran; the others have none). */
const SCORED: Record<number, Scores | Record<string, unknown>> = {
  1: videoScores({ freeze_share: 0.8, flicker: 0.9 }, { frozen: true, black: false }),
  2: videoScores({ black_share: 0.5, cuts: 2, flicker: 0.95 }, { black: true, cut: true }),
  3: videoScores({ flicker: 0.99 }),
  5: videoScores({ flicker: 0.8, flicker_worst: 0.6 }, { flicker: true }),
  7: {
    ...videoScores(),
    status: "failed",
    reason: "moov atom not found",
    kind: undefined,
    media: undefined,
    values: undefined,
    details: undefined,
    flags: undefined,
    warnings: undefined,
  },
  8: videoScores({ flicker: 0.97 }),
};

/** Run 3's judge.json, as cr-score --judge writes it next to scores.json. */
const JUDGED: Record<number, JudgeFile> = {
  3: {
    version: JUDGE_FILE_VERSION,
    file: "video.mp4",
    bytes: 1,
    modified: "2026-01-01T00:00:00.000Z",
    result: {
      status: "ok",
      cached: false,
      model: "qwen2.5-vl",
      rubric: "r1",
      frames: 4,
      ratings: { motion_physics: 7, overall_realism: 9 },
      summary: HOSTILE_SUMMARY,
      tokens: { prompt: 1, completion: 1, total: 2 },
      attempts: 1,
      judged_at: "2026-01-01T00:00:00.000Z",
    },
  },
};

describe.skipIf(!existsSync(CHROMIUM) || !existsSync(BIN))("scores on the contact sheet in chromium", () => {
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    const batch = await writeFakeBatch(await mkdtemp(path.join(os.tmpdir(), "cr-sheet-scores-")), { media: false });
    for (const run of batch.runs) {
      const scores = SCORED[run.runId];
      if (scores) await writeFile(path.join(batch.dir, "runs", run.name, "scores.json"), JSON.stringify(scores));
      const judged = JUDGED[run.runId];
      if (judged) await writeFile(path.join(batch.dir, "runs", run.name, "judge.json"), JSON.stringify(judged));
    }
    const { htmlPath } = await startSheet(BIN, [batch.dir, "--no-previews"]);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: launchArgs, headless: true });
    page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("dialog", (d) => {
      problems.push(`dialog (XSS?): ${d.message()}`);
      void d.dismiss();
    });
    await page.goto(pathToFileURL(htmlPath!).href);
    await page.waitForSelector("body[data-ready]");
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  const card = (id: number) => page.locator(`#grid .card[data-id='${id}']`);
  const shownIds = async (): Promise<number[]> =>
    (await page.locator("#grid .card").evaluateAll((cards) => cards.map((c) => (c as unknown as PageElement).dataset["id"]))).map(Number);

  it("shows a badge for each raised flag, and one for a file that could not be scored", async () => {
    expect(await card(1).locator(".flag").allTextContents()).toEqual(["frozen"]);
    expect(await card(2).locator(".flag").allTextContents()).toEqual(["black", "cut"]);
    expect(await card(5).locator(".flag").allTextContents()).toEqual(["flicker"]);
    expect(await card(7).locator(".flag.unscored").getAttribute("title")).toBe("moov atom not found");
    expect(await card(3).locator(".flag").count()).toBe(0);
    // Styled by the page's CSS: a severe flag is red (test/ has no DOM types, hence the cast).
    expect(
      await card(1)
        .locator(".flag")
        .evaluate((b) => (globalThis as unknown as PageWindow).getComputedStyle(b).backgroundColor),
    ).toBe("rgb(229, 72, 77)");
    expect(await card(5).locator(".flag").isVisible()).toBe(true);
  });

  it("sorts by a score, runs without it last, with a colour from worst (red) to best (green)", async () => {
    await page.selectOption("#sort", "s:flicker");
    expect((await shownIds()).slice(0, 5)).toEqual([5, 1, 2, 8, 3]);
    await mkdir("test-artifacts", { recursive: true });
    await page.screenshot({ path: "test-artifacts/contact-sheet-scores.png" });
    expect(await card(5).locator(".scale-value").textContent()).toBe("0.8");
    const colour = (id: number): Promise<string> =>
      card(id)
        .locator(".scale-value")
        .evaluate((p) => (p as unknown as PageElement).style.background);
    expect(await colour(5)).toBe("rgb(160, 34, 34)"); // hsl(0 65% 38%)
    expect(await colour(3)).toBe("rgb(34, 160, 34)"); // hsl(120 65% 38%)
    expect(await card(9).locator(".scale-value").textContent()).toBe("—"); // completed, not scored
    expect(await card(4).locator(".scale").count()).toBe(0); // failed: nothing to measure
    await page.click("#sort-dir");
    expect((await shownIds()).slice(-1)).toEqual([5]);
    await page.click("#sort-dir");
    await page.selectOption("#sort", "id");
    expect(await page.locator("#grid .scale").count()).toBe(0);
  });

  it("filters by flag (any of the picked ones) and by a score range", async () => {
    await page.check("[data-flag-filter='frozen']");
    expect(await shownIds()).toEqual([1]);
    await page.check("[data-flag-filter='cut']");
    expect(await shownIds()).toEqual([1, 2]);
    await page.click("#reset-filters");
    await page.check("[data-flag-filter='none']");
    expect(await shownIds()).toEqual([3, 8]);
    await page.click("#reset-filters");
    expect(await page.locator("#grid .card").count()).toBe(12);
    await page.fill("#search", "frozen");
    expect(await shownIds()).toEqual([1]);
    await page.click("#reset-filters");
    await page.click("#score-ranges summary");
    await page.fill("[data-filter='s:flicker:min']", "0.96");
    expect(await shownIds()).toEqual([3, 8]);
    await page.click("#reset-filters");
  });

  it("exports the flags and the main scores with the metadata", async () => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export-all")]);
    const [header, first] = (await readFile((await download.path())!, "utf8")).split("\r\n");
    expect(header).toMatch(
      /,outputs,score_flags,score_flicker,score_flicker_worst,score_freeze_share,.*,judge_mean,judge_motion_physics,judge_overall_realism,stars,/,
    );
    expect(first).toMatch(/,frozen,0\.9,0\.95,0\.8,/);
  });

  it("shows the scores and the judge's ratings and text in the player, as text", async () => {
    await card(3).click();
    await page.waitForSelector("#player.open");
    expect(await page.locator("#player-scores").textContent()).toContain("no flag raised");
    expect(await page.locator("#player-scores tr", { hasText: "flicker" }).first().textContent()).toBe("flicker0.99");
    expect(await page.locator("#player-judge .judge-summary").textContent()).toBe(HOSTILE_SUMMARY);
    expect(await page.locator("#player-judge img").count()).toBe(0);
    expect(await page.locator("#player-judge tr").allTextContents()).toEqual(["motion_physics7", "overall_realism9", "mean8"]);
    expect(await page.locator("#player-judge").textContent()).toContain("qwen2.5-vl");
    await page.keyboard.press("Escape");
    await card(1).click();
    expect(await page.locator("#player-scores .flag").allTextContents()).toEqual(["frozen"]);
    expect(await page.locator("#player-judge").count()).toBe(0);
    await page.keyboard.press("Escape");
    expect(problems).toEqual([]);
  });
});
