/** The built cr-score binary: one tiny clip as JSON, a missing path as one line with exit 2. */
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ScoresSchema } from "../../src/core/score/types.js";
import { runBin } from "../helpers/bin.js";
import { writeFakeBatch } from "../helpers/fake-batch.js";
import { hasFfmpeg } from "../helpers/fake-media.js";
import { runInPty } from "../helpers/pty.js";
import { tempDir } from "../helpers/tmp.js";
import { makeClip } from "../integration/score/clips.js";

describe("cr-score (built)", () => {
  it.skipIf(!hasFfmpeg())("prints one clip's scores as one JSON object with --json", async () => {
    const clip = makeClip(await tempDir(), "frozen");
    const result = await runBin("cr-score", [clip, "--json"]);
    expect(result.code).toBe(0);
    const scores = ScoresSchema.parse(JSON.parse(result.stdout));
    expect(scores).toMatchObject({ status: "ok", kind: "video", file: "frozen.mp4", flags: { frozen: true } });
  });

  it.skipIf(!hasFfmpeg())("prints the values and flags as a table otherwise", async () => {
    const clip = makeClip(await tempDir(), "clean");
    const result = await runBin("cr-score", [clip]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^clean\.mp4 · video 128x72/m);
    expect(result.stdout).toMatch(/^ {2}freeze_share +0$/m);
    expect(result.stdout).toMatch(/^Flags: none$/m);
  });

  it("exits 2 with one clear line for a path that does not exist", async () => {
    const missing = path.join(await tempDir(), "nope.mp4");
    const result = await runBin("cr-score", [missing]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`${missing} does not exist.`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("exits 3 with one line naming ffmpeg when it is not on PATH", async () => {
    const file = path.join(await tempDir(), "clip.mp4");
    await writeFile(file, "not really a video");
    const result = await runBin("cr-score", [file], { env: { PATH: path.join(file, "no-such-bin") } });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/Cannot score: ffmpeg is not installed or does not run\./);
  });

  it.skipIf(!hasFfmpeg())("shows a progress bar in a terminal and ends with the counts", async () => {
    const dir = await tempDir();
    const fake = await writeFakeBatch(dir);
    // Three scoreable runs keep it short: the others lose their params.json.
    const keep = fake.runs.filter((r) => r.status === "completed" && r.outputs.length > 0).slice(0, 3);
    for (const run of fake.runs) if (run.status === "completed" && !keep.includes(run)) await rm(path.join(fake.dir, "runs", run.name, "params.json"));
    const pty = runInPty("cr-score", [fake.dir, "-j", "1"], { dir });
    expect(await pty.exited).toBe(0);
    const text = await pty.transcriptText();
    expect(text).toMatch(/[█░]{24} \d\/3 scored/);
    expect(text).toMatch(/Scores: 3 scored, 0 skipped \(up to date\), 0 failed/);
  });
});
