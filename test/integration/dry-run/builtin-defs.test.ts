import { cp, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { prepareBatch } from "../../../src/commands/sweep/prepare.js";
import { tempDir } from "../../helpers/tmp.js";
import { repoFile } from "../../helpers/workflows.js";

async function config(values: string): Promise<string> {
  const dir = await tempDir();
  await cp(repoFile("workflows/demo/txt2img.json"), path.join(dir, "wf.json"));
  const file = path.join(dir, "c.yaml");
  await writeFile(
    file,
    `workflow_file: wf.json\nnum_samples: 2\nparameters:\n  sampler:\n    values: ${values}\n    path: nodes.3.inputs.sampler_name\n  cfg:\n    type: continuous\n    min: 200\n    max: 300\n    path: nodes.3.inputs.cfg\n`,
  );
  return file;
}

describe("dry-run checks without a server", () => {
  it("uses the built-in node table: out-of-range numbers are errors", async () => {
    await expect(prepareBatch({ configFile: await config("[euler]") })).rejects.toThrow(/above the input's maximum 100/);
  });

  it("warns (not fails) about a sampler name that is not a core option", async () => {
    const file = await config("[euler, euler_a]");
    const text = (await import("node:fs/promises")).readFile;
    await writeFile(file, (await text(file, "utf8")).replace("min: 200\n    max: 300", "min: 2\n    max: 3"));
    const prepared = await prepareBatch({ configFile: file });
    expect(prepared.warnings.join("\n")).toMatch(/"euler_a" is not a valid choice \(did you mean "euler_ancestral"\?\).*not a core ComfyUI option/);
  });
});
