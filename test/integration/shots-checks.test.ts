/**
 * Issue 11, items 10, 11 and 20: cr-shots stops before anything is created when shot data
 * would be ignored, when shot.yaml is wrong, or when runs would be identical copies.
 */
import { cp, readFile, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { shots, type ShotsOptions } from "../../src/commands/shots/index.js";
import { UserError } from "../../src/core/errors.js";
import { tempDir } from "../helpers/tmp.js";
import { captureUi } from "../helpers/ui.js";
import { repoFile } from "../helpers/workflows.js";
import { shotsProject } from "../helpers/shots-project.js";

const project = shotsProject;

function options(config: string, extra: Partial<ShotsOptions> = {}): ShotsOptions {
  // Nothing listens on port 9: every check here must stop before a server is contacted.
  return {
    configFile: config,
    servers: ["127.0.0.1:9"],
    headers: [],
    allowLarge: false,
    forceNew: false,
    force: false,
    retryFailed: false,
    extend: false,
    skipModelCheck: true,
    skipIncomplete: false,
    ...extra,
  };
}

async function userErrorOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UserError) return [error.message, ...error.issues, error.hint ?? ""].join("\n");
    throw error;
  }
  throw new Error("expected a UserError");
}

const run = (opts: ShotsOptions) => {
  const captured = captureUi();
  return { captured, result: shots(opts, { ...captured, signal: new AbortController().signal }) };
};

