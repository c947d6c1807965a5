import { statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startSim, type Sim } from "../../src/sim/index.js";
import { Recorder, get, post, samplerPrompt, submit, waitHistory, workflow } from "./helpers.js";

let sim: Sim;
beforeEach(async () => {
  sim = await startSim({ runTime: { fixedMs: 0, perStepMs: 5 } });
});
afterEach(async () => {
  await sim.stop();
});

describe("HTTP faults and checks", () => {
  it("rejects a foreign Origin with an empty 403 and accepts a matching one", async () => {
    const bad = await fetch(`${sim.url}/system_stats`, { headers: { Origin: "http://evil.example:8188" } });
    expect(bad.status).toBe(403);
    expect(await bad.text()).toBe("");
    const good = await fetch(`${sim.url}/api/system_stats`, { headers: { Origin: sim.url } });
    expect(good.status).toBe(200);
    const stats = (await good.json()) as { system: { comfyui_version: string } };
    expect(stats.system.comfyui_version).toBe("0.3.64");
  });

  it("http500 hits the next N matching requests only", async () => {
    sim.faults.http500 = { path: "/prompt", count: 2 };
    const first = await post(sim, "/api/prompt", { prompt: workflow("invert") });
    expect(first.status).toBe(500);
    expect(first.text).toBe("500 Internal Server Error\n\nServer got itself in trouble");
    expect((await get(sim, "/queue")).status).toBe(200);
    expect((await post(sim, "/prompt", { prompt: workflow("invert") })).status).toBe(500);
    expect((await post(sim, "/prompt", { prompt: workflow("invert") })).status).toBe(200);
    sim.faults.http500 = { path: /^\/history\//, count: 1 };
    expect((await get(sim, "/history/x")).status).toBe(500);
    expect((await get(sim, "/history/x")).status).toBe(200);
  });

  it("truncates downloads after announcing the full length", async () => {
    await waitHistory(sim, await submit(sim, workflow("invert")));
    const size = statSync(path.join(sim.outputDir, "t", "invert_00001_.png")).size;
    sim.faults.truncateDownloads = { bytes: 10, count: 1 };
    const res = await fetch(`${sim.url}/view?filename=invert_00001_.png&subfolder=t`);
    expect(Number(res.headers.get("content-length"))).toBe(size);
    await expect(res.arrayBuffer()).rejects.toThrow();
    expect(sim.faults.truncateDownloads).toBeUndefined();
    expect((await get(sim, "/view?filename=invert_00001_.png&subfolder=t")).bytes.length).toBe(size);
  });

  it("throttles downloads", async () => {
    writeFileSync(path.join(sim.outputDir, "blob.bin"), Buffer.alloc(20_000, 1));
    sim.faults.slowDownloadBytesPerSec = 100_000;
    const start = Date.now();
    const r = await get(sim, "/view?filename=blob.bin");
    expect(r.bytes.length).toBe(20_000);
    expect(Date.now() - start).toBeGreaterThanOrEqual(150);
  });

  it("hostile filenames are reported and still served by /view", async () => {
    sim.faults.hostileFilenames = true;
    const wf = workflow("invert") as any;
    wf["1"].inputs.batch_size = 3;
    const entry = await waitHistory(sim, await submit(sim, wf));
    const items = entry.outputs["3"].images;
    expect(items.map((i: any) => i.filename)).toEqual(["../../evil.png", "/etc/passwd", "a\\b.png"]);
    for (const item of items) {
      const q = new URLSearchParams({ filename: item.filename, subfolder: item.subfolder, type: item.type });
      const r = await get(sim, `/view?${q.toString()}`);
      expect(r.status).toBe(200);
      expect(r.bytes.subarray(1, 4).toString()).toBe("PNG");
    }
  });

  it("pads outputs to outputSizeBytes without breaking the PNG", async () => {
    const big = await startSim({ runTime: { fixedMs: 0 }, outputSizeBytes: 3 * 1024 * 1024 + 5 });
    try {
      const entry = await waitHistory(big, await submit(big, workflow("invert")));
      const file = path.join(big.outputDir, "t", entry.outputs["3"].images[0].filename);
      expect(statSync(file).size).toBe(3 * 1024 * 1024 + 5);
      const r = await get(big, "/view?filename=invert_00001_.png&subfolder=t");
      expect(r.bytes.length).toBe(3 * 1024 * 1024 + 5);
      expect(r.bytes.subarray(r.bytes.length - 12, r.bytes.length - 8).readUInt32BE(0)).toBe(0);
      expect(r.bytes.toString("latin1", r.bytes.length - 8, r.bytes.length - 4)).toBe("IEND");
    } finally {
      await big.stop();
    }
  });
});

describe("restart", () => {
  it("loses queue, history, counter, cache and temp files but keeps the port and inputs", async () => {
    const ws = await Recorder.open(sim, "x");
    const closed = new Promise<void>((r) => ws.ws.once("close", () => r()));
    const done = await submit(sim, workflow("invert"), { client_id: "x" });
    await waitHistory(sim, done);
    const preview = await waitHistory(
      sim,
      await submit(sim, {
        "1": { class_type: "EmptyImage", inputs: { width: 8, height: 8, batch_size: 1, color: 1 } },
        "2": { class_type: "PreviewImage", inputs: { images: ["1", 0] } },
      }),
    );
    const temp = preview.outputs["2"].images[0];
    expect((await get(sim, `/view?filename=${temp.filename}&type=temp`)).status).toBe(200);
    const running = await submit(sim, samplerPrompt(200), { client_id: "x" });
    writeFileSync(path.join(sim.inputDir, "kept.png"), "x");
    await sim.restart();
    await closed;
    expect((await get(sim, "/history")).json).toEqual({});
    expect((await get(sim, "/queue")).json).toEqual({ queue_running: [], queue_pending: [] });
    expect((await get(sim, `/view?filename=${temp.filename}&type=temp`)).status).toBe(404);
    const again = await post(sim, "/prompt", { prompt: workflow("invert") });
    expect(again.json.number).toBe(0);
    const entry = await waitHistory(sim, again.json.prompt_id);
    expect(entry.status.messages[1][1].nodes).toEqual([]);
    expect(entry.outputs["3"].images[0].filename).toBe("invert_00002_.png");
    expect((await get(sim, `/history/${running}`)).json).toEqual({});
    expect(statSync(path.join(sim.inputDir, "kept.png")).isFile()).toBe(true);
    await sim.restart({ wipeInputs: true, downMs: 50 });
    expect(() => statSync(path.join(sim.inputDir, "kept.png"))).toThrow();
    expect((await get(sim, "/prompt")).json).toEqual({ exec_info: { queue_remaining: 0 } });
  });

  it("starts new prompts right away even while a pre-restart node is still sleeping", async () => {
    const slow = await startSim({ runTime: { fixedMs: 6000 } });
    try {
      await submit(slow, workflow("invert"));
      await new Promise((r) => setTimeout(r, 50));
      await slow.restart();
      const ws = await Recorder.open(slow, "after");
      await submit(slow, workflow("invert"), { client_id: "after" });
      await ws.until((m) => m.some((x) => !Buffer.isBuffer(x) && x.type === "execution_start"), 1000);
      ws.close();
    } finally {
      await slow.stop();
    }
  });

  it("records requests and submitted prompts for assertions", async () => {
    const id = await submit(sim, workflow("invert"), { client_id: "q" });
    await waitHistory(sim, id);
    expect(sim.submittedPrompts()).toEqual([{ prompt_id: id, prompt: workflow("invert"), client_id: "q" }]);
    const postReq = sim.requests.find((r) => r.method === "POST" && r.path === "/prompt");
    expect((postReq?.body as any)?.client_id).toBe("q");
    const [busy] = sim.busyIntervals();
    expect(busy?.prompt_id).toBe(id);
    expect(busy!.end).toBeGreaterThanOrEqual(busy!.start);
  });
});

describe("VHS_VideoCombine", () => {
  it("is known to /object_info and reports under gifs", async () => {
    expect((await get(sim, "/object_info/VHS_VideoCombine")).json.VHS_VideoCombine.output_node).toBe(true);
    const prompt = {
      "1": { class_type: "EmptyImage", inputs: { width: 32, height: 32, batch_size: 4, color: 255 } },
      "2": {
        class_type: "VHS_VideoCombine",
        inputs: { images: ["1", 0], frame_rate: 8, loop_count: 0, filename_prefix: "vhs/clip", format: "video/h264-mp4", pingpong: false, save_output: true },
      },
    };
    const entry = await waitHistory(sim, await submit(sim, prompt));
    expect(entry.outputs["2"].gifs).toEqual([{ filename: "clip_00001_.mp4", subfolder: "vhs", type: "output", format: "video/h264-mp4", frame_rate: 8 }]);
  });
});
