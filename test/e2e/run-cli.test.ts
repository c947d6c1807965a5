import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSim, type Sim } from "../../src/sim/index.js";
import { runBin } from "../helpers/bin.js";
import { tempDir } from "../helpers/tmp.js";
import { repoFile } from "../helpers/workflows.js";

let sim: Sim;
beforeAll(async () => {
  sim = await startSim({ runTime: { fixedMs: 5 } });
});
afterAll(async () => {
  await sim.stop();
});

describe("the built cr-run binary", () => {
  it("runs a workflow and prints the saved file (exit 0)", async () => {
    const out = await tempDir();
    const result = await runBin("cr-run", [repoFile("test/fixtures/model-free/invert.json"), "--server", sim.url, "--out", out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/invert_00001_\.png \(\d/);
  });

  it("prints NDJSON events with --json", async () => {
    const result = await runBin("cr-run", [repoFile("test/fixtures/model-free/invert.json"), "--out", await tempDir(), "--json"], {
      env: { COMFYUI_URL: sim.url },
    });
    expect(result.code).toBe(0);
    const kinds = result.stdout
      .trim()
      .split("\n")
      .map((l) => (JSON.parse(l) as { kind: string }).kind);
    expect(kinds[0]).toBe("queued");
    expect(kinds.at(-1)).toBe("completed");
  });

  it.each([
    ["a missing file", ["nope.json"], /Workflow file not found: nope\.json/],
    ["a directory", ["."], /is a directory/],
    ["a UI-format export", ["ui.json"], /UI-format workflow[\s\S]*Export \(API\)/],
    ["invalid JSON", ["bad.json"], /bad\.json:2:\d+: invalid JSON/],
    ["--set on a missing path", ["ok.json", "--set", "nodes.9.inputs.x=1"], /no node "9"/],
    ["--set with a non-number", ["ok.json", "--set", "nodes.1.inputs.width=wide"], /not a whole number/],
  ])("exits 2 with one clear line for %s", async (_what, args, message) => {
    const dir = await tempDir();
    await writeFile(path.join(dir, "ui.json"), JSON.stringify({ nodes: [], links: [] }));
    await writeFile(path.join(dir, "bad.json"), '{\n  "1": }');
    await writeFile(
      path.join(dir, "ok.json"),
      JSON.stringify({
        "1": { class_type: "EmptyImage", inputs: { width: 8, height: 8, batch_size: 1, color: 0 } },
        "2": { class_type: "SaveImage", inputs: { images: ["1", 0], filename_prefix: "x" } },
      }),
    );
    const result = await runBin("cr-run", [...args, "--server", sim.url], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("exits 2 when ComfyUI rejects the prompt, naming the node", async () => {
    const result = await runBin("cr-run", [
      repoFile("test/fixtures/model-free/error-validation-width-abc.json"),
      "--server",
      sim.url,
      "--out",
      await tempDir(),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/node 1 EmptyImage/);
  });

  it("ends --json output with one failed event whatever went wrong", async () => {
    const result = await runBin("cr-run", [
      repoFile("test/fixtures/model-free/error-validation-width-abc.json"),
      "--server",
      sim.url,
      "--out",
      await tempDir(),
      "--json",
    ]);
    expect(result.code).toBe(2);
    const events = result.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { kind: string; error?: string });
    expect(events.filter((e) => e.kind === "failed")).toHaveLength(1);
    expect(events.at(-1)?.error).toMatch(/rejected the prompt/);
  });

  it("exits 3 naming the URL when nothing listens", async () => {
    const result = await runBin("cr-run", [repoFile("test/fixtures/model-free/invert.json"), "--server", "127.0.0.1:9", "--out", await tempDir()], {
      env: { COMFYUI_URL: "" },
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/Cannot reach ComfyUI at http:\/\/127\.0\.0\.1:9/);
    expect(result.stderr).toMatch(/running/);
  });

  it("exits 1 when the run fails on the server", async () => {
    sim.faults = { failNode: { classType: "ImageInvert", message: "boom" } };
    try {
      // A different width, so the cache of the earlier identical runs cannot answer.
      const result = await runBin("cr-run", [
        repoFile("test/fixtures/model-free/invert.json"),
        "--set",
        "nodes.1.inputs.width=40",
        "--server",
        sim.url,
        "--out",
        await tempDir(),
      ]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/ImageInvert.*boom/);
    } finally {
      sim.faults = {};
    }
  });

  it("has --help with examples and --version", async () => {
    const help = await runBin("cr-run", ["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Examples:/);
    const version = await runBin("cr-run", ["--version"]);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
