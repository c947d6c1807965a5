/** The built cr-contact-sheet with --export-video: a progress bar in a terminal, exit codes for what the user can fix and a missing ffmpeg. */
import { stat } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runBin } from "../helpers/bin.js";
import { writeFakeBatch } from "../helpers/fake-batch.js";
import { hasFfmpeg } from "../helpers/fake-media.js";
import { runInPty } from "../helpers/pty.js";
import { tempDir } from "../helpers/tmp.js";

describe("cr-contact-sheet --export-video (built)", () => {
  it.skipIf(!hasFfmpeg())("draws a progress bar in a terminal and ends with the file written", async () => {
    const dir = await tempDir();
    const fake = await writeFakeBatch(dir);
    const out = path.join(dir, "two.mp4");
    const pty = runInPty("cr-contact-sheet", [fake.dir, "--export-video", out, "--runs", "1,2"], { dir });
    expect(await pty.exited).toBe(0);
    const text = await pty.transcriptText();
    expect(text).toMatch(/Encoding two\.mp4: [█░]{24} \d+% · [\d.]+\/2 s/);
    expect(text).toMatch(/Encoded two\.mp4: [\d.]+ KB/);
    expect(text).toMatch(/Comparison video \(1×2, 384×108, 2 s\): .*two\.mp4/);
    expect((await stat(out)).size).toBeGreaterThan(1000);
  });

  it("exits 2 with one line for a flag that needs --export-video, and for an existing file", async () => {
    const dir = await tempDir();
    const fake = await writeFakeBatch(dir, { media: false });
    const stray = await runBin("cr-contact-sheet", [fake.dir, "--rows", "cfg"]);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toMatch(/--rows needs --export-video <file>/);
    const taken = await runBin("cr-contact-sheet", [fake.dir, "--export-video", path.join(fake.dir, "plan.json"), "--rows", "cfg"]);
    expect(taken.code).toBe(2);
    expect(taken.stderr).toMatch(/plan\.json already exists\.\n {2}Pass --force to replace it/);
    expect(taken.stderr).not.toMatch(/\n\s+at /);
  });

  it("exits 3 naming ffmpeg when it is not on PATH", async () => {
    const dir = await tempDir();
    const fake = await writeFakeBatch(dir, { media: false });
    // No media needed: ffmpeg is looked for once the grid is chosen, before any file is read.
    const result = await runBin("cr-contact-sheet", [fake.dir, "--export-video", path.join(dir, "v.mp4"), "--runs", "6"], {
      env: { PATH: path.join(dir, "no-such-bin") },
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/Cannot export a video: ffmpeg and ffprobe not found\./);
    expect(result.stderr).toMatch(/apt-get install ffmpeg/);
  });
});
