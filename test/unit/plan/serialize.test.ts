import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parsePlan, readPlan, serializePlan, sha256Hex } from "../../../src/core/plan/index.js";
import { UserError } from "../../../src/core/errors.js";
import { config, plan } from "../config/fixtures.js";

const CFG =
  "num_samples: 4\nseeds_per_sample: 2\nparameters:\n  cfg: {path: nodes.57.inputs.cfg, min: 1, max: 3}\n  big: {path: nodes.58.inputs.noise_seed, values: [18446744073709551615]}\n  n: {path: nodes.57.inputs.noise_seed, type: random_seed}\n";

describe("plan.json", () => {
  it("has the layout of docs/formats.md, one run per line", () => {
    const text = serializePlan(plan(config(CFG), { createdAt: "2026-11-24T22:00:00.000Z" }).plan);
    expect(
      text.startsWith(
        '{\n  "version": 1,\n  "created_at": "2026-11-24T22:00:00.000Z",\n  "strategy": "sobol",\n  "seed": 1,\n  "num_points": 4,\n  "seeds_per_sample": 2,\n  "fingerprint": {',
      ),
    ).toBe(true);
    const runLines = text.split("\n").filter((line) => line.startsWith('    {"run_id":'));
    expect(runLines).toHaveLength(8);
    expect(runLines[0]).toMatch(
      /^ {4}\{"run_id":1,"name":"0001","point":0,"seed_index":0,"values":\{"cfg":[\d.]+,"big":18446744073709551615,"n":\d+\},"patches":\{"nodes\.57\.inputs\.cfg":/,
    );
    expect(text.endsWith("\n  ]\n}\n")).toBe(true);
  });

  it("reads back to the same plan, bigints included", () => {
    const built = plan(config(CFG)).plan;
    const back = parsePlan(serializePlan(built), "plan.json");
    expect(back).toEqual(built);
    expect(back.runs[0]?.values["big"]).toBe(18446744073709551615n);
    expect(serializePlan(back)).toBe(serializePlan(built));
  });

  it("rejects a plan that is malformed or inconsistent, naming the file", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "cr-plan-"));
    const file = path.join(dir, "plan.json");
    const built = plan(config(CFG)).plan;
    await writeFile(file, serializePlan({ ...built, runs: [...built.runs, built.runs[0] as never] }));
    await expect(readPlan(file)).rejects.toThrow(/run_id 1 appears twice/);
    await writeFile(file, '{"version": 2}');
    await expect(readPlan(file)).rejects.toThrow(UserError);
    await writeFile(file, "{");
    await expect(readPlan(file)).rejects.toThrow(/plan\.json:1:2: invalid JSON/);
    await expect(readPlan(path.join(dir, "none.json"))).rejects.toThrow(/No plan found/);
  });

  it("names the problem of an invalid plan, not only how many there are", () => {
    const built = plan(config(CFG)).plan;
    const text = serializePlan({ ...built, seed: "eleven" as never });
    expect(() => parsePlan(text, "plan.json")).toThrow(/^plan\.json is not a valid plan: seed: .*expected number/);
    const two = serializePlan({ ...built, seed: "eleven" as never, seeds_per_sample: 0 });
    expect(() => parsePlan(two, "plan.json")).toThrow(/is not a valid plan: \S+: .* \(and 1 more\)\.$/);
  });

  it("fingerprints bytes with sha256", () => {
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256Hex(new TextEncoder().encode("abc"))).toBe(sha256Hex("abc"));
  });
});
