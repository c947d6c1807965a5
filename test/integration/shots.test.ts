import { mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { shots, type ShotsOptions } from "../../src/commands/shots/index.js";
import { UserError } from "../../src/core/errors.js";
import { detectInjection } from "../../src/core/shots/detect.js";
import { loadWorkflowFile } from "../../src/core/workflow/load.js";
import { startSim, type Sim } from "../../src/sim/index.js";
import { captureUi } from "../helpers/ui.js";
import { repoFile } from "../helpers/workflows.js";
import { shotsProject } from "../helpers/shots-project.js";

let sim: Sim | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

const project = shotsProject;

function options(config: string, extra: Partial<ShotsOptions> = {}): ShotsOptions {
  return {
    configFile: config,
    servers: [sim!.url],
    headers: [],
    allowLarge: false,
    forceNew: false,
    force: false,
    retryFailed: false,
    extend: false,
    skipModelCheck: true,
    skipIncomplete: false,
    score: false,
    ...extra,
  };
}

const run = (opts: ShotsOptions, signal = new AbortController().signal) => shots(opts, { ...captureUi(), signal });

describe("cr-shots against the simulator", () => {
  it("runs 2 shots x 4 points x 2 seeds with uploads once and the right prompts", async () => {
    sim = await startSim({ runTime: { fixedMs: 2 } });
    const { dir, config } = await project();
    expect(await run(options(config))).toBe(0);
    const [batchName] = await readdir(path.join(dir, "output"));
    const batchDir = path.join(dir, "output", batchName!);
    expect(batchName).toMatch(/^batch_shots_/);
    const csv = (await readFile(path.join(batchDir, "metadata.csv"), "utf8")).trim().split("\n");
    expect(csv).toHaveLength(17);
    expect(csv[0]!.split(",")).toContain("shot");
    for (const shot of ["harbor_dawn", "forest_path"]) expect((await readdir(path.join(batchDir, shot, "runs"))).length).toBe(8);

    const uploads = sim.requests.filter((r) => r.path.startsWith("/upload/image"));
    expect(uploads).toHaveLength(4);
    const prompts = sim.submittedPrompts();
    expect(prompts).toHaveLength(16);
    const harbor = await readFile(path.join(dir, "shots/harbor_dawn/prompt.txt"), "utf8");
    const texts = prompts.map((p) => (p.prompt["6"] as { inputs: { text: string } }).inputs.text);
    expect(texts.filter((t) => t === harbor.trim())).toHaveLength(8);
    const negatives = prompts.map((p) => (p.prompt["7"] as { inputs: { text: string } }).inputs.text);
    expect(negatives).toContain("blurry, distorted faces, text, watermark");
    // The same design points and seeds for every shot.
    const plan = JSON.parse(await readFile(path.join(batchDir, "plan.json"), "utf8")) as {
      runs: { shot: string; point: number; values: Record<string, number> }[];
    };
    const byShot = (s: string) => plan.runs.filter((r) => r.shot === s).map((r) => JSON.stringify([r.point, r.values]));
    expect(byShot("harbor_dawn")).toEqual(byShot("forest_path"));
    // params.json records what the shot put in, so the run can be reproduced from it alone.
    const harborRun = plan.runs.find((r) => r.shot === "harbor_dawn") as unknown as { name: string };
    const params = JSON.parse(await readFile(path.join(batchDir, "harbor_dawn", "runs", harborRun.name, "params.json"), "utf8")) as {
      patches: Record<string, string>;
    };
    expect(params.patches["nodes.6.inputs.text"]).toBe(harbor.trim());
    expect(params.patches["nodes.68.inputs.image"]).toMatch(/^comfy-runner\/[0-9a-f]{16}\.png$/);
    expect(params.patches["nodes.57.inputs.cfg"]).toBeTypeOf("number");
    const shotsJson = JSON.parse(await readFile(path.join(batchDir, "shots.json"), "utf8")) as { shots: { name: string; first_frame: { sha256: string } }[] };
    expect(shotsJson.shots.map((s) => s.name).sort()).toEqual(["forest_path", "harbor_dawn"]);
  });

  it("uploads again after a server restart that lost the inputs", async () => {
    sim = await startSim({ runTime: { fixedMs: 150 } });
    const { config } = await project();
    const pending = run(options(config));
    await waitFor(() => sim!.submittedPrompts().length >= 3);
    const uploadsBefore = sim.requests.filter((r) => r.path.startsWith("/upload/image")).length;
    expect(uploadsBefore).toBeGreaterThan(0);
    await sim.restart({ wipeInputs: true });
    expect(await pending).toBe(0);
    const uploadsAfter = sim.requests.filter((r) => r.path.startsWith("/upload/image")).length;
    expect(uploadsAfter).toBeGreaterThan(uploadsBefore);
  });

  it("resumes after an interruption without redoing finished runs", async () => {
    sim = await startSim({ runTime: { fixedMs: 40 } });
    const { dir, config } = await project();
    const controller = new AbortController();
    const pending = run(options(config), controller.signal);
    await waitFor(() => sim!.submittedPrompts().length >= 6);
    controller.abort();
    expect(await pending).toBe(130);
    const before = sim.submittedPrompts().length;
    expect(await run(options(config))).toBe(0);
    const [batchName] = await readdir(path.join(dir, "output"));
    const csv = (await readFile(path.join(dir, "output", batchName!, "metadata.csv"), "utf8")).trim().split("\n");
    expect(csv).toHaveLength(17);
    expect(new Set(csv.slice(1).map((l) => l.split(",")[0])).size).toBe(16);
    expect(sim.submittedPrompts().length - before).toBeLessThan(16);
  });

  it("lists exactly what an incomplete shot lacks and starts nothing", async () => {
    sim = await startSim();
    const { dir, config } = await project();
    await mkdir(path.join(dir, "shots", "empty_one"));
    await writeFile(path.join(dir, "shots", "empty_one", "prompt.txt"), "just a prompt");
    const error = await run(options(config)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).issues.join("\n")).toMatch(/empty_one: missing first_frame.*last_frame/);
    expect(sim.submittedPrompts()).toHaveLength(0);
    expect(await run(options(config, { skipIncomplete: true }))).toBe(0);
  });

  it("rejects an image whose header is fine but whose pixels are truncated", async () => {
    sim = await startSim();
    const { dir, config } = await project();
    const file = path.join(dir, "shots", "harbor_dawn", "last_frame.png");
    const bytes = await readFile(file);
    await writeFile(file, bytes.subarray(0, 60));
    await expect(run(options(config))).rejects.toThrow(/harbor_dawn: last_frame\.png does not decode/);
    expect(sim.submittedPrompts()).toHaveLength(0);
  });

  it("rejects an undecodable image before anything runs", async () => {
    sim = await startSim();
    const { dir, config } = await project();
    await writeFile(path.join(dir, "shots", "harbor_dawn", "first_frame.png"), "not an image");
    await expect(run(options(config))).rejects.toThrow(/cannot be read as an image/);
    expect(sim.submittedPrompts()).toHaveLength(0);
  });
});

