import { afterEach, describe, expect, it } from "vitest";
import { startSim, type Sim } from "../../src/sim/index.js";
import { Recorder, get, observedFirstRun, observedTypes, post, samplerPrompt, submit, waitHistory, workflow } from "./helpers.js";

let sim: Sim;
afterEach(async () => {
  await sim.stop();
});

describe("execution endings", () => {
  it("an execution error follows ws_probe3.jsonl and keeps the history shape of §4.2", async () => {
    sim = await startSim({ runTime: { fixedMs: 6 } });
    const ws = await Recorder.open(sim, "probe3");
    const id = await submit(sim, workflow("error-runtime-save-outside-output"), { client_id: "probe3" });
    await ws.done(id);
    expect(ws.types()).toEqual(observedFirstRun("observed/ws_probe3.jsonl"));
    const entry = await waitHistory(sim, id);
    expect(entry.status.status_str).toBe("error");
    expect(entry.status.completed).toBe(false);
    expect(entry.outputs).toEqual({});
    expect(entry.meta).toEqual({});
    const [type, err] = entry.status.messages[2];
    expect(type).toBe("execution_error");
    expect(err).toMatchObject({ prompt_id: id, node_id: "3", node_type: "SaveImage", executed: ["2", "1"], exception_type: "Exception" });
    expect(err.exception_message).toMatch(/^\*\*\*\* ERROR: Saving image outside the output folder is not allowed\.\n full_output_folder: .*\n$/s);
    expect(err.current_inputs.filename_prefix).toEqual(["../escape"]);
    expect(Object.keys(err.current_inputs)).toEqual(["images", "filename_prefix", "prompt", "extra_pnginfo"]);
  });

  it("keeps outputs of output nodes that ran before the failure", async () => {
    sim = await startSim({ runTime: { fixedMs: 0 } });
    const empty = { class_type: "EmptyImage", inputs: { width: 8, height: 8, batch_size: 1, color: 0 } };
    const id = await submit(sim, {
      "1": empty,
      "2": { class_type: "SaveImage", inputs: { images: ["1", 0], filename_prefix: "probe/good" } },
      "3": { class_type: "SaveImage", inputs: { images: ["1", 0], filename_prefix: "../bad" } },
    });
    const entry = await waitHistory(sim, id);
    expect(entry.status.status_str).toBe("error");
    expect(entry.outputs).toEqual({ "2": { images: [{ filename: "good_00001_.png", subfolder: "probe", type: "output" }] } });
  });

  it("the failNode fault raises an execution error at that node", async () => {
    sim = await startSim({ runTime: { fixedMs: 0 } });
    sim.faults.failNode = { classType: "ImageInvert", message: "boom", exceptionType: "RuntimeError" };
    const id = await submit(sim, workflow("invert"), { client_id: "f" });
    const entry = await waitHistory(sim, id);
    const err = entry.status.messages.at(-1)[1];
    expect(err).toMatchObject({ node_id: "2", node_type: "ImageInvert", exception_message: "boom\n", exception_type: "RuntimeError", executed: ["1"] });
    delete sim.faults.failNode;
    const ok = await submit(sim, workflow("invert"), { client_id: "f" });
    expect((await waitHistory(sim, ok)).status.status_str).toBe("success");
  });

  it("an interrupt lands on the next node, as in ws_probe4.jsonl", async () => {
    sim = await startSim({ runTime: { fixedMs: 600 } });
    const ws = await Recorder.open(sim, "probe4");
    const id = await submit(sim, workflow("slow-blur-chain"), { client_id: "probe4" });
    await ws.until((m) => m.some((x) => !Buffer.isBuffer(x) && x.type === "executing" && x.data["node"] === "10"));
    expect((await post(sim, "/interrupt", { prompt_id: "someone-else" })).status).toBe(200);
    expect((await post(sim, "/interrupt", "")).status).toBe(200);
    await ws.done(id);
    // The observed log also has status messages from prompts queued meanwhile; drop those.
    const observed = observedFirstRun("observed/ws_probe4.jsonl");
    const expected = observed.filter((t, i) => !(t === "status" && i > 3 && i < observed.indexOf("execution_interrupted")));
    expect(ws.types()).toEqual(expected);
    const entry = await waitHistory(sim, id);
    const last = entry.status.messages.at(-1);
    expect(last[0]).toBe("execution_interrupted");
    expect(last[1]).toMatchObject({ prompt_id: id, node_id: "11", node_type: "ImageBlur", executed: ["10", "1"] });
    expect(entry.status.status_str).toBe("error");
  });

  it("interrupts a sampler between steps, and an idle interrupt is lost", async () => {
    sim = await startSim({ runTime: { fixedMs: 0, perStepMs: 20 } });
    await post(sim, "/interrupt", {});
    const ws = await Recorder.open(sim, "s");
    const id = await submit(sim, samplerPrompt(50), { client_id: "s" });
    await ws.until((m) => m.some((x) => !Buffer.isBuffer(x) && x.type === "progress" && x.data["value"] === 3));
    await post(sim, "/interrupt", { prompt_id: id });
    const entry = await waitHistory(sim, id);
    expect(entry.status.messages.at(-1)[1]).toMatchObject({ node_id: "3", node_type: "KSampler" });
    const steps = ws.json().filter((m) => m.type === "progress").length;
    expect(steps).toBeGreaterThanOrEqual(3);
    expect(steps).toBeLessThan(50);
  });
});

