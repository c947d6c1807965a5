/** cr-contact-sheet end to end: the BUILT binary on a fixture batch (real MP4s and PNGs). */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, readdir, stat, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { HOSTILE_FILE, HOSTILE_SAMPLER, writeFakeBatch, type FakeBatch } from "../helpers/fake-batch.js";
import { hasFfmpeg } from "../helpers/fake-media.js";

const run = promisify(execFile);
const BIN = path.resolve("dist/bin/cr-contact-sheet.js");
const ffmpeg = hasFfmpeg();

function sheet(args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: "1" } });
}

function embeddedData(html: string): {
  runs: Array<{ id: number; name: string; media: { src: string; poster?: string; strip?: string } | null; cmd: string; values: Record<string, unknown> }>;
} {
  const match = /<script type="application\/json" id="sheet-data">([\s\S]*?)<\/script>/.exec(html);
  if (!match?.[1]) throw new Error("no data block");
  return JSON.parse(match[1]) as ReturnType<typeof embeddedData>;
}

describe.skipIf(!existsSync(BIN) || !ffmpeg)("cr-contact-sheet (built binary)", () => {
  let batch: FakeBatch;
  beforeAll(async () => {
    batch = await writeFakeBatch(await mkdtemp(path.join(os.tmpdir(), "cr-sheet-")));
  });

  it("writes contact_sheet.html with posters and strips, then reuses them from the cache", async () => {
    const first = await sheet([batch.dir]);
    expect(first.stdout).toMatch(/Contact sheet of 12 runs/);
    expect(first.stdout).toMatch(/Previews: 10 made, 0 reused/);
    const html = await readFile(path.join(batch.dir, "contact_sheet.html"), "utf8");
    const data = embeddedData(html);
    expect(data.runs).toHaveLength(12);
    const withPoster = data.runs.filter((r) => r.media?.poster);
    expect(withPoster).toHaveLength(10);
    for (const r of withPoster) expect(existsSync(path.join(batch.dir, decodeURIComponent(r.media!.poster!)))).toBe(true);
    expect(data.runs.filter((r) => r.media?.strip).length).toBe(9); // every video, not the PNG
    const second = await sheet([batch.dir]);
    expect(second.stdout).toMatch(/Previews: 0 made, 10 reused/);
    const thumbs = await readdir(path.join(batch.dir, "thumbnails"));
    expect(thumbs).toContain("previews.json");
    expect(thumbs.length).toBe(1 + 10 + 9);
  });

  it("never lets a hostile value out of the data block", async () => {
    await sheet([batch.dir]);
    const html = await readFile(path.join(batch.dir, "contact_sheet.html"), "utf8");
    const scripts = html.match(/<script\b/g) ?? [];
    expect(scripts).toHaveLength(2); // the data block and the page's own script
    expect(html).not.toContain(HOSTILE_SAMPLER);
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain("\u2028");
    const data = embeddedData(html);
    expect(data.runs.some((r) => r.values["sampler"] === HOSTILE_SAMPLER)).toBe(true); // survives as data
    const hostileRun = data.runs.find((r) => r.media?.src.includes("clip"));
    expect(hostileRun?.media?.src).toBe(`runs/0001/video/${HOSTILE_FILE.split("/").map(encodeURIComponent).join("/")}`);
    expect(hostileRun?.cmd).toMatch(/^cr-run batch_[\d_-]+\/workflow\.json --set nodes\.57\.inputs\.cfg=1 /);
    expect(hostileRun?.cmd).toContain("--set nodes.57.inputs.sampler_name=euler");
    expect(hostileRun?.cmd).toContain("nodes.57.inputs.noise_seed=18446744073709551615");
  });

  it("--out elsewhere keeps media paths relative to the page", async () => {
    const outDir = await mkdtemp(path.join(os.tmpdir(), "cr-sheet-out-"));
    const out = path.join(outDir, "review", "night.html");
    await sheet([batch.dir, "--out", out]);
    const data = embeddedData(await readFile(out, "utf8"));
    const media = data.runs.find((r) => r.media?.poster)!.media!;
    expect(media.src.startsWith("../")).toBe(true);
    expect(existsSync(path.resolve(path.dirname(out), decodeURIComponent(media.poster!)))).toBe(true);
  });

  it("without ffmpeg the sheet still works and says what is missing", async () => {
    const { stdout } = await sheet([batch.dir, "--ffmpeg", "/nonexistent/ffmpeg", "--out", path.join(batch.dir, "plain.html")]);
    expect(stdout).toMatch(/No previews: \/nonexistent\/ffmpeg not found/);
    const data = embeddedData(await readFile(path.join(batch.dir, "plain.html"), "utf8"));
    expect(data.runs.every((r) => !r.media?.poster)).toBe(true);
  });

  it("reads a shots batch with its shot column", async () => {
    const shots = await writeFakeBatch(await mkdtemp(path.join(os.tmpdir(), "cr-shots-")), { shots: true, media: false });
    await sheet([shots.dir, "--no-previews"]); // the shot column is the subject; 22 previews timed out under two parallel npm tests
    const html = await readFile(path.join(shots.dir, "contact_sheet.html"), "utf8");
    const data = embeddedData(html) as ReturnType<typeof embeddedData> & { shots: Array<{ name: string }> };
    expect(data.runs).toHaveLength(24);
    expect(data.shots.map((s) => s.name)).toEqual(["shot_a", "shot_ü&b"]);
    expect((await stat(path.join(shots.dir, "shot_a", "runs", "0001", "params.json"))).isFile()).toBe(true);
  });

  it("fails with exit code 2 on a folder that is not a batch", async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), "cr-empty-"));
    await expect(sheet([empty])).rejects.toMatchObject({ code: 2 });
  });
});

describe.skipIf(!existsSync(BIN))("cr-contact-sheet refuses what it cannot do before doing anything", () => {
  let batch: FakeBatch;
  beforeAll(async () => {
    batch = await writeFakeBatch(await mkdtemp(path.join(os.tmpdir(), "cr-sheet-refuse-")), { media: false });
  });
  const failure = (args: string[]) =>
    sheet([batch.dir, "--no-previews", ...args]).then(
      () => ({ code: 0, stderr: "" }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
    );

  it("--out naming a folder: exit 2, one clear message", async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), "cr-sheet-dir-"));
    const result = await failure(["--out", folder]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--out ${folder} is a folder`);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("--out under a file (an unwritable place): exit 2, one clear message", async () => {
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), "cr-sheet-file-")), "notes.txt");
    await writeFile(file, "x");
    const result = await failure(["--out", path.join(file, "sheet.html")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Cannot write the contact sheet --out .*sheet\.html: part of that path is a file/);
  });

  it("--serve on a port in use: exit 2 before the page is written", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const { port } = blocker.address() as AddressInfo;
    const out = path.join(await mkdtemp(path.join(os.tmpdir(), "cr-sheet-port-")), "sheet.html");
    try {
      const result = await failure(["--serve", "--port", String(port), "--out", out]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      expect(existsSync(out)).toBe(false);
    } finally {
      blocker.close();
    }
  });

  it("warns about an unreadable ratings.json and leaves it as it is", async () => {
    const broken = '{"version": 1, "ratings": {"1": {"stars": 5, "reject": false},}}';
    await writeFile(path.join(batch.dir, "ratings.json"), broken);
    const { stdout, stderr } = await sheet([batch.dir, "--no-previews"]);
    expect(`${stdout}${stderr}`).toMatch(/ratings\.json is not valid JSON/);
    expect(await readFile(path.join(batch.dir, "ratings.json"), "utf8")).toBe(broken);
  });
});
