/**
 * Issue 11, items 17 and 21: input the user got wrong (or a flag that cannot work) ends with
 * exit 2 and one clear message, never exit 70 with a stack trace, and never after a GPU run.
 */
import { copyFile, mkdir, readdir, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSim, type Sim } from "../../src/sim/index.js";
import { runBin, type BinResult } from "../helpers/bin.js";
import { tempDir } from "../helpers/tmp.js";
import { repoFile } from "../helpers/workflows.js";

let sim: Sim;
beforeAll(async () => {
  sim = await startSim({ runTime: { fixedMs: 5 } });
});
afterAll(async () => {
  await sim.stop();
});

const INVERT = repoFile("test/fixtures/model-free/invert.json");

function expectOneClearError(result: BinResult, message: RegExp): void {
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(/\n\s+at |Internal error/);
}

/** A folder with the demo txt2img workflow and a config written from `yaml`. */
async function batchFolder(yaml: string): Promise<{ dir: string; config: string }> {
  const dir = await tempDir("cr-bad-");
  await copyFile(repoFile("workflows/demo/txt2img.json"), path.join(dir, "txt2img.json"));
  const config = path.join(dir, "sweep.yaml");
  await writeFile(config, yaml);
  return { dir, config };
}

describe("a workflow nested 100,000 levels deep", () => {
  it.each([
    ["cr-run", ["--server", "127.0.0.1:9"]],
    ["cr-analyze", []],
  ])("%s exits 2 naming the line and column", async (bin, extra) => {
    const dir = await tempDir("cr-bad-");
    await writeFile(path.join(dir, "deep.json"), `{"1": ${"[".repeat(100_000)}${"]".repeat(100_000)}}`);
    const result = await runBin(bin, ["deep.json", ...extra], { cwd: dir });
    expectOneClearError(result, /deep\.json:1:\d+: invalid JSON: Nested more than 512 levels deep/);
  });
});

describe("YAML configs", () => {
  it("refuses an alias bomb with file:line", async () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x]"];
    for (const [prev, name] of [
      ["a", "b"],
      ["b", "c"],
      ["c", "d"],
      ["d", "e"],
      ["e", "f"],
      ["f", "g"],
    ] as const)
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(", ")}]`);
    const { config } = await batchFolder(`workflow_file: txt2img.json\nparameters: {}\n${levels.join("\n")}\n`);
    expectOneClearError(await runBin("cr-batch", [config, "--dry-run"]), /sweep\.yaml:4:\d+ the aliases in this file expand to more than 1000 copies/);
  });

  it("names an undefined alias (<<: *missing) and where it is", async () => {
    const { config } = await batchFolder("workflow_file: txt2img.json\nparameters:\n  <<: *missing\n");
    expectOneClearError(await runBin("cr-batch", [config, "--dry-run"]), /sweep\.yaml:3:7 the alias \*missing refers to no anchor/);
  });

  it("says NaN is not a valid number, and where", async () => {
    const { config } = await batchFolder("workflow_file: txt2img.json\nnum_samples: .nan\nparameters: {}\n");
    const result = await runBin("cr-batch", [config, "--dry-run"]);
    expectOneClearError(result, /sweep\.yaml:2:14 num_samples: expected a number, got NaN \(\.nan\), which is not a valid number/);
    expect(result.stderr).not.toMatch(/got number NaN/);
  });
});

describe("a grid of 10^9 points with --yes", () => {
  it("is refused before anything is allocated, with the count and how to reduce it", async () => {
    const { config } = await batchFolder(`workflow_file: txt2img.json
sampling_strategy: grid
parameters:
  cfg: {path: nodes.3.inputs.cfg, min: 1, max: 10, points: 1000}
  steps: {type: int, path: nodes.3.inputs.steps, min: 1, max: 1000, step: 1}
  denoise: {path: nodes.3.inputs.denoise, min: 0.1, max: 1, points: 1000}
