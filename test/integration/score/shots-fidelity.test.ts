/**
 * FLF2V fidelity for shot runs: cr-shots compares each run's first/last frames with its shot's
 * first/last frame images as it scores, and cr-score does the same on a cr-shots folder: a clip
 * made from the shot's frames scores high, one made from other frames raises drift.
 */
import { execFileSync } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { score } from "../../../src/commands/score/index.js";
import { shots } from "../../../src/commands/shots/index.js";
import { ScoresSchema, type VideoScores } from "../../../src/core/score/types.js";
import { startSim, type Sim } from "../../../src/sim/index.js";
import { batchOptions, withScoring } from "../../helpers/batch-reliability.js";
import { hasFfmpeg } from "../../helpers/fake-media.js";
import { captureUi } from "../../helpers/ui.js";
import { repoFile } from "../../helpers/workflows.js";

/** One run per shot: 2 runs in all. */
const CONFIG = `workflow_file: flf2v-small.json
sampling_strategy: sobol
num_samples: 1
seed: 7
parameters:
  cfg: {type: continuous, min: 1.0, max: 3.0, step: 0.1, paths: [nodes.57.inputs.cfg, nodes.58.inputs.cfg]}
shots:
  directory: shots
output:
  base_dir: output
`;

/** A 1 s clip that cross-fades from `first` to `last`, 128x72, nearly lossless. */
function crossfade(first: string, last: string, out: string): void {
  const still = (image: string) => ["-loop", "1", "-t", "1", "-r", "24", "-i", image];
  execFileSync("ffmpeg", [
    ...["-hide_banner", "-loglevel", "error", "-nostdin", "-y"],
    ...still(first),
    ...still(last),
    "-filter_complex",
    "[0:v]scale=128:72,setsar=1[a];[1:v]scale=128:72,setsar=1[b];[a][b]xfade=duration=1:offset=0,format=yuv420p",
    ...["-c:v", "libx264", "-preset", "ultrafast", "-crf", "10", "-f", "mp4", out],
  ]);
}

function other(dir: string, name: string, source: string): string {
  const file = path.join(dir, `${name}.png`);
  execFileSync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-nostdin", "-y", "-f", "lavfi", "-i", source, "-frames:v", "1", file]);
  return file;
}

async function runScores(dir: string, shot: string): Promise<{ output: string; scores: VideoScores }> {
  const [run] = await readdir(path.join(dir, shot, "runs"));
  const runDir = path.join(dir, shot, "runs", run!);
  const params = JSON.parse(await readFile(path.join(runDir, "params.json"), "utf8")) as { outputs: Array<{ file: string }> };
  const scores = ScoresSchema.parse(JSON.parse(await readFile(path.join(runDir, "scores.json"), "utf8")));
  if (scores.status !== "ok" || scores.kind !== "video") throw new Error(`${shot}: ${JSON.stringify(scores)}`);
  return { output: path.join(runDir, params.outputs[0]!.file), scores };
}

describe.skipIf(!hasFfmpeg())("FLF2V fidelity of shot runs", () => {
  let sim: Sim;
  let project = "";
  let batchDir = "";
  beforeAll(async () => {
    sim = await startSim({ runTime: { fixedMs: 1 } });
    // Both tests look at the same batch: a folder of its own, not tempDir's (removed after each test).
    project = await mkdtemp(path.join(tmpdir(), "cr-fidelity-"));
    await cp(repoFile("workflows/demo/flf2v-small.json"), path.join(project, "flf2v-small.json"));
    await cp(repoFile("shots"), path.join(project, "shots"), { recursive: true });
    await writeFile(path.join(project, "shots.yaml"), CONFIG);
    const code = await shots(
      { ...withScoring(batchOptions(path.join(project, "shots.yaml"), [sim.url], { skipModelCheck: true })), skipIncomplete: false },
      { ...captureUi(), signal: new AbortController().signal },
    );
    expect(code).toBe(0);
    const [name] = await readdir(path.join(project, "output"));
    batchDir = path.join(project, "output", name!);
  });
  afterAll(async () => {
    await sim.stop();
    await rm(project, { recursive: true, force: true });
  });

  it("cr-shots compares every run's first and last frames with its shot's images as it scores", async () => {
    for (const shot of ["harbor_dawn", "forest_path"]) {
      const { scores } = await runScores(batchDir, shot);
      expect(scores.fidelity?.first?.ssim, shot).toEqual(expect.any(Number));
      expect(scores.fidelity?.last?.ssim, shot).toEqual(expect.any(Number));
      expect(typeof scores.flags.drift, shot).toBe("boolean");
    }
  });

  it("cr-score on the folder: the clip made from the shot's frames scores high, one from other frames drifts", async () => {
    const shotDir = path.join(project, "shots");
    const faithful = await runScores(batchDir, "harbor_dawn");
    crossfade(path.join(shotDir, "harbor_dawn", "first_frame.png"), path.join(shotDir, "harbor_dawn", "last_frame.png"), faithful.output);
    const drifted = await runScores(batchDir, "forest_path");
    crossfade(other(project, "a", "testsrc2=s=256x144"), other(project, "b", "mandelbrot=s=256x144"), drifted.output);

    const result = await score({ target: batchDir, force: false, jobs: 1 }, { ui: captureUi().ui });
    expect(result).toMatchObject({ kind: "batch", summary: { scored: 2 } });
    const high = (await runScores(batchDir, "harbor_dawn")).scores;
    expect(high.fidelity?.first?.ssim).toBeGreaterThan(0.9);
    expect(high.fidelity?.last?.ssim).toBeGreaterThan(0.9);
    expect(high.flags.drift).toBe(false);
    const low = (await runScores(batchDir, "forest_path")).scores;
    expect(low.fidelity?.first?.ssim).toBeLessThan(0.6);
    expect(low.flags.drift).toBe(true);
  });
});
