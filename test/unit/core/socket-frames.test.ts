import { describe, expect, it } from "vitest";
import { socketImageOutputs, websocketSaveNodes } from "../../../src/core/comfy/outputs.js";
import { parseImageFrame } from "../../../src/core/comfy/socket-frames.js";

const png = Buffer.from("89504e470d0a1a0a0000", "hex");

function frame(type: number, second: number, rest: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(type, 0);
  head.writeUInt32BE(second, 4);
  return Buffer.concat([head, rest]);
}

describe("binary websocket frames (protocol §8.4)", () => {
  it("type 4 names its prompt and node", () => {
    const meta = Buffer.from(
      JSON.stringify({ node_id: "2", prompt_id: "p1", display_node_id: "2", parent_node_id: null, real_node_id: "2", image_type: "image/png" }),
    );
    expect(parseImageFrame(frame(4, meta.length, Buffer.concat([meta, png])), undefined)).toEqual({
      promptId: "p1",
      nodeId: "2",
      mime: "image/png",
      bytes: png,
    });
  });

  it("type 1 belongs to the progress message before it", () => {
    expect(parseImageFrame(frame(1, 2, png), { promptId: "p1", nodeId: "7" })).toEqual({ promptId: "p1", nodeId: "7", mime: "image/png", bytes: png });
    expect(parseImageFrame(frame(1, 1, png), { promptId: "p1", nodeId: "7" })?.mime).toBe("image/jpeg");
    expect(parseImageFrame(frame(1, 2, png), undefined)).toBeUndefined();
  });

  it.each([
    ["too short", Buffer.from([0, 0, 0, 4])],
    ["a TEXT frame", frame(3, 1, Buffer.from("1width: 24"))],
    ["metadata longer than the frame", frame(4, 999, png)],
    ["metadata that is not JSON", frame(4, 3, Buffer.from("{{{"))],
    ["metadata without a prompt", frame(4, 13, Buffer.from('{"node_id":1}'))],
    ["an unknown legacy format", frame(1, 9, png)],
  ])("ignores %s", (_what, bytes) => {
    expect(parseImageFrame(bytes, { promptId: "p", nodeId: "1" })).toBeUndefined();
  });

  it("keeps only images of SaveImageWebsocket-like nodes, named per node in order", () => {
    const prompt = [0, "p1", { "2": { class_type: "SaveImageWebsocket" }, "3": { class_type: "KSampler" } }, {}, ["2"]];
    const nodes = websocketSaveNodes(prompt);
    expect([...nodes]).toEqual(["2"]);
    const image = (nodeId: string) => ({ promptId: "p1", nodeId, mime: "image/png" as const, bytes: png });
    const items = socketImageOutputs([image("3"), image("2"), image("2")], nodes);
    expect(items.map((i) => i.filename)).toEqual(["websocket_2_00001_.png", "websocket_2_00002_.png"]);
    expect(items[0]!.inline).toEqual(png);
  });
});
