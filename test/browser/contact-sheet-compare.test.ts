/**
 * Compare mode in Debian's chromium, on a sheet made by the BUILT binary: a scripted sequence of
 * choices gives the ranking of a reference Bradley–Terry fit computed here (Newton, not the page's
 * MM), undo takes a click back, the next pair never repeats the one just judged, both clips follow
 * one control, and under --serve the comparisons reach ratings.json, come back after a reload and
 * survive two tabs comparing at once; comparisons.csv lists them. At 1366×768, a laptop screen. Saves
 * test-artifacts/compare.png.
 */
import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Comparison } from "../../src/core/analysis/bradley-terry.js";
import { newtonReference } from "../helpers/bradley-terry-reference.js";
import { BIG_SEED, writeFakeBatch, type FakeBatch } from "../helpers/fake-batch.js";
import { hasFfmpeg } from "../helpers/fake-media.js";
import { CHROMIUM, launchArgs, startSheet, waitFor } from "../helpers/sheet-browser.js";

const BIN = path.resolve("dist/bin/cr-contact-sheet.js");
const ready = existsSync(CHROMIUM) && existsSync(BIN) && hasFfmpeg();
const LAPTOP = { width: 1366, height: 768 };

/** The parts of DOM elements read here (the test's tsconfig has no DOM types). */
interface Tagged {
  dataset: Record<string, string | undefined>;
}
interface Clip {
  currentTime: number;
  playbackRate: number;
  paused: boolean;
  duration: number;
}

interface Shown {
  left: number;
  right: number;
}
interface SavedFile {
  ratings: Record<string, { reject: boolean }>;
  comparisons: Array<{ a: number; b: number; choice: string; t: number; undone?: true; by?: string }>;
}

async function shownPair(page: Page): Promise<Shown> {
  const [left, right] = await page.locator("#compare").evaluate((e) => [(e as unknown as Tagged).dataset.left, (e as unknown as Tagged).dataset.right]);
  return { left: Number(left), right: Number(right) };
}

async function ranking(page: Page): Promise<Map<number, number>> {
  const rows = await page
    .locator("#compare-ranking .cmp-row")
    .evaluateAll((list) => list.map((e) => [(e as unknown as Tagged).dataset.id, (e as unknown as Tagged).dataset.theta]));
  return new Map(rows.map(([id, theta]) => [Number(id), Number(theta)]));
}

/** The reference fit of the same clicks over the same runs (no stars were given). */
function reference(ids: readonly number[], clicks: ReadonlyArray<{ a: number; b: number; choice: "a" | "b" | "tie" }>): Map<number, number> {
  const index = new Map(ids.map((id, i) => [id, i]));
  const comparisons: Comparison[] = clicks.map((c) => ({ a: index.get(c.a)!, b: index.get(c.b)!, outcome: c.choice }));
  const theta = newtonReference(ids.length, comparisons, []);
  return new Map(ids.map((id, i) => [id, theta[i]!]));
}

function expectClose(got: Map<number, number>, want: Map<number, number>): void {
  expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
  for (const [id, theta] of want) expect(Math.abs(got.get(id)! - theta)).toBeLessThan(1e-6);
}

/** The scripted user: the run with the smaller id is better, every third pair a tie. */
function scriptedChoice(step: number, shown: Shown): { key: string; choice: "a" | "b" | "tie" } {
  if (step % 3 === 2) return { key: "=", choice: "tie" };
  return shown.left < shown.right ? { key: "ArrowLeft", choice: "a" } : { key: "ArrowRight", choice: "b" };
}

