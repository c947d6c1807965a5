import { describe, expect, it } from "vitest";
import { formatPath, parsePath } from "../../../src/core/workflow/paths.js";

describe("parsePath", () => {
  it.each([
    ["nodes.91.inputs.strength_model", "91", "strength_model"],
    ["91.inputs.strength_model", "91", "strength_model"],
    ['nodes["1926:1623"].inputs["resize_type.multiplier"]', "1926:1623", "resize_type.multiplier"],
    ["nodes['58_2'].inputs.seed", "58_2", "seed"],
    ['["7"].inputs.text', "7", "text"],
    ["nodes[12].inputs[cfg]", "12", "cfg"],
  ])("%s", (text, node, input) => {
    expect(parsePath(text)).toEqual({ node, input });
  });

  it.each(["nodes.91.strength_model", "nodes.91.inputs", "nodes..inputs.x", 'nodes["91.inputs.x', "a.b.c.d.e", "nodes.91.inputs."])("rejects %s", (text) => {
    expect(() => parsePath(text)).toThrow(/Invalid parameter path/);
  });

  it("addresses a node literally named nodes when written in full", () => {
    expect(parsePath("nodes.nodes.inputs.x")).toEqual({ node: "nodes", input: "x" });
  });
});

describe("formatPath", () => {
  it("round-trips plain and bracketed forms", () => {
    for (const p of [
      { node: "57", input: "cfg" },
      { node: "1926:1623", input: "resize_type.multiplier" },
      { node: "58_2", input: "noise_seed" },
    ]) {
      expect(parsePath(formatPath(p))).toEqual(p);
    }
    expect(formatPath({ node: "57", input: "cfg" })).toBe("nodes.57.inputs.cfg");
    expect(formatPath({ node: "1926:1623", input: "a.b" })).toBe('nodes["1926:1623"].inputs["a.b"]');
  });
});