describe("caching (§9)", () => {
  it("an identical rerun is fully cached and matches ws_cached_rerun2.jsonl", async () => {
    sim = await startSim({ runTime: { fixedMs: 3 } });
    const first = await submit(sim, workflow("invert"), { client_id: "c2" });
    await waitHistory(sim, first);
    const ws = await Recorder.open(sim, "c2");
    const second = await submit(sim, workflow("invert"), { client_id: "c2" });
    await ws.done(second);
    expect(ws.types()).toEqual(observedTypes("observed/ws_cached_rerun2.jsonl"));
    expect(ws.json().find((m) => m.type === "execution_cached")?.data["nodes"]).toEqual(["1", "2", "3"]);
    const entry = await waitHistory(sim, second);
    expect(entry.outputs["3"].images[0].filename).toBe("invert_00001_.png");
  });

  it("follows the probe7 sequence", async () => {
    sim = await startSim({ runTime: { fixedMs: 0 } });
    const graph = (ids: string[], prefixA: string) => {
      const [a, b, c, d] = ids as [string, string, string, string];
      return {
        [a]: { class_type: "EmptyImage", inputs: { width: 16, height: 16, batch_size: 1, color: 5 } },
        [b]: { class_type: "ImageInvert", inputs: { image: [a, 0] } },
        [c]: { class_type: "SaveImage", inputs: { images: [b, 0], filename_prefix: `probe7/${prefixA}` } },
        [d]: { class_type: "SaveImage", inputs: { images: [a, 0], filename_prefix: "probe7/b" } },
      };
    };
    const run = async (prompt: unknown) => {
      const id = await submit(sim, prompt);
      const entry = await waitHistory(sim, id);
      const cached = entry.status.messages[1][1].nodes;
      const files = Object.fromEntries(Object.entries<any>(entry.outputs).map(([k, v]) => [k, v.images[0].filename]));
      return { cached, files };
    };
    const p = graph(["1", "2", "3", "4"], "a");
    expect(await run(p)).toEqual({ cached: [], files: { "3": "a_00001_.png", "4": "b_00001_.png" } });
    expect(await run(p)).toEqual({ cached: ["1", "2", "3", "4"], files: { "3": "a_00001_.png", "4": "b_00001_.png" } });
    expect(await run(graph(["1", "2", "3", "4"], "c"))).toEqual({ cached: ["1", "2", "4"], files: { "3": "c_00001_.png", "4": "b_00001_.png" } });
    expect(await run(graph(["101", "102", "103", "104"], "c"))).toEqual({
      cached: ["101", "102", "103", "104"],
      files: { "103": "c_00001_.png", "104": "b_00001_.png" },
    });
    await run({
      "1": { class_type: "EmptyImage", inputs: { width: 8, height: 8, batch_size: 1, color: 9 } },
      "2": { class_type: "PreviewImage", inputs: { images: ["1", 0] } },
    });
    const again = await run(graph(["101", "102", "103", "104"], "c"));
    expect(again).toEqual({ cached: [], files: { "103": "c_00002_.png", "104": "b_00002_.png" } });
  });

  it("cache none re-runs identical prompts and writes new files", async () => {
    sim = await startSim({ runTime: { fixedMs: 0 }, cache: "none" });
    const names: string[] = [];
    for (let i = 0; i < 2; i++) {
      const entry = await waitHistory(sim, await submit(sim, workflow("invert")));
      expect(entry.status.messages[1][1].nodes).toEqual([]);
      names.push(entry.outputs["3"].images[0].filename);
    }
    expect(names).toEqual(["invert_00001_.png", "invert_00002_.png"]);
  });
});

describe("the race of §8.3", () => {
  it("execution_success arrives before the history entry exists", async () => {
    sim = await startSim({ runTime: { fixedMs: 0, historyDelayMs: 150 } });
    const ws = await Recorder.open(sim, "r");
    const id = await submit(sim, workflow("invert"), { client_id: "r" });
    await ws.until((m) => m.some((x) => !Buffer.isBuffer(x) && x.type === "execution_success"));
    expect((await get(sim, `/history/${id}`)).json).toEqual({});
    await ws.done(id);
    expect(Object.keys((await get(sim, `/history/${id}`)).json)).toEqual([id]);
  });
});
