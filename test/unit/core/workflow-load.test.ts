import { describe, expect, it } from "vitest";
import { parseWorkflowText } from "../../../src/core/workflow/load.js";
import { getInput, setInput } from "../../../src/core/workflow/model.js";
import { UserError } from "../../../src/core/errors.js";

const ok = JSON.stringify({
  "1": { class_type: "EmptyImage", inputs: { width: 64 } },
  "2": { class_type: "SaveImage", inputs: { images: ["1", 0], filename_prefix: "x" } },
});

describe("workflow loading", () => {
  it("accepts an API-format workflow and unwraps a {prompt} wrapper", () => {
    expect(Object.keys(parseWorkflowText(ok, "w.json"))).toEqual(["1", "2"]);
    const wrapped = `{"prompt": ${ok}, "client_id": "x"}`;
    expect(Object.keys(parseWorkflowText(wrapped, "w.json"))).toEqual(["1", "2"]);
  });

  it.each([
    ['{"nodes": [], "links": []}', /UI-format workflow/],
    ["{}", /empty/],
    ['{"1": {"inputs": {}}}', /no class_type/],
    ['{"1": {"class_type": "X", "inputs": {"a": ["9", 0]}}}', /links to node "9"/],
    ["[1,2]", /JSON object of nodes/],
    ['{"1": {"class_type": "X", "inputs": {}}', /w\.json:1:\d+: invalid JSON/],
  ])("rejects %s", (text, message) => {
    expect(() => parseWorkflowText(text, "w.json")).toThrow(message);
    expect(() => parseWorkflowText(text, "w.json")).toThrow(UserError);
  });

  it("tells how to export the API format", () => {
    try {
      parseWorkflowText('{"nodes": [], "links": []}', "w.json");
      expect.unreachable();
    } catch (error) {
      expect((error as UserError).hint).toMatch(/Export \(API\)/);
    }
  });

  it("keeps a big seed exactly", () => {
    const wf = parseWorkflowText('{"3": {"class_type": "KSampler", "inputs": {"seed": 18446744073709551614}}}', "w.json");
    expect(getInput(wf, { node: "3", input: "seed" })).toBe(18446744073709551614n);
  });

  it("never creates missing nodes or inputs, and refuses to overwrite a link", () => {
    const wf = parseWorkflowText(ok, "w.json");
    expect(() => setInput(wf, { node: "9", input: "width" }, 1)).toThrow(/no node "9"/);
    expect(() => setInput(wf, { node: "1", input: "height" }, 1)).toThrow(/no input "height"/);
    expect(() => setInput(wf, { node: "2", input: "images" }, 1)).toThrow(/is a link/);
    expect(wf["9"]).toBeUndefined();
    setInput(wf, { node: "1", input: "width" }, 128);
    expect(wf["1"]?.inputs["width"]).toBe(128);
  });
});
