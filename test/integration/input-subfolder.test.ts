/**
 * The contact sheet's reproduce line for a shot run sets LoadImage's image to an uploaded file
 * in a subfolder (comfy-runner/<hash>.jpg). /object_info lists only the input folder's top
 * level, so cr-run asks the server whether the file exists instead of refusing it.
 */
import { copyFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { run, type RunOptions } from "../../src/commands/run/index.js";
import { ComfyClient } from "../../src/core/comfy/client.js";
import { UserError } from "../../src/core/errors.js";
import { startSim, type Sim } from "../../src/sim/index.js";
import { tempDir } from "../helpers/tmp.js";
import { captureUi } from "../helpers/ui.js";
import { repoFile } from "../helpers/workflows.js";

let sim: Sim | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

async function options(sets: string[]): Promise<RunOptions> {
  return {
    workflowFile: repoFile("test/fixtures/model-free/load-invert.json"),
    server: { url: sim!.url, headers: {} },
    outDir: await tempDir(),
    sets,
    idleTimeoutSeconds: 60,
    includeTemp: false,
    download: true,
  };
}

const ctx = () => ({ ...captureUi(), signal: new AbortController().signal });

describe("cr-run --set on an input file in a subfolder", { timeout: 30_000 }, () => {
  it("runs with a file that exists in the server's input subfolder although /object_info does not list it", async () => {
    sim = await startSim({ runTime: { fixedMs: 5 } });
    await mkdir(path.join(sim.inputDir, "comfy-runner"), { recursive: true });
    await copyFile(repoFile("shots/forest_path/first_frame.jpg"), path.join(sim.inputDir, "comfy-runner", "0123456789abcdef.jpg"));
    // A real input folder is never empty (example.png), so /object_info's list is there to be checked against.
    await copyFile(repoFile("shots/forest_path/first_frame.jpg"), path.join(sim.inputDir, "example.jpg"));
    const listed = (await new ComfyClient({ url: sim.url, headers: {} }).objectInfo()).get("LoadImage")?.inputs.get("image")?.options ?? [];
    expect(listed).toEqual(["example.jpg"]);

    const result = await run(await options(["nodes.1.inputs.image=comfy-runner/0123456789abcdef.jpg"]), ctx());
    expect(result.status).toBe("success");
    expect(result.files).toHaveLength(1);
    const prompt = sim.submittedPrompts().at(-1)!.prompt as Record<string, { inputs: Record<string, unknown> }>;
    expect(prompt["1"]!.inputs["image"]).toBe("comfy-runner/0123456789abcdef.jpg");
  });

  it("refuses a subfolder file the server does not have, before submitting, with a hint to upload it", async () => {
    sim = await startSim({ runTime: { fixedMs: 5 } });
    const error = await run(await options(["nodes.1.inputs.image=comfy-runner/ffffffffffffffff.jpg"]), ctx()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toMatch(/nodes\.1\.inputs\.image: 'comfy-runner\/ffffffffffffffff\.jpg' is not in ComfyUI's input folder/);
    expect((error as UserError).hint).toMatch(/Upload it/);
    expect(sim.submittedPrompts()).toEqual([]);
  });

  it("still refuses a top-level name that is not in the list", async () => {
    sim = await startSim({ runTime: { fixedMs: 5 } });
    await copyFile(repoFile("shots/forest_path/first_frame.jpg"), path.join(sim.inputDir, "top.jpg"));
    const error = await run(await options(["nodes.1.inputs.image=nope.png"]), ctx()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(/not one of the valid options/);
  });
});
