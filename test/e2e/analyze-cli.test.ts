/** The built cr-analyze binary, spawned as a user would run it. */
import { execFile } from "node:child_process";
import { copyFile, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseJson } from "../../src/core/json/lossless.js";
import { startSim } from "../../src/sim/index.js";
import { shellQuote } from "../../src/ui/shell-quote.js";
import { realObjectInfoJson } from "../helpers/object-info.js";
import { tempDir } from "../helpers/tmp.js";
import { BIN, ensureBuilt, INPUTS, run } from "./analyze-helpers.js";

beforeAll(ensureBuilt, 180_000);

async function workflowCopy(name = "wan2_14B_flf2v.json"): Promise<{ dir: string; file: string }> {
  const dir = await tempDir("cr-analyze-");
  const file = path.join(dir, "workflow.json");
  await copyFile(path.join(INPUTS, name), file);
  return { dir, file };
}

describe("cr-analyze (built binary)", () => {
  it("writes <stem>_batch_config.yaml next to the workflow and ends with the next command", async () => {
    const { dir, file } = await workflowCopy();
    const result = await run([file], dir);
    expect(result.code).toBe(0);
    const config = await readFile(path.join(dir, "workflow_batch_config.yaml"), "utf8");
    expect(config).toMatch(/^# yaml-language-server: \$schema=\S+config\.schema\.json\n/);
    expect(config).toContain("\nworkflow_file: workflow.json\n");
    expect(result.stdout).toMatch(/Sampling knobs/);
    expect(result.stdout.trimEnd()).toMatch(/Next: cr-batch \S*workflow_batch_config\.yaml --dry-run$/);
  });

  it("points $schema at the package's schema file, relative to the config", async () => {
    const { dir, file } = await workflowCopy();
    const out = path.join(dir, "sub", "cfg.yaml");
    expect((await run([file, "-o", out], dir)).code).toBe(0);
    const first = (await readFile(out, "utf8")).split("\n")[0] ?? "";
    const relative = first.replace("# yaml-language-server: $schema=", "");
    expect(relative.startsWith("/")).toBe(false);
    expect((await stat(path.resolve(path.dirname(out), relative))).isFile()).toBe(true);
    expect(await readFile(out, "utf8")).toContain("workflow_file: ../workflow.json");
  });

  it("never overwrites without --force", async () => {
    const { dir, file } = await workflowCopy();
    const target = path.join(dir, "workflow_batch_config.yaml");
    await writeFile(target, "mine\n");
    const refused = await run([file], dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/workflow_batch_config\.yaml already exists/);
    expect(refused.stderr).toMatch(/--force/);
    expect(await readFile(target, "utf8")).toBe("mine\n");
    expect((await run([file, "--force"], dir)).code).toBe(0);
    expect(await readFile(target, "utf8")).toMatch(/^# yaml-language-server/);
  });

  it.each([
    ["a missing file", async (dir: string) => path.join(dir, "nope.json"), /Workflow file not found/],
    [
      "a UI-format export",
      async (dir: string) => {
        const ui = path.join(dir, "ui.json");
        await writeFile(ui, JSON.stringify({ nodes: [], links: [] }));
        return ui;
      },
      /UI-format workflow/,
    ],
    ["a link to a missing node", async () => path.join(INPUTS, "mf-error-validation-missing-link.json"), /links to node "99"/],
  ])("rejects %s with exit 2 and one clear message", async (_label, make, message) => {
    const dir = await tempDir();
    const result = await run([await make(dir)], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it("--print writes the YAML to stdout and no file", async () => {
    const { dir, file } = await workflowCopy();
    const result = await run([file, "--print"], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^# yaml-language-server/);
    expect(result.stdout).toContain("handoff_step:");
    await expect(stat(path.join(dir, "workflow_batch_config.yaml"))).rejects.toThrow();
  });

  it("--print into a reader that has gone (`| head -c 0`) exits 0 without a word", async () => {
    const { dir, file } = await workflowCopy();
    // pipefail: the status is cr-analyze's. head exits at once, long before node has started, so
    // the write meets a closed pipe (EPIPE); were head slower, the text fits the pipe: still 0.
    const script = `set -o pipefail; ${[process.execPath, BIN, file, "--print"].map(shellQuote).join(" ")} | head -c 0`;
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile("bash", ["-c", script], { cwd: dir }, (error, _stdout, stderr) => resolve({ code: error ? (error.code as number) : 0, stderr }));
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });

  it("--server reads the node definitions from a running server (the bundled client)", async () => {
    const sim = await startSim({ runTime: { fixedMs: 5 } });
    try {
      const { dir, file } = await workflowCopy();
      const result = await run([file, "--server", sim.url, "--json"], dir);
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ definitions: "server" });
    } finally {
      await sim.stop();
    }
  });

  it("--json prints the analysis, with seeds above 2^53 exact", async () => {
    const { dir, file } = await workflowCopy();
    const text = (await readFile(file, "utf8")).replace('"noise_seed": 190561813674476', '"noise_seed": 18446744073709551557');
    await writeFile(file, text);
    const result = await run([file, "--json"], dir);
    expect(result.code).toBe(0);
    const data = parseJson(result.stdout) as { parameters: { name: string; current: unknown; paths: string[]; category: string }[] };
    const seed = data.parameters.find((p) => p.name === "seed");
    expect(seed?.current).toBe(18446744073709551557n);
    expect(data.parameters.find((p) => p.name === "cfg")?.paths).toEqual(["nodes.57.inputs.cfg", "nodes.58.inputs.cfg"]);
  });

  it("--object-info reads the definitions from a file", async () => {
    const { dir, file } = await workflowCopy("wan2_5B_ti2v.json");
    const info = path.join(dir, "object_info.json");
    await writeFile(
      info,
      JSON.stringify(realObjectInfoJson(), (_k, v: unknown) => (typeof v === "bigint" ? Number(v) : v)),
    );
    const result = await run([file, "--object-info", info, "--json"], dir);
    expect(result.code).toBe(0);
    expect((parseJson(result.stdout) as { definitions: string }).definitions).toBe("file");
    const empty = path.join(dir, "empty.json");
    await writeFile(empty, "{}");
    const bad = await run([file, "--object-info", empty], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/holds no node definitions/);
  });

  it("--help shows examples and exits 0", async () => {
    const result = await run(["--help"], process.cwd());
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Examples:[\s\S]*--object-info/);
  });
});
