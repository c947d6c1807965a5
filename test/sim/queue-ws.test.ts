import { afterEach, describe, expect, it } from "vitest";
import { startSim, type Sim } from "../../src/sim/index.js";
import { Recorder, get, post, samplerPrompt, submit, waitHistory, workflow } from "./helpers.js";

let sim: Sim;
afterEach(async () => {
  await sim.stop();
});

describe("queue (§1.2, §2)", () => {
  it("runs in (number, prompt_id) order, deletes pending items and reports 5-tuples", async () => {
    sim = await startSim({ runTime: { fixedMs: 2, perStepMs: 15 } });
    const ws = await Recorder.open(sim, "probe4");
    const a = await submit(sim, samplerPrompt(30), { client_id: "probe4" });
    await ws.until((m) => m.some((x) => !Buffer.isBuffer(x) && x.type === "executing" && x.data["node"] === "3"));
    const fast = workflow("invert");
    const responses = [];
    for (const extra of [{}, {}, { front: true }, { number: -100 }, { prompt_id: "my-custom-id-54422" }]) {
      responses.push((await post(sim, "/prompt", { prompt: fast, client_id: "probe4", ...extra })).json);
    }
    expect(responses.map((r) => r.number)).toEqual([1, 2, -3, -100, 4]);
    expect(responses[4].prompt_id).toBe("my-custom-id-54422");
    const [b, c, d, e, f] = responses.map((r) => r.prompt_id as string);
    const queue = (await get(sim, "/queue")).json;
    expect(queue.queue_running[0].slice(0, 2)).toEqual([0, a]);
    expect(queue.queue_running[0][3]).toEqual({ client_id: "probe4" });
    expect(queue.queue_running[0][4]).toEqual(["9"]);
    expect(queue.queue_pending).toHaveLength(5);
    expect((await get(sim, "/prompt")).json).toEqual({ exec_info: { queue_remaining: 6 } });
    expect((await post(sim, "/queue", { delete: [c] })).text).toBe("");
    await post(sim, "/interrupt", { prompt_id: a });
    await waitHistory(sim, f as string);
    expect(sim.busyIntervals().map((i) => i.prompt_id)).toEqual([a, e, d, b, f]);
    expect((await get(sim, `/history/${c}`)).json).toEqual({});
  });

  it("clear removes pending items only", async () => {
    sim = await startSim({ runTime: { fixedMs: 0, perStepMs: 10 } });
    const a = await submit(sim, samplerPrompt(20));
    const b = await submit(sim, workflow("invert"));
    await post(sim, "/queue", { clear: true });
    const queue = (await get(sim, "/queue")).json;
    expect(queue.queue_pending).toEqual([]);
    expect((await waitHistory(sim, a)).status.status_str).toBe("success");
    expect((await get(sim, `/history/${b}`)).json).toEqual({});
  });

  it("history supports max_items, offset, delete and clear", async () => {
    sim = await startSim({ runTime: { fixedMs: 0 } });
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await submit(sim, workflow("invert"), { prompt_id: `h${i}` }));
    await waitHistory(sim, "h2");
    expect(Object.keys((await get(sim, "/history")).json)).toEqual(ids);
    expect(Object.keys((await get(sim, "/history?max_items=2")).json)).toEqual(["h1", "h2"]);
    expect(Object.keys((await get(sim, "/api/history?max_items=1&offset=0")).json)).toEqual(["h0"]);
    await post(sim, "/history", { delete: ["h0", "nope"] });
    expect(Object.keys((await get(sim, "/history")).json)).toEqual(["h1", "h2"]);
    expect((await post(sim, "/history", "not json")).status).toBe(500);
    await post(sim, "/history", { clear: true });
    expect((await get(sim, "/history")).json).toEqual({});
  });
});

