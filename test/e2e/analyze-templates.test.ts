/** The built cr-analyze --template and --list-sampler-groups, then the built cr-batch --dry-run on what it wrote. */
import { copyFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../helpers/tmp.js";
import { ensureBuilt, ROOT, run } from "./analyze-helpers.js";

const CR_BATCH = path.join(ROOT, "dist/bin/cr-batch.js");
const CORPUS = path.join(ROOT, "test/fixtures/analyze-corpus/workflows");

beforeAll(ensureBuilt, 180_000);

describe("cr-analyze --template", () => {
  it("writes the three configs, and cr-batch --dry-run accepts each one", async () => {
    const dir = await tempDir("cr-analyze-tpl-e2e-");
    await copyFile(path.join(CORPUS, "wan22-lightx2v-i2v.json"), path.join(dir, "wan.json"));
    const analyzed = await run(["wan.json", "--template", "all"], dir);
    expect(analyzed.code, analyzed.stderr).toBe(0);
    expect(analyzed.stdout).toMatch(/seed-mining: varies seed → wan_seed-mining\.yaml/);
    for (const template of ["seed-mining", "sampler-surfing", "parameter-search"]) {
      const dry = await run([`wan_${template}.yaml`, "--dry-run"], dir, CR_BATCH);
      expect(dry.code, `${template}: ${dry.stderr}`).toBe(0);
      expect(dry.stdout).toMatch(/Dry run: nothing was written or queued/);
    }
    const again = await run(["wan.json", "--template", "seed-mining"], dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists/);
  });

  it("lists the sampler groups without a workflow, and refuses an unknown template", async () => {
    const dir = await tempDir("cr-analyze-tpl-e2e-");
    const listed = await run(["--list-sampler-groups"], dir);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^@euler_family: euler, euler_cfg_pp/m);
    expect(listed.stdout).toMatch(/^@dpmpp_family: dpmpp_2m/m);
    const bad = await run(["x.json", "--template", "seed"], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--template must be one of/);
  });
});
