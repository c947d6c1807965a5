import { fileURLToPath } from "node:url";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSim, type Sim } from "../../src/sim/index.js";
import { encodePng, renderPattern } from "../../src/sim/outputs/png.js";
import { get, refJson, submit, waitHistory, workflow } from "./helpers.js";

const hasFfmpeg = (() => {
  try {
    execFileSync("ffmpeg", ["-version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

let sim: Sim;
beforeAll(async () => {
  sim = await startSim({ runTime: { fixedMs: 0, perStepMs: 0 } });
});
afterAll(async () => {
  await sim.stop();
});

/** Temp names carry five random letters; blank them out to compare with the recording. */
function shape(outputs: unknown): unknown {
  return JSON.parse(JSON.stringify(outputs).replace(/ComfyUI_temp_[a-z]{5}_/g, "ComfyUI_temp_XXXXX_"));
}

const probe5 = refJson<Record<string, any>>("observed/probe5_outputs.json");
const cases: Record<string, string> = {
  animated_and_batch: "animated-webp-apng-batch",
  create_save_video: "video-mp4",
  save_webm: "video-webm",
  audio: "audio-flac",
  latent: "latent",
  scale_blend: "scale-blend",
};

describe("model-free workflows produce the outputs of probe5_outputs.json", () => {
  for (const [name, file] of Object.entries(cases)) {
    it(name, async () => {
      const prompt =
        file === "latent"
          ? {
              "1": { class_type: "EmptyLatentImage", inputs: { width: 64, height: 64, batch_size: 1 } },
              "2": { class_type: "SaveLatent", inputs: { samples: ["1", 0], filename_prefix: "probe/latent" } },
            }
          : workflow(file);
      const entry = await waitHistory(sim, await submit(sim, prompt, { client_id: "o" }));
      expect(entry.status.status_str).toBe("success");
      expect(shape(entry.outputs)).toEqual(shape(probe5[name].outputs));
      for (const view of probe5["views"].filter((v: any) => v.case === name)) {
        const query = String(view.query).replace(/ComfyUI_temp_[a-z]{5}_/, () => {
          const items = Object.values<any>(entry.outputs).flatMap((o) => o.images ?? o.audio ?? []);
          return String(items.find((i: any) => i.type === "temp")?.filename ?? "").slice(0, 19);
        });
        const r = await get(sim, query);
        expect({ q: query, status: r.status, type: r.headers.get("content-type") }).toEqual({ q: query, status: 200, type: view.content_type });
        if (name === "latent") {
          // safetensors: u64 header length (varies), then the JSON header.
          expect(r.bytes.subarray(8, 22).toString()).toBe('{"__metadata__');
        } else if (hasFfmpeg || !/webp|mp4|webm|flac/.test(view.content_type)) {
          expect(r.bytes.subarray(0, 4).toString("hex")).toBe(String(view.magic).slice(0, 8));
        }
      }
    });
  }

  it.skipIf(!hasFfmpeg)("the mp4 is real h264 with several frames", async () => {
    const file = path.join(sim.outputDir, "probe", "video_00001_.mp4");
    const probe = execFileSync("ffprobe", [
      "-v",
      "error",
      "-count_frames",
      "-select_streams",
      "v:0",
      "-show_entries",
      "stream=codec_name,nb_read_frames,width,height",
      "-of",
      "json",
      file,
    ]);
    const stream = JSON.parse(String(probe)).streams[0];
    expect(stream.codec_name).toBe("h264");
    expect(Number(stream.nb_read_frames)).toBe(4);
    expect([stream.width, stream.height]).toEqual([64, 48]);
  });

  it("apng has one frame per image", () => {
    const apng = readFileSync(path.join(sim.outputDir, "probe", "apng_00001_.png"));
    const actl = apng.indexOf("acTL");
    expect(apng.readUInt32BE(actl + 4)).toBe(4);
  });
});

describe("the WAN workflows of the original project", () => {
  const dir = fileURLToPath(new URL("../fixtures/reference/original-workflows", import.meta.url));
  for (const rel of ["wan2_14B_flf2v/workflow.json", "wan2_5B_ti2v/workflow.json", "repo-root/flf2v_complet.json"]) {
    it(`${rel} validates and runs to a video under images`, async () => {
      const prompt = JSON.parse(readFileSync(path.join(dir, rel), "utf8")) as Record<string, any>;
      for (const node of Object.values(prompt)) {
        if (node.class_type === "LoadImage")
          writeFileSync(path.join(sim.inputDir, node.inputs.image), encodePng(renderPattern(node.inputs.image, 0, 32, 18), 32, 18));
      }
      const entry = await waitHistory(sim, await submit(sim, prompt), 60_000);
      expect(entry.status.status_str).toBe("success");
      const [out] = Object.values<any>(entry.outputs);
      expect(out.animated).toEqual([true]);
      expect(out.images[0].filename).toMatch(/^ComfyUI_\d{5}_\.mp4$/);
      expect(out.images[0].subfolder).toBe("video");
    });
  }

  it("reports sampler progress per step (KSamplerAdvanced uses its step window)", async () => {
    const prompt = JSON.parse(readFileSync(path.join(dir, "wan2_14B_flf2v/workflow.json"), "utf8")) as Record<string, any>;
    prompt["57"].inputs.noise_seed = 12345;
    const { Recorder } = await import("./helpers.js");
    const ws = await Recorder.open(sim, "wan");
    const id = await submit(sim, prompt, { client_id: "wan" });
    await ws.done(id);
    const progress = ws
      .json()
      .filter((m) => m.type === "progress")
      .map((m) => `${String(m.data["node"])}:${String(m.data["value"])}/${String(m.data["max"])}`);
    expect(progress).toEqual(["57:1/2", "57:2/2", "58:1/2", "58:2/2"]);
    ws.close();
  });
});

describe("without ffmpeg", () => {
  it("writes placeholder files with the right magic numbers", async () => {
    const bare = await startSim({ runTime: { fixedMs: 0 }, ffmpeg: false });
    try {
      const entry = await waitHistory(bare, await submit(bare, workflow("video-mp4")));
      const item = entry.outputs["21"].images[0];
      const file = readFileSync(path.join(bare.outputDir, item.subfolder, item.filename));
      expect(file.toString("latin1", 4, 8)).toBe("ftyp");
      const audio = await waitHistory(bare, await submit(bare, workflow("audio-flac")));
      const flac = readFileSync(path.join(bare.outputDir, "probe", audio.outputs["2"].audio[0].filename));
      expect(flac.toString("latin1", 0, 4)).toBe("fLaC");
    } finally {
      await bare.stop();
    }
  });
});
