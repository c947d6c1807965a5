/**
 * The pivot view's "video command" button in chromium: the command it shows for the grid on screen
 * is run as printed (the BUILT binary, from the folder that holds the batch) and makes a video with
 * one labelled tile per cell of the pivot table.
 */
import { execFile, execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFakeBatch, type FakeBatch } from "../helpers/fake-batch.js";
import { hasFfmpeg } from "../helpers/fake-media.js";
import { CHROMIUM, launchArgs, startSheet } from "../helpers/sheet-browser.js";

const BIN = path.resolve("dist/bin/cr-contact-sheet.js");
const ready = existsSync(CHROMIUM) && existsSync(BIN) && hasFfmpeg();

/** Words of a command line made of plain words and '…' quoted ones (what the page's shellQuote writes). */
function shellWords(line: string): string[] {
  return [...line.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)].map((m) => (m[1] !== undefined ? m[1].replaceAll("'\\''", "'") : (m[2] ?? "")));
}

function run(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: "1" } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe.skipIf(!ready)("the pivot's video command", () => {
  let batch: FakeBatch;
  let context: BrowserContext;
  let page: Page;
  let home: string;

  beforeAll(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), "cr-browser-video-"));
    batch = await writeFakeBatch(home);
    context = await chromium.launchPersistentContext(path.join(home, "chromium"), { executablePath: CHROMIUM, args: launchArgs, headless: true });
    page = context.pages()[0] ?? (await context.newPage());
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await rm(home, { recursive: true, force: true });
  });

  it("shows the command for the rows, columns and selectors on screen, and that command makes the grid", async () => {
    const { htmlPath } = await startSheet(BIN, [batch.dir, "--no-previews"]);
    await page.goto(pathToFileURL(htmlPath!).href);
    await page.waitForSelector("body[data-ready]");
    await page.click("#view-pivot");
    await page.click("#pivot-video");
    const name = path.basename(batch.dir);
    expect(await page.locator("#pivot-video-cmd").textContent()).toBe(
      `cr-contact-sheet ${name} --export-video grid_sampler_by_cfg.mp4 --rows sampler --cols cfg`,
    );
    // The seed selector's first range leaves out run 1's 2^64-1 seed; the command says so with --where.
    await page.selectOption("select[data-pick='p:seed']", "0");
    const command = (await page.locator("#pivot-video-cmd").textContent()) ?? "";
    expect(command).toBe(`cr-contact-sheet ${name} --export-video grid_sampler_by_cfg.mp4 --rows sampler --cols cfg --where seed=1014..1084`);
    const cells = await page.locator("#pivot-table td").count();
    expect(cells).toBe(6);
    expect(await page.locator("#pivot-table .mini").count()).toBe(11);

    const [program, ...args] = shellWords(command);
    expect(program).toBe("cr-contact-sheet");
    const result = await run([...args, "--json"], home);
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.code).toBe(0);
    const written = result.stdout
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((e) => e["kind"] === "video_written");
    expect(written).toMatchObject({ rows: 2, cols: 3, labels: cells, blanks: 0 });
    const size = execFileSync("ffprobe", ["-v", "error", "-show_entries", "stream=width,height", "-of", "csv=p=0", path.join(home, "grid_sampler_by_cfg.mp4")])
      .toString()
      .trim();
    expect(size).toBe(`${written?.["width"]},${written?.["height"]}`);
    // Run again without --force: the file is kept and the user told.
    const again = await run(args, home);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/grid_sampler_by_cfg\.mp4 already exists\.\n\s+Pass --force to replace it/);
  });
});