`);
    const result = await runBin("cr-batch", [config, "--yes", "--dry-run"]);
    expectOneClearError(
      result,
      /The grid has 1,000,000,000 points \(cfg 1000 × steps 1000 × denoise 1000\), more than the limit of 4,194,304, even with --yes/,
    );
    expect(result.stderr).toMatch(/fewer points/);
  });
});

describe("output folders are checked before any GPU time is spent", () => {
  it.each([
    ["a file", "taken"],
    ["a folder under a file", "taken/sub"],
  ])("cr-run --out pointing at %s exits 2 and submits nothing", async (_what, out) => {
    const dir = await tempDir("cr-bad-");
    await writeFile(path.join(dir, "taken"), "a file, not a folder");
    const before = sim.submittedPrompts().length;
    const result = await runBin("cr-run", [INVERT, "--server", sim.url, "--out", out], { cwd: dir });
    expectOneClearError(result, /--out: taken(\/sub cannot be created: \S+taken)? is a file, not a folder/);
    expect(sim.submittedPrompts().length).toBe(before);
  });

  it.skipIf(process.getuid?.() === 0)("cr-run --out in a read-only folder exits 2 and submits nothing", async () => {
    const dir = await tempDir("cr-bad-");
    await mkdir(path.join(dir, "locked"), { mode: 0o555 });
    const before = sim.submittedPrompts().length;
    const result = await runBin("cr-run", [INVERT, "--server", sim.url, "--out", "locked/out"], { cwd: dir });
    expectOneClearError(result, /--out: locked\/out cannot be created: \S+locked is not writable/);
    expect(sim.submittedPrompts().length).toBe(before);
  });

  it("output.base_dir that is a file fails the dry run and the real batch alike, before any folder is made", async () => {
    const { dir, config } = await batchFolder("workflow_file: txt2img.json\nparameters: {}\noutput: {base_dir: taken}\n");
    await writeFile(path.join(dir, "taken"), "a file");
    const message = /sweep\.yaml:3:20 output\.base_dir: \S+taken is a file, not a folder/;
    expectOneClearError(await runBin("cr-batch", [config, "--dry-run"]), message);
    const before = sim.submittedPrompts().length;
    expectOneClearError(await runBin("cr-batch", [config, "--server", sim.url]), message);
    expect(sim.submittedPrompts().length).toBe(before);
    expect((await readdir(dir)).sort()).toEqual(["sweep.yaml", "taken", "txt2img.json"]);
  });
});

describe("cr-sim option errors", () => {
  let blocker: Server;
  let busyPort: number;
  beforeAll(async () => {
    blocker = createServer();
    busyPort = await new Promise<number>((resolve) => blocker.listen(0, "127.0.0.1", () => resolve((blocker.address() as { port: number }).port)));
  });
  afterAll(() => new Promise<void>((resolve) => blocker.close(() => resolve())));

  it("a port in use exits 2 with one line", async () => {
    const result = await runBin("cr-sim", ["--port", String(busyPort), "--quiet"]);
    expectOneClearError(result, new RegExp(`^cr-sim: Port ${busyPort} on 127\\.0\\.0\\.1 is already in use .*--port`));
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("a binary --models-from file exits 2 naming the file and position", async () => {
    const dir = await tempDir("cr-bad-");
    await writeFile(path.join(dir, "model.bin"), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0x02]));
    expectOneClearError(
      await runBin("cr-sim", ["--port", "0", "--models-from", "model.bin"], { cwd: dir }),
      /^cr-sim: --models-from model\.bin:1:1: not a JSON workflow/,
    );
  });

  it("an --output that is a file exits 2", async () => {
    const dir = await tempDir("cr-bad-");
    await writeFile(path.join(dir, "out"), "a file");
    expectOneClearError(
      await runBin("cr-sim", ["--port", "0", "--output", "out"], { cwd: dir }),
      /^cr-sim: --output out cannot be used: .*is a file, not a folder/,
    );
  });
});

describe("right message, right exit code", () => {
  it.each([
    [
      "an unclosed bracket in --set",
      ["--set", 'nodes["1".inputs.width=3'],
      /--set 'nodes\["1"\.inputs\.width=3': invalid path: a '\[' is never closed with '\]'/,
    ],
    ["a stray ] in --set", ["--set", "nodes.1].inputs.width=3"], /invalid path: the '\]' at character 8 closes no '\['/],
    ["a header with CR/LF", ["-H", "X-Token: a\r\nInjected: b"], /Invalid header 'X-Token': its value contains a line break/],
    ["a server address with a bad scheme", ["--server", "ht!tp://::::"], /Invalid server address 'ht!tp:\/\/::::': 'ht!tp' is not a URL scheme/],
  ])("%s exits 2 (not 3) before contacting any server", async (_what, args, message) => {
    const result = await runBin("cr-run", [INVERT, "--server", "127.0.0.1:9", ...args]);
    expectOneClearError(result, message);
    expect(result.stderr).not.toMatch(/Cannot reach ComfyUI|has no '='/);
  });

  it("escapes control characters it echoes from the user's input", async () => {
    const result = await runBin("cr-run", ["evil\u001b[2J\u0007.json"]);
    expectOneClearError(result, /Workflow file not found: evil\\x1b\[2J\\x07\.json/);
    expect(result.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
  });

  it("escapes a NUL from a config value instead of printing it raw", async () => {
    const { config } = await batchFolder('workflow_file: "wf\\0.json"\nparameters: {}\n');
    const result = await runBin("cr-batch", [config, "--dry-run"]);
    expectOneClearError(result, /workflow_file: cannot read \S*wf\\0\.json/);
    expect(result.stderr).not.toContain("\u0000");
  });
});

describe("identical runs (seeds_per_sample without a random_seed)", () => {
  const DUPLICATES = "workflow_file: txt2img.json\nnum_samples: 2\nseeds_per_sample: 2\nparameters:\n  cfg: {path: nodes.3.inputs.cfg, min: 1, max: 10}\n";

  it("cr-batch refuses to start without --allow-duplicates, before contacting a server", async () => {
    const { config } = await batchFolder(DUPLICATES);
    const result = await runBin("cr-batch", [config, "--server", "127.0.0.1:9"]);
    expectOneClearError(result, /seeds_per_sample is 2 but no parameter is a random_seed: every design point would run 2 times with identical inputs/);
    expect(result.stderr).toMatch(/seed: \{type: random_seed, path: nodes\.3\.inputs\.seed\}[\s\S]*--allow-duplicates/);
  });

  it("the dry run says so and still shows the plan; --allow-duplicates lets the batch go on to the server", async () => {
    const { config } = await batchFolder(DUPLICATES);
    const dry = await runBin("cr-batch", [config, "--dry-run"]);
    expect(dry.code).toBe(0);
    expect(dry.stdout + dry.stderr).toMatch(/identical inputs[\s\S]*--allow-duplicates/);
    const allowed = await runBin("cr-batch", [config, "--server", "127.0.0.1:9", "--allow-duplicates"]);
    expect(allowed.code).toBe(3);
    expect(allowed.stdout + allowed.stderr).toMatch(/identical inputs/);
  });
});

describe("a config nested 100,000 levels deep", () => {
  it("exits 2 saying where it is nested too deeply", async () => {
    const { config } = await batchFolder(`workflow_file: txt2img.json\nparameters: {}\nx: ${"[".repeat(100_000)}${"]".repeat(100_000)}\n`);
    const result = await runBin("cr-batch", [config, "--dry-run"]);
    expectOneClearError(result, /sweep\.yaml:3:\d+ nested too deeply/);
    expect(result.stderr).not.toMatch(/call stack/);
  });
});
