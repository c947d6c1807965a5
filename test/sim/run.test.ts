import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startSim, type Sim } from "../../src/sim/index.js";
import { Recorder, get, observedTypes, submit, waitHistory, workflow } from "./helpers.js";

let sim: Sim;
beforeEach(async () => {
  sim = await startSim({ runTime: { fixedMs: 6, perStepMs: 2 } });
});
afterEach(async () => {
  await sim.stop();
});

describe("a normal run", () => {
  it("emits the message types of ws_run1.jsonl in the same order", async () => {
    const ws = await Recorder.open(sim, "c1");
    const id = await submit(sim, workflow("invert"), { client_id: "c1" });
    await ws.done(id);
    expect(ws.types()).toEqual(observedTypes("observed/ws_run1.jsonl"));
    const executed = ws.json().find((m) => m.type === "executed");
    expect(executed?.data).toEqual({
      node: "3",
      display_node: "3",
      output: { images: [{ filename: "invert_00001_.png", subfolder: "t", type: "output" }] },
      prompt_id: id,
    });
    ws.close();
  });

  it("writes a history entry shaped like history_run1.json", async () => {
    const id = await submit(sim, workflow("invert"), { client_id: "c1" });
    const entry = await waitHistory(sim, id);
    expect(entry.prompt[0]).toBe(0);
    expect(entry.prompt[1]).toBe(id);
    expect(entry.prompt[3]).toEqual({ client_id: "c1" });
    expect(entry.prompt[4]).toEqual(["3"]);
    expect(entry.outputs).toEqual({ "3": { images: [{ filename: "invert_00001_.png", subfolder: "t", type: "output" }] } });
    expect(entry.status.status_str).toBe("success");
    expect(entry.status.completed).toBe(true);
    expect(entry.status.messages.map((m: [string]) => m[0])).toEqual(["execution_start", "execution_cached", "execution_success"]);
    expect(entry.meta).toEqual({ "3": { node_id: "3", display_node: "3", parent_node: null, real_node_id: "3" } });
    const png = await get(sim, "/view?filename=invert_00001_.png&subfolder=t&type=output");
    expect(png.status).toBe(200);
    expect(png.headers.get("content-type")).toBe("image/png");
    expect(png.bytes.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
  });
});
