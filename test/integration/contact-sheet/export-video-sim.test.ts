/**
 * --export-video on a real batch: cr-batch runs a 2 × 2 sweep of landscape videos (128×72, 1 s) on
 * the simulator, and the comparison video of steps × shift is checked with ffprobe; Ctrl-C while
 * ffmpeg works leaves neither the file nor its temp name behind.
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batch } from "../../../src/commands/batch/execute-batch.js";
import { exportVideo } from "../../../src/commands/contact-sheet/export-video.js";
import { InterruptedError } from "../../../src/core/errors.js";
import { startSim, type Sim } from "../../../src/sim/index.js";
import { demoOptions } from "../../helpers/demo-batch.js";
import { hasFfmpeg } from "../../helpers/fake-media.js";
import { writeLandscapeSweep } from "../../helpers/landscape-sweep.js";
import { tempDir } from "../../helpers/tmp.js";
import { captureUi } from "../../helpers/ui.js";

describe.skipIf(!hasFfmpeg())("--export-video of a simulator batch", () => {
  /** One batch for both tests (neither changes it); each writes its video to a folder of its own. */
  let dir: string;
  let home: string;
  beforeAll(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), "cr-export-sim-"));
    const sim: Sim = await startSim({ landscape: true, runTime: { fixedMs: 1, perStepMs: 0 }, models: { ckpt_name: ["model.safetensors"] } });
    try {
      const config = await writeLandscapeSweep(home);
      expect(await batch(demoOptions(sim.url, config), { ...captureUi(), signal: new AbortController().signal })).toBe(0);
    } finally {
      await sim.stop();
    }
    const [name] = (await readdir(path.join(home, "output"))).filter((n) => n.startsWith("batch_"));
    dir = path.join(home, "output", name!);
  });
  afterAll(async () => {
    if (home) await rm(home, { recursive: true, force: true });
  });

  async function makeBatch(): Promise<{ dir: string; work: string }> {
    return { dir, work: await tempDir() };
  }

  it("makes a steps × shift grid with one label per tile", async () => {
    const { dir, work } = await makeBatch();
    const out = path.join(work, "grid.mp4");
    const result = await exportVideo({ batchDir: dir, out, choice: { kind: "pivot", rows: "steps", cols: "shift", where: [] } }, { ui: captureUi().ui });
    expect(result).toMatchObject({ rows: 2, cols: 2, width: 256, height: 144, fps: 24, duration: 1, labels: 4, blanks: 0 });
    expect(result.filter.match(/drawtext=/g)).toHaveLength(4);
    const probed = JSON.parse(
      execFileSync("ffprobe", [
        "-v",
        "error",
        "-count_frames",
        "-show_entries",
        "stream=width,height,nb_read_frames:format=duration",
        "-of",
        "json",
        out,
      ]).toString(),
    ) as { streams: Array<{ width: number; height: number; nb_read_frames: string }>; format: { duration: string } };
    expect(probed.streams[0]).toMatchObject({ width: 256, height: 144, nb_read_frames: "24" });
    expect(Number(probed.format.duration)).toBeCloseTo(1, 1);
  });

  it("Ctrl-C while ffmpeg works leaves no file and no temp file", async () => {
    const { dir, work } = await makeBatch();
    const out = path.join(work, "cancelled.mp4");
    const controller = new AbortController();
    const captured = captureUi({ json: true });
    const ui = {
      ...captured.ui,
      event: (kind: string, data: Record<string, unknown>) => {
        captured.ui.event(kind, data);
        if (kind === "export_progress") controller.abort(new InterruptedError());
      },
    };
    await expect(
      exportVideo({ batchDir: dir, out, choice: { kind: "pivot", rows: "steps", cols: "shift", where: [] } }, { ui, signal: controller.signal }),
    ).rejects.toBeInstanceOf(InterruptedError);
    expect((await readdir(work)).filter((n) => n.includes("cancelled"))).toEqual([]);
  });
});
