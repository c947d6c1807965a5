import { execFile } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { copyFile, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { dryRun } from "../../../src/commands/batch/dry-run.js";
import { UserError } from "../../../src/core/errors.js";
import { parseJson } from "../../../src/core/json/lossless.js";
import { tempDir } from "../../helpers/tmp.js";
import { captureUi } from "../../helpers/ui.js";
import { OBJECT_INFO, WAN_WORKFLOW } from "../../unit/config/fixtures.js";

const SWEEP = `workflow_file: workflow.json
num_samples: 32
seeds_per_sample: 2
parameters:
  cfg: {paths: [nodes.57.inputs.cfg, nodes.58.inputs.cfg], min: 1, max: 3, step: 0.05}
  sampler: {path: nodes.57.inputs.sampler_name, values: [euler, dpmpp_2m]}
  sampler58: {path: nodes.58.inputs.sampler_name, type: linked, source: sampler}
  fps: {path: nodes.60.inputs.fps, values: [24]}
  noise: {path: nodes.57.inputs.noise_seed, type: random_seed}
`;

async function folderWith(configText: string): Promise<{ dir: string; file: string }> {
  const dir = await tempDir("cr-dry-");
  await copyFile(WAN_WORKFLOW, path.join(dir, "workflow.json"));
  const file = path.join(dir, "sweep.yaml");
  await writeFile(file, configText);
  return { dir, file };
}

describe("dryRun (in process)", () => {
  it("prints the summary, a table of varying parameters only, the metrics, and writes nothing", async () => {
    const { dir, file } = await folderWith(SWEEP);
    const { ui, out } = captureUi();
    const result = await dryRun({ configFile: file, seed: 11, estimate: { secondsPerRun: 300 } }, { ui });
    const text = out();
    expect(text).toMatch(/Strategy\s+sobol/);
    expect(text).toMatch(/32 design point\(s\) × 2 seed\(s\) per point = 64 run\(s\)/);
    expect(text).toMatch(/Master seed\s+11\n/);
    expect(text).toMatch(/centred L2 discrepancy \d\.\d+(e-\d+)? · min pairwise distance \d/);
    expect(text).toMatch(/about 5h20m/);
    const header = text.split("\n").find((line) => line.startsWith("run"));
    expect(header?.split(/\s+/)).toEqual(["run", "name", "cfg", "sampler", "noise"]);
    expect(text).toMatch(/… and 44 more run\(s\)/);
    expect(text).toMatch(/Dry run: nothing was written/);
    expect(result.plan.runs[0]?.patches["nodes.58.inputs.sampler_name"]).toBe(result.plan.runs[0]?.values["sampler"]);
    expect(readdirSync(dir).sort()).toEqual(["sweep.yaml", "workflow.json"]);
  });

  it("--json prints one object with runs, strategy, seed, total_runs, parameters and warnings", async () => {
    const { file } = await folderWith(SWEEP.replace("num_samples: 32", "num_samples: 20"));
    let printed = "";
    const { ui } = captureUi({ json: true });
    await dryRun({ configFile: file, seed: 5, json: true }, { ui, write: (t) => (printed += t) });
    const data = parseJson(printed) as Record<string, unknown>;
    expect(printed.trim().split("\n")).toHaveLength(1);
    expect(data["strategy"]).toBe("sobol");
    expect(data["seed"]).toBe(5);
    expect(data["total_runs"]).toBe(40);
    expect((data["runs"] as { run_id: number; name: string; values: Record<string, unknown> }[])[0]).toMatchObject({
      run_id: 1,
      name: "0001",
      values: { fps: 24 },
    });
    expect((data["parameters"] as { name: string }[]).map((p) => p.name)).toEqual(["cfg", "sampler", "fps", "noise"]);
    expect(String(data["warnings"])).toMatch(/nearest are 16 and 32/);
  });

  it("rejects a combo value the server does not know when given object_info", async () => {
    const { file } = await folderWith(SWEEP.replace("dpmpp_2m", "euler_a"));
    const { ui } = captureUi();
    const error = (await dryRun({ configFile: file, objectInfoFile: OBJECT_INFO }, { ui }).catch((e: unknown) => e)) as UserError;
    expect(error).toBeInstanceOf(UserError);
    // The linked mirror on node 58 gets the same value, so it is reported there too.
    expect(error.issues).toHaveLength(2);
    expect(error.issues[0]).toMatch(
      /sweep\.yaml:\d+:\d+ parameters\.sampler: nodes\.57\.inputs\.sampler_name: "euler_a" is not a valid choice \(did you mean "euler_ancestral"\?\)/,
    );
    expect(error.issues[1]).toMatch(/nodes\.58\.inputs\.sampler_name: "euler_a"/);
  });
});

describe("--object-info names its source (issue 12, item 6)", () => {
  it("says the file, not a server, lacks a node class", async () => {
    const { dir, file } = await folderWith(SWEEP);
    const defs = JSON.parse(await readFile(OBJECT_INFO, "utf8")) as Record<string, unknown>;
    const workflow = JSON.parse(await readFile(WAN_WORKFLOW, "utf8")) as Record<string, { class_type: string }>;
    const missing = workflow["57"]?.class_type ?? "";
    delete defs[missing];
    const trimmed = path.join(dir, "object_info.json");
    await writeFile(trimmed, JSON.stringify(defs));
    const { ui, out, err } = captureUi();
    await dryRun({ configFile: file, objectInfoFile: trimmed }, { ui });
    expect(out() + err()).toContain(`${trimmed} does not list ${missing} (node 57)`);
    expect(out() + err()).not.toMatch(/server does not list/);
  });

  it("reads a missing or broken file with the message cr-analyze gives", async () => {
    const { dir, file } = await folderWith(SWEEP);
    const { ui } = captureUi();
    const messageOf = async (objectInfoFile: string): Promise<string> =>
      ((await dryRun({ configFile: file, objectInfoFile }, { ui }).catch((e: unknown) => e)) as UserError).message;
    expect(await messageOf(path.join(dir, "nope.json"))).toBe(`Object info file not found: ${path.join(dir, "nope.json")}`);
    await writeFile(path.join(dir, "bad.json"), "{");
    expect(await messageOf(path.join(dir, "bad.json"))).toMatch(/bad\.json:1:2: invalid JSON/);
    await writeFile(path.join(dir, "empty.json"), "{}");
    expect(await messageOf(path.join(dir, "empty.json"))).toMatch(/empty\.json holds no node definitions/);
  });
});

describe("cr-batch binary", () => {
  const bin = path.resolve("dist/bin/cr-batch.js");
  const run = async (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...args], { env: { ...process.env, NO_COLOR: "1" } });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  it.skipIf(!existsSync(bin))("exits 0 with the same JSON plan for the same seed, and 2 on bad input without writing", async () => {
    const { dir, file } = await folderWith(SWEEP);
    const first = await run([file, "--dry-run", "--json", "--seed", "3"]);
    const second = await run([file, "--dry-run", "--json", "--seed", "3"]);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(second.stdout);
    expect((parseJson(first.stdout) as { total_runs: number }).total_runs).toBe(64);

    await writeFile(file, SWEEP.replace("min: 1, max: 3", "min: 3, max: 1").replace("num_samples: 32", "num_samples: 0"));
    const bad = await run([file, "--dry-run"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /sweep\.yaml: 2 problems in the config:\n {2}- .*sweep\.yaml:2:14 num_samples: .*\n {2}- .*sweep\.yaml:5:\d+ parameters\.cfg\.min: min \(3\) is greater than max \(1\)/,
    );
    expect(readdirSync(dir).sort()).toEqual(["sweep.yaml", "workflow.json"]);

    const grid = await run([file.replace("sweep.yaml", "grid.yaml"), "--dry-run"]);
    expect(grid.code).toBe(2);
    expect(grid.stderr).toMatch(/Config file not found/);
  });

  it.skipIf(!existsSync(bin))("needs --yes for a grid above 10,000 points", async () => {
    const { file } = await folderWith(
      "workflow_file: workflow.json\nsampling_strategy: grid\nparameters:\n  a: {path: nodes.57.inputs.steps, type: int, min: 1, max: 101}\n  b: {path: nodes.57.inputs.cfg, min: 1, max: 2, points: 100}\n",
    );
    const refused = await run([file, "--dry-run"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/10,100 points[\s\S]*--yes/);
    const allowed = await run([file, "--dry-run", "--yes", "--json"]);
    expect(allowed.code).toBe(0);
    expect((parseJson(allowed.stdout) as { total_runs: number }).total_runs).toBe(10_100);
  });
});