describe("websocket routing (§8)", () => {
  it("prompts without client_id send no executing/execution_* to anyone; replaced sockets go silent", async () => {
    sim = await startSim({ runTime: { fixedMs: 3 } });
    const anon = await Recorder.open(sim);
    expect(anon.json()[0]?.data["sid"]).toMatch(/^[0-9a-f]{32}$/);
    const observer = await Recorder.open(sim, "observer");
    const dupA = await Recorder.open(sim, "dup");
    const dupB = await Recorder.open(sim, "dup");
    const id = await submit(sim, workflow("invert"));
    await waitHistory(sim, id);
    await new Promise((r) => setTimeout(r, 30));
    for (const rec of [anon, observer, dupB]) {
      expect(new Set(rec.types())).toEqual(new Set(["status", "progress_state"]));
    }
    expect(dupA.types()).toEqual(["status"]);
    const mine = await submit(sim, workflow("invert"), { client_id: "dup" });
    await dupB.done(mine);
    expect(dupB.types()).toContain("execution_success");
    expect(observer.types()).not.toContain("execution_start");
    expect(observer.types()).not.toContain("executing");
    expect(dupA.types()).toEqual(["status"]);
    for (const r of [anon, observer, dupA, dupB]) r.close();
  });

  it("a reconnect mid-run first hears executing without prompt_id", async () => {
    sim = await startSim({ runTime: { fixedMs: 0, perStepMs: 10 } });
    const id = await submit(sim, samplerPrompt(20), { client_id: "rc" });
    await new Promise((r) => setTimeout(r, 60));
    const ws = await Recorder.open(sim, "rc");
    await ws.done(id);
    const [first, second] = ws.json();
    expect(first?.type).toBe("status");
    expect(second).toEqual({ type: "executing", data: { node: "3" } });
  });

  it("sends preview frames as type 1 after progress, or type 4 before progress with feature flags", async () => {
    sim = await startSim({ runTime: { fixedMs: 0 } });
    const legacy = await Recorder.open(sim, "legacy");
    const modern = await Recorder.open(sim, "modern", true);
    await modern.until((m) => m.some((x) => !Buffer.isBuffer(x) && x.type === "feature_flags"));
    expect(modern.json()[1]).toEqual({ type: "feature_flags", data: { supports_preview_metadata: true, max_upload_size: 104857600 } });
    const a = await submit(sim, workflow("websocket-save"), { client_id: "legacy" });
    await legacy.done(a);
    const b = await submit(sim, workflow("websocket-save"), { client_id: "modern" });
    await modern.done(b);
    const shape = (rec: Recorder) =>
      rec.messages.map((m) => (Buffer.isBuffer(m) ? `bin${m.readUInt32BE(0)}` : m.type)).filter((t) => t === "progress" || t.startsWith("bin"));
    expect(shape(legacy).slice(0, 6)).toEqual(["progress", "bin1", "progress", "bin1", "progress", "bin1"]);
    expect(shape(modern).slice(0, 6)).toEqual(["bin4", "progress", "bin4", "progress", "bin4", "progress"]);
    const frame = legacy.messages.find((m): m is Buffer => Buffer.isBuffer(m));
    expect(frame?.readUInt32BE(4)).toBe(2);
    expect(frame?.subarray(8, 12).toString("hex")).toBe("89504e47");
    const meta = modern.messages.find((m): m is Buffer => Buffer.isBuffer(m));
    const len = meta?.readUInt32BE(4) ?? 0;
    expect(JSON.parse(meta?.subarray(8, 8 + len).toString() ?? "{}")).toEqual({
      node_id: "2",
      prompt_id: b,
      display_node_id: "2",
      parent_node_id: null,
      real_node_id: "2",
      image_type: "image/png",
    });
    expect((await waitHistory(sim, b)).outputs).toEqual({});
    const last = modern
      .json()
      .filter((m) => m.type === "progress_state")
      .at(-1)?.data["nodes"] as Record<string, any>;
    expect(last["2"]).toMatchObject({ value: 3, max: 3, state: "finished" });
  });

  it("GetImageSize broadcasts a TEXT frame like ws_text_binary.jsonl", async () => {
    sim = await startSim({ runTime: { fixedMs: 0 } });
    const other = await Recorder.open(sim, "other");
    const ws = await Recorder.open(sim, "gis");
    const id = await submit(
      sim,
      {
        "1": { class_type: "EmptyImage", inputs: { width: 24, height: 15, batch_size: 2, color: 0 } },
        "2": { class_type: "GetImageSize", inputs: { image: ["1", 0] } },
        "3": { class_type: "EmptyImage", inputs: { width: ["2", 0], height: ["2", 1], batch_size: 1, color: 0 } },
        "4": { class_type: "PreviewImage", inputs: { images: ["3", 0] } },
      },
      { client_id: "gis" },
    );
    await ws.done(id);
    for (const rec of [ws, other]) {
      const frame = rec.messages.find((m): m is Buffer => Buffer.isBuffer(m));
      expect(frame?.readUInt32BE(0)).toBe(3);
      expect(frame?.readUInt32BE(4)).toBe(1);
      expect(frame?.subarray(9).toString()).toBe("width: 24, height: 15\n batch size: 2");
    }
    const states = ws.json().filter((m) => m.type === "progress_state");
    expect(Object.keys((states.at(-1)?.data["nodes"] ?? {}) as object)).toEqual(["1", "2", "3", "4"]);
  });

  it("dropWebsocketAfterMessages closes sockets once; dropSockets closes on demand", async () => {
    sim = await startSim({ runTime: { fixedMs: 0 } });
    const ws = await Recorder.open(sim, "d");
    const closed = new Promise<void>((r) => ws.ws.once("close", () => r()));
    sim.faults.dropWebsocketAfterMessages = 3;
    await submit(sim, workflow("invert"), { client_id: "d" });
    await closed;
    expect(ws.messages.length).toBe(4);
    expect(sim.faults.dropWebsocketAfterMessages).toBeUndefined();
    const again = await Recorder.open(sim, "d");
    const closedAgain = new Promise<void>((r) => again.ws.once("close", () => r()));
    sim.dropSockets();
    await closedAgain;
  });
});
