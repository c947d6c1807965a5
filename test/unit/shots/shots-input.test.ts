import { copyFile, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { UserError } from "../../../src/core/errors.js";
import { detectInjection } from "../../../src/core/shots/detect.js";
import { scanShots } from "../../../src/core/shots/discover.js";
import { parseImageHeader } from "../../../src/core/shots/image-info.js";
import { loadWorkflowFile } from "../../../src/core/workflow/load.js";
import { tempDir } from "../../helpers/tmp.js";
import { repoFile } from "../../helpers/workflows.js";

async function shotsDir(layout: Record<string, Record<string, string | Buffer | "png">>): Promise<string> {
  const dir = await tempDir();
  for (const [shot, files] of Object.entries(layout)) {
    await mkdir(path.join(dir, shot));
    for (const [name, content] of Object.entries(files)) {
      if (content === "png") await copyFile(repoFile("shots/harbor_dawn/first_frame.png"), path.join(dir, shot, name));
      else await writeFile(path.join(dir, shot, name), content);
    }
  }
  return dir;
}

const ALL = ["prompt", "first_frame", "last_frame"] as const;

describe("scanShots", () => {
  it("lists exactly what each incomplete shot lacks, for the roles the workflow uses", async () => {
    const dir = await shotsDir({
      a: { "prompt.txt": "x", "first_frame.png": "png", "last_frame.png": "png" },
      b: { "prompt.txt": "y" },
      c: { "first_frame.png": "png" },
    });
    const scan = await scanShots(dir, ALL);
    expect(scan.shots.map((s) => s.name)).toEqual(["a"]);
    expect(scan.incomplete).toEqual([
      { name: "b", missing: ["first_frame.(png|jpg|jpeg|webp)", "last_frame.(png|jpg|jpeg|webp)"] },
      { name: "c", missing: ["prompt.txt", "last_frame.(png|jpg|jpeg|webp)"] },
    ]);
    // A text-to-video workflow needs only the prompt.
    expect((await scanShots(dir, ["prompt"])).shots.map((s) => s.name)).toEqual(["a", "b"]);
  });

  it("reports empty and non-UTF-8 prompts, and reads shot.yaml overrides", async () => {
    const dir = await shotsDir({
      empty: { "prompt.txt": "  \n" },
      latin1: { "prompt.txt": Buffer.from([0x63, 0x61, 0x66, 0xe9]) },
      ok: { "prompt.txt": "fine", "shot.yaml": "set:\n  nodes.67.inputs.length: 81\n" },
    });
    const scan = await scanShots(dir, ["prompt"]);
    expect(scan.problems).toEqual(["empty: prompt.txt is empty", "latin1: prompt.txt is not valid UTF-8"]);
    expect(scan.shots.find((s) => s.name === "ok")?.overrides).toEqual({ "nodes.67.inputs.length": 81 });
  });

  it("refuses an empty folder and unknown --only names", async () => {
    await expect(scanShots(await tempDir(), ALL)).rejects.toThrow(/has no shot folders/);
    const dir = await shotsDir({ a: { "prompt.txt": "x" } });
    await expect(scanShots(dir, ["prompt"], ["nope"])).rejects.toThrow(/Unknown shot\(s\).*nope/);
    await expect(scanShots(path.join(dir, "missing"), ALL)).rejects.toThrow(UserError);
  });
});

describe("image headers", () => {
  it("reads PNG, JPEG and WEBP dimensions and rejects anything else", () => {
    const png = Buffer.alloc(24);
    png.writeUInt32BE(0x89504e47, 0);
    png.write("IHDR", 12, "ascii");
    png.writeUInt32BE(640, 16);
    png.writeUInt32BE(360, 20);
    expect(parseImageHeader(png)).toEqual({ format: "png", width: 640, height: 360 });
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x90, 0x01, 0x00, 0x03, 0, 0, 0]);
    expect(parseImageHeader(jpeg)).toEqual({ format: "jpeg", width: 256, height: 144 });
    expect(parseImageHeader(Buffer.from("not an image at all, really"))).toBeUndefined();
  });
});

describe("detectInjection", () => {
  it("refuses to guess when one text encoder feeds both positive and negative", async () => {
    const wf = await loadWorkflowFile(repoFile("workflows/demo/txt2img.json"));
    const sampler = wf["3"];
    if (!sampler) throw new Error("fixture changed");
    sampler.inputs["negative"] = ["6", 0];
    expect(() => detectInjection(wf)).toThrow(/Cannot tell the prompt from the negative prompt: node 6 feeds both/);
  });

  it("refuses to guess when one image loader feeds both frames", async () => {
    const wf = await loadWorkflowFile(repoFile("workflows/wan2_14B_flf2v/workflow.json"));
    const flf = wf["67"];
    if (!flf) throw new Error("fixture changed");
    flf.inputs["end_image"] = ["68", 0];
    expect(() => detectInjection(wf)).toThrow(/node 68 feeds both the first and the last frame/);
  });
});
