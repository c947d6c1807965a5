/**
 * The simulator's synthetic landscape: videos whose measured flags follow the submitted values as
 * src/sim/landscape.ts says (a fixture, not a model of real samplers).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { raisedFlags } from "../../../src/core/score/flags.js";
import { scoreFile } from "../../../src/core/score/score-file.js";
import { landscapeQuality, startSim, type LandscapeInputs, type Sim } from "../../../src/sim/index.js";
import { hasFfmpeg } from "../../helpers/fake-media.js";
import { submit, waitHistory } from "../../sim/helpers.js";
import { videoPrompt } from "../../../src/sim/landscape-workflow.js";

const GOOD = { cfg: 5, steps: 20, shift: 5, seed: 1 };

describe.skipIf(!hasFfmpeg())("simulator landscape", () => {
  let sim: Sim;
  beforeAll(async () => {
    sim = await startSim({ landscape: true, runTime: { fixedMs: 1, perStepMs: 0 } });
  });
  afterAll(async () => {
    await sim.stop();
  });

  async function render(values: typeof GOOD, prefix: string): Promise<string> {
    const entry = await waitHistory(sim, await submit(sim, videoPrompt(values, prefix)), 60_000);
    const item = (entry.outputs["8"].images as Array<{ filename: string; subfolder: string }>)[0];
    if (!item) throw new Error("no video output");
    return path.join(sim.outputDir, item.subfolder, item.filename);
  }

  async function flagsOf(values: typeof GOOD, prefix: string): Promise<string[]> {
    const scores = await scoreFile(await render(values, prefix));
    if (scores.status !== "ok") throw new Error(scores.reason);
    return raisedFlags(scores.flags);
  }

  // The third column may also fire: a frozen tail repeats frames, and the first flicker jump stands out to scdet.
  test.each<[string, Partial<typeof GOOD>, string[], string[]]>([
    ["at the optimum", {}, [], []],
    ["cfg far from the optimum flickers", { cfg: 10 }, ["flicker"], ["cut"]],
    ["too few steps freeze", { steps: 4 }, ["frozen"], ["duplicates"]],
    ["a large shift blurs", { shift: 12 }, ["blurry"], []],
  ])("%s", async (name, change, expected, allowed) => {
    const flags = await flagsOf({ ...GOOD, ...change }, `land/${name.replace(/\W+/g, "-")}`);
    expect(flags.filter((flag) => !allowed.includes(flag))).toEqual(expected);
  });

  test("the seed changes the noise, not the landscape's value", async () => {
    const a = await render(GOOD, "land/seed-a");
    const b = await render({ ...GOOD, seed: 2 }, "land/seed-b");
    const hash = (file: string): string => createHash("sha256").update(readFileSync(file)).digest("hex");
    expect(hash(a)).not.toBe(hash(b));
    expect(landscapeQuality({ ...GOOD, seed: 2 })).toBe(landscapeQuality(GOOD));
  });

  test("the true landscape value peaks at the optimum", () => {
    const at = (change: Partial<LandscapeInputs>): number => landscapeQuality({ ...GOOD, ...change });
    expect(at({})).toBe(1);
    expect(at({ cfg: 7 })).toBeLessThan(1);
    expect(at({ cfg: 9 })).toBeLessThan(at({ cfg: 7 }));
    expect(at({ steps: 4 })).toBeLessThan(at({ steps: 8 }));
    expect(at({ shift: 12 })).toBeLessThan(at({ shift: 8 }));
  });
});
