/**
 * The contact sheet in a real browser (Debian's chromium through playwright-core): a sheet made
 * by the BUILT binary from a fixture batch, opened from file:// and through --serve.
 * Saves test-artifacts/contact-sheet.png.
 */
import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOSTILE_SAMPLER, writeFakeBatch, type FakeBatch } from "../helpers/fake-batch.js";
import { hasFfmpeg } from "../helpers/fake-media.js";
import { CHROMIUM, launchArgs, startSheet, waitFor } from "../helpers/sheet-browser.js";

const BIN = path.resolve("dist/bin/cr-contact-sheet.js");
const ready = existsSync(CHROMIUM) && existsSync(BIN) && hasFfmpeg();
if (!existsSync(CHROMIUM)) console.warn(`Skipping the contact-sheet browser test: ${CHROMIUM} is absent (apt-get install chromium).`);

describe.skipIf(!ready)("contact sheet in chromium", () => {
  let batch: FakeBatch;
  let context: BrowserContext;
  let page: Page;
  let server: ChildProcess | undefined;
  const problems: string[] = [];

  beforeAll(async () => {
    batch = await writeFakeBatch(await mkdtemp(path.join(os.tmpdir(), "cr-browser-")));
    const userDataDir = await mkdtemp(path.join(os.tmpdir(), "cr-chromium-"));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      args: launchArgs,
      headless: true,
      viewport: { width: 1400, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(`console: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("dialog", (d) => {
      problems.push(`dialog (XSS?): ${d.message()}`);
      void d.dismiss();
    });
  }, 120_000);

  afterAll(async () => {
    server?.kill("SIGTERM");
    await context?.close();
  });

  async function cardCount(): Promise<number> {
    return page.locator("#grid .card").count();
  }

  it("shows every run as a card from file://, with hostile values as plain text", async () => {
    // Previews are covered by test/integration/contact-sheet and the simulator sheet; 22 ffmpeg runs
    // here took over 60 s on a loaded machine.
    const { htmlPath } = await startSheet(BIN, [batch.dir, "--no-previews"]);
    expect(htmlPath).toBe(path.join(batch.dir, "contact_sheet.html"));
    await page.goto(pathToFileURL(htmlPath!).href);
    await page.waitForSelector("body[data-ready]");
    expect(await cardCount()).toBe(12);
    expect(await page.locator("#fixed .chip").count()).toBe(2); // steps and prompt are fixed
    expect(await page.locator("#grid .card .chip", { hasText: HOSTILE_SAMPLER }).count()).toBe(6);
    expect(await page.locator("#grid img[src='x']").count()).toBe(0);
    expect(await page.locator("#grid .card .err").first().textContent()).toContain("<b onmouseover");
  });

  it("sorts by a parameter both ways", async () => {
    await page.selectOption("#sort", "p:cfg");
    const firstCfg = (): Promise<string | null> => page.locator("#grid .card").first().locator(".chip", { hasText: "cfg" }).textContent();
    expect(await firstCfg()).toBe("cfg1");
    await page.click("#sort-dir");
    expect(await firstCfg()).toBe("cfg2");
    await page.click("#sort-dir");
    await page.selectOption("#sort", "id");
  });

  it("filters by text, by checkbox and by range", async () => {
    await page.fill("#search", "euler");
    expect(await cardCount()).toBe(6);
    await page.fill("#search", "");
    await page.locator("#filters label", { hasText: "failed" }).locator("input").uncheck();
    expect(await cardCount()).toBe(11);
    await page.click("#reset-filters");
    expect(await cardCount()).toBe(12);
    await page.fill("[data-filter='p:seed:max']", "1030");
    expect(await cardCount()).toBe(3);
    await page.click("#reset-filters");
    await page.selectOption("#group", "p:cfg");
    expect(await page.locator(".group-head").count()).toBe(3);
    await page.selectOption("#group", "");
  });

  it("pivots cfg against sampler with the seeds stacked", async () => {
    await page.click("#view-pivot");
    expect(await page.locator("#pivot-table td").count()).toBe(6);
    expect(await page.locator("#pivot-table .mini").count()).toBe(12);
    await page.selectOption("#pivot-seeds", "cycle");
    expect(await page.locator("#pivot-table .mini:visible").count()).toBe(6);
    await page.click("#view-grid");
  });

  it("opens the player with every parameter and the reproducing command; keys move and close", async () => {
    await page.locator("#grid .card").nth(1).click();
    await page.waitForSelector("#player.open video");
    // readyState 2 = the current frame is decoded: the video really plays, its path is right.
    // Polled from here: waitForFunction's in-page polling evaluates a string, which the page's CSP
    // (rightly) refuses whenever the first check is not already true.
    const readyState = (): Promise<number> => page.locator("#player video").evaluate((video: unknown) => (video as { readyState: number }).readyState);
    await waitFor(async () => ((await readyState()) >= 2 ? true : undefined), 20_000);
    expect(await page.locator("#player-cmd").textContent()).toMatch(/^cr-run batch_[^ ]+\/workflow\.json --set nodes\.57\.inputs\.cfg=1 /);
    expect(await page.locator("#player-params tr").count()).toBeGreaterThanOrEqual(6);
    await page.keyboard.press("ArrowRight");
    expect(await page.locator("#player h2").textContent()).toBe("Run 0003");
    await page.keyboard.press("Escape");
    expect(await page.locator("#player.open").count()).toBe(0);
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    expect(await page.locator("#grid .card.focus").getAttribute("data-id")).toBe("2");
    await page.keyboard.press("Enter");
    expect(await page.locator("#player h2").textContent()).toBe("Run 0002");
    await page.keyboard.press("Escape");
  });

  it("saves a rating to ratings.json through --serve", async () => {
    const started = await startSheet(BIN, [batch.dir, "--serve", "--port", "0", "--json", "--no-previews"]);
    server = started.child;
    await page.goto(started.url!);
    await page.waitForSelector("body[data-ready]");
    expect(await cardCount()).toBe(12);
    await page.locator("#grid .card").first().click();
    await page.keyboard.press("4");
    await page.keyboard.press("Escape");
    const saved = await waitFor(async () => {
      const text = await readFile(path.join(batch.dir, "ratings.json"), "utf8").catch(() => "");
      return text.includes('"stars": 4') ? (JSON.parse(text) as { ratings: Record<string, { stars: number; run_name?: string }> }) : undefined;
    });
    expect(saved.ratings["1"]).toMatchObject({ stars: 4, run_name: "0001" });
    expect(await page.locator("#grid .card").first().locator(".stars").textContent()).toBe("★★★★");
  });

  it("exports metadata with the ratings as CSV", async () => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export-all")]);
    const csv = await readFile((await download.path())!, "utf8");
    const [header, first] = csv.split("\r\n");
    expect(header).toBe("run_id,run_name,cfg,sampler,steps,prompt,seed,status,error,duration_s,outputs,stars,rejected,command");
    expect(first).toMatch(/^1,0001,1,euler,6,[\s\S]*,18446744073709551615,completed,[\s\S]*,4,0,"cr-run /);
  });

  it("takes a screenshot and saw no console errors", async () => {
    await mkdir("test-artifacts", { recursive: true });
    const card = page.locator("#grid .card").nth(2);
    const box = await card.locator(".thumb").boundingBox();
    if (box) await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
    await page.waitForTimeout(300);
    await page.screenshot({ path: "test-artifacts/contact-sheet.png", fullPage: false });
    expect(problems).toEqual([]);
  });

  it("shots batch: a shot selector and a shot × parameter view", async () => {
    const shots = await writeFakeBatch(await mkdtemp(path.join(os.tmpdir(), "cr-browser-shots-")), { shots: true });
    const { htmlPath } = await startSheet(BIN, [shots.dir, "--no-previews"]); // previews are not the subject: 22 ffmpeg runs took 45 s on a busy machine
    await page.goto(pathToFileURL(htmlPath!).href);
    await page.waitForSelector("body[data-ready]");
    expect(await cardCount()).toBe(24);
    await page.selectOption("#shot", "shot_ü&b");
    expect(await cardCount()).toBe(12);
    await page.selectOption("#shot", "");
    await page.click("#shot-x");
    expect(await page.locator("#pivot-y").inputValue()).toBe("shot");
    expect(await page.locator("#pivot-table tr").count()).toBe(3); // header + two shots
    expect(await page.locator("#pivot-table .mini").count()).toBe(24);
    await page.click("#view-grid");
    expect(problems).toEqual([]);
  });
});