describe.skipIf(!ready)("compare mode in chromium", () => {
  let batch: FakeBatch;
  let browser: Browser;
  let server: ChildProcess | undefined;
  let url: string;
  let fileUrl: string;

  beforeAll(async () => {
    batch = await writeFakeBatch(await mkdtemp(path.join(os.tmpdir(), "cr-compare-")));
    const { htmlPath } = await startSheet(BIN, [batch.dir, "--no-previews"]);
    fileUrl = pathToFileURL(htmlPath!).href;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: launchArgs, headless: true });
  }, 120_000);

  afterAll(async () => {
    server?.kill("SIGTERM");
    await browser?.close();
  });

  async function openCompare(target: string): Promise<Page> {
    const page = await (await browser.newContext({ viewport: LAPTOP })).newPage();
    await page.goto(target);
    await page.waitForSelector("body[data-ready]");
    await page.click("#view-compare");
    await page.waitForSelector("#compare-ranking");
    return page;
  }

  it("a scripted sequence of choices gives the reference fit's ranking; undo takes the last back; no pair twice in a row", async () => {
    const page = await openCompare(fileUrl);
    const ids = [...(await ranking(page)).keys()];
    expect(ids.length).toBeGreaterThanOrEqual(6);
    const clicks: Array<{ a: number; b: number; choice: "a" | "b" | "tie" }> = [];
    let previous: Shown | undefined;
    for (let step = 0; step < 10; step += 1) {
      const shown = await shownPair(page);
      expect(shown.left).not.toBe(shown.right);
      if (previous) expect(new Set([shown.left, shown.right])).not.toEqual(new Set([previous.left, previous.right]));
      const { key, choice } = scriptedChoice(step, shown);
      await page.keyboard.press(key);
      clicks.push({ a: shown.left, b: shown.right, choice });
      previous = shown;
    }
    expectClose(await ranking(page), reference(ids, clicks));
    expect(await page.locator("#compare-count").textContent()).toContain("10 comparisons");

    const last = clicks.at(-1)!;
    await page.keyboard.press("u");
    expectClose(await ranking(page), reference(ids, clicks.slice(0, -1)));
    expect(await shownPair(page)).toEqual({ left: last.a, right: last.b }); // shown again to judge anew
    await page.click("#compare-b"); // the mouse works too
    clicks[clicks.length - 1] = { ...last, choice: "b" };
    expectClose(await ranking(page), reference(ids, clicks));
    await page.close();
  });

  it("fits a 1366×768 screen, highlights the differing parameters, and drives both clips with one control", async () => {
    const page = await openCompare(fileUrl);
    for (const id of ["#compare-left .cmp-media", "#compare-right .cmp-media", "#compare-a", "#compare-undo", "#compare-stop"]) {
      const box = await page.locator(id).boundingBox();
      expect(box, id).not.toBeNull();
      expect(box!.x + box!.width, id).toBeLessThanOrEqual(LAPTOP.width);
      expect(box!.y + box!.height, id).toBeLessThanOrEqual(LAPTOP.height);
    }
    expect(await page.locator("#compare-left .chip.differs").count()).toBeGreaterThan(0);
    await mkdir("test-artifacts", { recursive: true });
    await page.screenshot({ path: "test-artifacts/compare.png" });

    const videos = page.locator("#compare video");
    if ((await videos.count()) === 2) {
      await waitFor(() => videos.evaluateAll((vs) => (vs.every((v) => Number.isFinite((v as unknown as Clip).duration)) ? true : undefined)));
      if (!(await videos.first().evaluate((v) => (v as unknown as Clip).paused))) await page.click("#compare-play");
      await page.locator("#compare-seek").fill("400");
      await page.selectOption("#compare-speed", "0.5");
      const state = await videos.evaluateAll((vs) =>
        vs.map((v) => [
          (v as unknown as Clip).currentTime,
          (v as unknown as Clip).playbackRate,
          (v as unknown as Clip).paused,
          (v as unknown as Clip).duration,
        ]),
      );
      const [leadTime, followTime, followDuration] = [state[0]![0] as number, state[1]![0] as number, state[1]![3] as number];
      expect(leadTime).toBeGreaterThan(0);
      // The same moment in both; a shorter clip holds its last frame.
      expect(Math.abs(followTime - Math.min(leadTime, followDuration))).toBeLessThan(0.05);
      expect(state.map((s) => s[1])).toEqual([0.5, 0.5]);
      expect(state.map((s) => s[2])).toEqual([true, true]);
      await page.click("#compare-play");
      await expect.poll(() => videos.evaluateAll((vs) => vs.map((v) => (v as unknown as Clip).paused)), { timeout: 20_000 }).toEqual([false, false]);
    }
    await page.close();
  });

  it("b marks both runs rejected and u restores them", async () => {
    const page = await openCompare(fileUrl);
    const shown = await shownPair(page);
    await page.keyboard.press("b");
    const rejected = (id: number): Promise<boolean> =>
      page.locator(`#compare-ranking .cmp-row[data-id="${id}"]`).evaluate((e) => e.classList.contains("rejected"));
    expect([await rejected(shown.left), await rejected(shown.right)]).toEqual([true, true]);
    const next = await shownPair(page);
    expect([next.left, next.right]).not.toContain(shown.left); // rejected runs are not offered again
    expect([next.left, next.right]).not.toContain(shown.right);
    await page.keyboard.press("u");
    expect([await rejected(shown.left), await rejected(shown.right)]).toEqual([false, false]);
    await page.close();
  });

  it("controlled pairs: same seed, one parameter different, and the preference credited to that parameter", async () => {
    // A copy of the batch whose runs share two seeds (one per seed index), so such pairs exist.
    const copy = await writeFakeBatch(await mkdtemp(path.join(os.tmpdir(), "cr-compare-controlled-")));
    const reseed = (text: string): string =>
      text.replace(/^(\s{4,}"seed": )(\d+)/gm, (_m, head: string, value: string) => {
        const runId = value === String(BIG_SEED) ? 1 : (Number(value) - 1000) / 7;
        return `${head}${1001 + ((runId + 1) % 2)}`;
      });
    for (const file of [path.join(copy.dir, "plan.json"), ...copy.runs.map((r) => path.join(copy.dir, "runs", r.name, "params.json"))]) {
      const text = await readFile(file, "utf8").catch(() => undefined);
      if (text !== undefined) await writeFile(file, reseed(text));
    }
    const { htmlPath } = await startSheet(BIN, [copy.dir, "--no-previews"]);
    const page = await openCompare(pathToFileURL(htmlPath!).href);
    await page.check("#compare-controlled");
    let previous: Shown | undefined;
    for (let step = 0; step < 3; step += 1) {
      const shown = await shownPair(page);
      expect(shown).not.toEqual(previous); // the keys work with the checkbox focused
      previous = shown;
      const differing = await page.locator("#compare-left .chip.differs b").allTextContents();
      expect(differing).toHaveLength(1); // the seed is shared: only the one parameter differs
      expect(["cfg", "sampler"]).toContain(differing[0]);
      await page.keyboard.press("ArrowLeft");
    }
    const credited = await page.locator("#compare-attribution").textContent();
    expect(credited).toMatch(/(cfg|sampler) .*1–0/);
    await page.close();
  });

  describe("through --serve", () => {
    const onDisk = async (): Promise<SavedFile | undefined> => {
      const text = await readFile(path.join(batch.dir, "ratings.json"), "utf8").catch(() => "");
      return text ? (JSON.parse(text) as SavedFile) : undefined;
    };
    // Saves are debounced and go through the server: on a busy machine they land late, not wrong.
    const savedWhen = (ok: (f: SavedFile) => boolean): Promise<SavedFile> =>
      waitFor(async () => {
        const f = await onDisk();
        return f && ok(f) ? f : undefined;
      }, 40_000);
    const active = (f: SavedFile) => f.comparisons.filter((c) => !c.undone);

    beforeAll(async () => {
      const started = await startSheet(BIN, [batch.dir, "--no-previews", "--serve", "--port", "0", "--json"]);
      server = started.child;
      url = started.url!;
    }, 60_000);

    it("saves each comparison to ratings.json and shows them again after a reload", async () => {
      const page = await openCompare(url);
      const shown: Shown[] = [];
      for (const key of ["ArrowLeft", "ArrowRight", "="]) {
        shown.push(await shownPair(page));
        await page.keyboard.press(key);
      }
      const saved = await savedWhen((f) => active(f).length === 3);
      expect(active(saved).map((c) => [c.a, c.b, c.choice])).toEqual([
        [shown[0]!.left, shown[0]!.right, "a"],
        [shown[1]!.left, shown[1]!.right, "b"],
        [shown[2]!.left, shown[2]!.right, "tie"],
      ]);
      await page.keyboard.press("u");
      await savedWhen((f) => active(f).length === 2 && f.comparisons.length === 3);
      const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export-comparisons")]);
      const csv = (await readFile((await download.path())!, "utf8")).trim().split("\r\n");
      expect(csv[0]).toBe("time,left_run_id,left_run_name,right_run_id,right_run_name,choice,winner_run_id,controlled,undone");
      expect(csv.slice(1).map((line) => line.split(",").slice(5, 7).concat(line.split(",").at(-1)!))).toEqual([
        ["left", String(shown[0]!.left), "0"],
        ["right", String(shown[1]!.right), "0"],
        ["tie", "", "1"],
      ]);
      const fresh = await openCompare(url); // a new browser profile: only the server has them
      await expect.poll(() => fresh.locator("#compare-count").textContent(), { timeout: 20_000 }).toContain("2 comparisons");
      await page.close();
      await fresh.close();
    });

    it("two tabs comparing at once lose nothing", async () => {
      const before = active((await onDisk())!).length;
      const [first, second] = await Promise.all([openCompare(url), openCompare(url)]);
      const keys = ["ArrowLeft", "ArrowRight", "=", "ArrowLeft", "ArrowRight"];
      await Promise.all(
        [first, second].map(async (page) => {
          for (const key of keys) await page.keyboard.press(key);
        }),
      );
      const saved = await savedWhen((f) => active(f).length === before + 2 * keys.length);
      expect(new Set(saved.comparisons.map((c) => `${c.a}|${c.b}|${c.t}|${c.by}`)).size).toBe(saved.comparisons.length);
      // Each tab learns the other's clicks from the reply to its own saves.
      await first.keyboard.press("ArrowLeft");
      await expect.poll(() => first.locator("#compare-count").textContent(), { timeout: 20_000 }).toContain(`${before + 2 * keys.length + 1} comparisons`);
      await first.close();
      await second.close();
    });
  });
});