describe("shot detection", () => {
  it.each([
    ["workflows/wan2_14B_flf2v/workflow.json", "6", "7", "68", "62"],
    ["test/fixtures/flf2v_complet.json", "90", "78", "80", "89"],
  ])("%s", async (file, prompt, negative, first, last) => {
    const injection = detectInjection(await loadWorkflowFile(repoFile(file)));
    expect(injection).toEqual({
      prompt: [`nodes.${prompt}.inputs.text`],
      negative: [`nodes.${negative}.inputs.text`],
      first_frame: [`nodes.${first}.inputs.image`],
      last_frame: [`nodes.${last}.inputs.image`],
    });
  });

  it("finds no frames in a text-to-video workflow", async () => {
    const injection = detectInjection(await loadWorkflowFile(repoFile("workflows/wan2_5B_ti2v/workflow.json")));
    expect(injection.first_frame).toEqual([]);
    expect(injection.prompt).toEqual(["nodes.6.inputs.text"]);
  });
});

/** Polls until `check` holds; the deadline is just under the test's own, since a busy machine only delays the start. */
async function waitFor(check: () => boolean, timeoutMs = 55_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("cr-shots --dry-run", () => {
  it("plans points × seeds × shots and starts nothing", async () => {
    const { dir, config } = await project();
    const c = captureUi();
    const code = await shots(
      {
        configFile: config,
        servers: ["127.0.0.1:9"],
        headers: [],
        allowLarge: false,
        forceNew: false,
        force: false,
        retryFailed: false,
        extend: false,
        skipModelCheck: false,
        skipIncomplete: false,
        dryRun: true,
      },
      { ...c, signal: new AbortController().signal },
    );
    expect(code).toBe(0);
    expect(c.out()).toMatch(/4 design point\(s\) × 2 seed\(s\) per point × 2 shot\(s\) \(point-major\) = 16 run\(s\)/);
    await expect(readdir(path.join(dir, "output"))).rejects.toThrow();
  });
});
