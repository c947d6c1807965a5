/** cr-refine on a cr-shots batch: per-shot runs feed one config, which cr-shots runs as written. */
import { cp, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { refine } from "../../src/commands/refine/index.js";
import { shots, type ShotsOptions } from "../../src/commands/shots/index.js";
import { parseConfigText } from "../../src/core/config/index.js";
import { BatchReader, batchPaths, readPlan, writeScores } from "../../src/core/store/index.js";
import { startSim, type Sim } from "../../src/sim/index.js";
import { imageScores } from "../helpers/fake-scores.js";
import { tempDir } from "../helpers/tmp.js";
import { captureUi } from "../helpers/ui.js";
import { repoFile } from "../helpers/workflows.js";

let sim: Sim | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

function options(config: string, url: string): ShotsOptions {
  return {
    configFile: config,
    servers: [url],
    headers: [],
    allowLarge: false,
    forceNew: true,
    force: false,
    retryFailed: false,
    extend: false,
    skipModelCheck: true,
    skipIncomplete: false,
  };
}

describe("cr-refine on a cr-shots batch", () => {
  it("refines from every shot's runs and the result runs under cr-shots, most promising first", async () => {
    sim = await startSim({ runTime: { fixedMs: 1 } });
    const dir = await tempDir("cr-refine-shots-");
    await cp(repoFile("workflows/demo/flf2v-small.json"), path.join(dir, "flf2v-small.json"));
    await cp(repoFile("shots"), path.join(dir, "shots"), { recursive: true });
    const text = (await readFile(repoFile("workflows/demo/flf2v_shots.yaml"), "utf8"))
      .replace("directory: ../../shots", "directory: shots")
      .replace("base_dir: ../../output", "base_dir: output");
    await writeFile(path.join(dir, "shots.yaml"), text);
    expect(await shots(options(path.join(dir, "shots.yaml"), sim.url), { ...captureUi(), signal: new AbortController().signal })).toBe(0);
    const [name] = await readdir(path.join(dir, "output"));
    const batch = path.join(dir, "output", name!);
    const plan = (await new BatchReader(batch).plan()).value!;
    for (const run of plan.runs) {
      const blur = Math.abs(Number(run.values["cfg"]) - 2) + (run.shot === "harbor_dawn" ? 0.5 : 0);
      await writeScores(batchPaths(batch), { name: run.name, shot: run.shot }, imageScores(blur));
    }
    const out = path.join(dir, "nights", "next.yaml");
    const { ui } = captureUi();
    await refine({ batchDirs: [batch], output: out, target: "score:-blur", force: false, runs: 2 }, { ui, cwd: dir });
    const loaded = parseConfigText(await readFile(out, "utf8"), out);
    expect(loaded.shots?.directory).toBe(path.join(dir, "shots"));
    expect(loaded.output.baseDir).toBe(path.join(dir, "output"));
    expect(await shots(options(out, sim.url), { ...captureUi(), signal: new AbortController().signal })).toBe(0);
    const names = (await readdir(path.join(dir, "output"))).sort();
    expect(names).toHaveLength(2);
    const next = await readPlan(batchPaths(path.join(dir, "output", names.find((n) => n !== name)!)).plan);
    expect(next.priority).toMatchObject({ method: "tpe", target: "score:-blur" });
    expect(next.shots).toEqual(plan.shots);
  }, 120_000);
});