describe("shot data that nothing in the workflow receives (item 10)", () => {
  // LoadImage → ImageInvert → SaveImage: no sampler, no start_image/end_image, so detection finds no target.
  const CUSTOM = {
    "1": { class_type: "LoadImage", inputs: { image: "example.png" } },
    "2": { class_type: "ImageInvert", inputs: { image: ["1", 0] } },
    "3": { class_type: "SaveImage", inputs: { images: ["2", 0], filename_prefix: "x" } },
  };

  async function customProject(inject = ""): Promise<{ dir: string; config: string }> {
    const dir = await tempDir();
    await cp(repoFile("shots"), path.join(dir, "shots"), { recursive: true });
    await writeFile(path.join(dir, "custom.json"), JSON.stringify(CUSTOM));
    await writeFile(
      path.join(dir, "shots.yaml"),
      `workflow_file: custom.json\nnum_samples: 1\nparameters: {}\nshots:\n  directory: shots\n${inject}output: {base_dir: output}\n`,
    );
    return { dir, config: path.join(dir, "shots.yaml") };
  }

  it("stops with exit 2, naming what was found, what detection looked for, and the shots.inject block to add", async () => {
    const { dir, config } = await customProject();
    for (const dryRun of [true, false]) {
      const text = await userErrorOf(run(options(config, { dryRun })).result);
      expect(text).toMatch(
        /The shots have data that nothing in custom\.json receives: prompt\.txt in 2 shot\(s\), negative\.txt in 1 shot\(s\), first_frame\.\* in 2 shot\(s\), last_frame\.\* in 2 shot\(s\)\./,
      );
      expect(text).toMatch(
        /Detection looked for prompt\/negative: the text input of a text encoder linked to a sampler's positive\/negative input; and for first\/last frame: a LoadImage node linked to a start_image\/end_image input/,
      );
      expect(text).toContain("    shots:\n      inject:\n        prompt: nodes.<id>.inputs.text   # no node with a literal text input found\n");
      expect(text).toContain("        first_frame: nodes.1.inputs.image   # candidates: node 1 (LoadImage)\n");
    }
    expect(await readdir(dir)).not.toContain("output");
  });

  it("lists the roles detection did find in the block too, since shots.inject replaces detection", async () => {
    // Text-to-video: detection finds the prompt and the negative, but nothing takes the shots' frames.
    const dir = await tempDir();
    await cp(repoFile("shots"), path.join(dir, "shots"), { recursive: true });
    await cp(repoFile("workflows/wan2_5B_ti2v/workflow.json"), path.join(dir, "t2v.json"));
    await writeFile(
      path.join(dir, "shots.yaml"),
      "workflow_file: t2v.json\nnum_samples: 1\nparameters: {}\nshots: {directory: shots}\noutput: {base_dir: output}\n",
    );
    const text = await userErrorOf(run(options(path.join(dir, "shots.yaml"), { dryRun: true })).result);
    expect(text).toMatch(/nothing in t2v\.json receives: first_frame\.\* in 2 shot\(s\), last_frame\.\* in 2 shot\(s\)\./);
    expect(text).toMatch(/ {8}prompt: nodes\.6\.inputs\.text {3}# detected\n {8}negative: nodes\.7\.inputs\.text {3}# detected\n {8}first_frame: /);
  });

  it("only warns when shots.inject is given and leaves a role out on purpose", async () => {
    const { config } = await customProject("  inject:\n    first_frame: nodes.1.inputs.image\n");
    const { captured, result } = run(options(config, { dryRun: true }));
    expect(await result).toBe(0);
    expect(captured.out() + captured.err()).toMatch(/shots\.inject has no prompt: prompt\.txt in 2 shot\(s\) are not used by this workflow/);
    expect(captured.out() + captured.err()).toMatch(/shots\.inject has no last_frame/);
  });
});

describe("shot.yaml is checked before anything is created (item 20)", () => {
  it("names the shot, its shot.yaml with line:column, a missing node, and an unknown key with a suggestion", async () => {
    const { dir, config } = await project();
    const shotYaml = path.join(dir, "shots", "harbor_dawn", "shot.yaml");
    await writeFile(shotYaml, "set:\n  nodes.999.inputs.length: 81\n  nodes.57.inputs.cfgg: 2\nsett:\n  x: 1\n");
    for (const dryRun of [true, false]) {
      const text = await userErrorOf(run(options(config, { dryRun })).result);
      expect(text).toContain(`harbor_dawn: ${shotYaml}:2:3 set.nodes.999.inputs.length: the workflow has no node "999"`);
      expect(text).toMatch(
        new RegExp(
          `harbor_dawn: ${shotYaml.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:3:3 set\\.nodes\\.57\\.inputs\\.cfgg: node 57 \\(KSamplerAdvanced.*\\) has no input "cfgg" \\(did you mean "cfg"\\?\\)`,
        ),
      );
      expect(text).toContain(`harbor_dawn: ${shotYaml}:4:1 unknown key "sett" (did you mean "set"?)`);
    }
    expect(await readdir(dir)).not.toContain("output");
  });

  it("refuses a set: on a link, a value of the wrong type, and one the node definition does not allow", async () => {
    const { dir, config } = await project();
    await writeFile(
      path.join(dir, "shots", "forest_path", "shot.yaml"),
      "set:\n  nodes.57.inputs.model: x\n  nodes.57.inputs.cfg: high\n  nodes.57.inputs.steps: 0\n  nodes.58.inputs.steps: 2.5\n",
    );
    const text = await userErrorOf(run(options(config, { dryRun: true })).result);
    expect(text).toMatch(/forest_path: \S+shot\.yaml:2:3 set\.nodes\.57\.inputs\.model: .*is a link from node/);
    expect(text).toMatch(/forest_path: \S+shot\.yaml:3:3 set\.nodes\.57\.inputs\.cfg: .*holds a number, not a string like "high"/);
    expect(text).toMatch(/forest_path: \S+shot\.yaml:4:3 set\.nodes\.57\.inputs\.steps: node 57 .* input "steps": 0 is below the input's minimum 1/);
    expect(text).toMatch(
      /forest_path: \S+shot\.yaml:5:3 set\.nodes\.58\.inputs\.steps: node 58 .* input "steps": this input takes whole numbers, but 2\.5 is not one/,
    );
  });

  it("accepts a valid shot.yaml", async () => {
    const { dir, config } = await project();
    await writeFile(path.join(dir, "shots", "forest_path", "shot.yaml"), "set:\n  nodes.57.inputs.cfg: 2.5\n");
    expect(await run(options(config, { dryRun: true })).result).toBe(0);
  });
});

describe("identical runs (item 11)", () => {
  // The demo without its random_seed parameter: seeds_per_sample 2 then plans pairs of identical runs.
  const withoutSeed = (yaml: string): string => yaml.replace(/ {2}seed:\n {4}type: random_seed\n {4}path: \S+\n/, "");

  it("refuses to start without --allow-duplicates, and suggests a random_seed parameter with a real path", async () => {
    const { dir, config } = await project(withoutSeed);
    expect(await readFile(config, "utf8")).not.toContain("random_seed");
    const text = await userErrorOf(run(options(config)).result);
    expect(text).toMatch(/seeds_per_sample is 2 but no parameter is a random_seed: every design point would run 2 times with identical inputs/);
    expect(text).toMatch(/Add a random_seed parameter under parameters: \(seed: \{type: random_seed, path: nodes\.\d+\.inputs\.noise_seed\}\)/);
    expect(text).toMatch(/--allow-duplicates/);
    expect(await readdir(dir)).not.toContain("output");
  });

  it("says so in the dry run, which still shows the plan", async () => {
    const { config } = await project(withoutSeed);
    const { captured, result } = run(options(config, { dryRun: true }));
    expect(await result).toBe(0);
    expect(captured.out() + captured.err()).toMatch(/identical inputs[\s\S]*--allow-duplicates/);
    expect(captured.out()).toMatch(/× 2 seed\(s\) per point × 2 shot\(s\)/);
  });
});

describe("one plan per cr-shots (issue 12, item 2)", () => {
  it("builds the plan once: the dry run says the power-of-two warning once and shows the 5-point plan", async () => {
    const { config } = await project((yaml) => yaml.replace("num_samples: 4", "num_samples: 5"));
    const { captured, result } = run(options(config, { dryRun: true }));
    expect(await result).toBe(0);
    const printed = captured.out() + captured.err();
    expect(printed.match(/num_samples 5 is not a power of two/g)).toHaveLength(1);
    expect(printed).toMatch(/Runs +5 design point\(s\) × \d+ seed\(s\) per point × \d+ shot\(s\)/);
  });
});
