import { describe, expect, it } from "vitest";
import { subfolderFile } from "../../../src/core/comfy/input-files.js";
import type { InputSpec } from "../../../src/core/comfy/object-info.js";
import { checkAgainstSpec } from "../../../src/core/config/input-checks.js";
import type { Parameter } from "../../../src/core/config/types.js";
import { parseWorkflowText } from "../../../src/core/workflow/load.js";
import { parseOverride } from "../../../src/core/workflow/set-value.js";

const imageInput: InputSpec = { name: "image", kind: "COMBO", options: ["top.png"], required: true, upload: true, multiline: false };
const samplerInput: InputSpec = { name: "sampler_name", kind: "COMBO", options: ["euler"], required: true, upload: false, multiline: false };

describe("input files in subfolders (absent from /object_info's list)", () => {
  it.each([
    ["comfy-runner/abc.jpg", { subfolder: "comfy-runner", filename: "abc.jpg", type: "input" }],
    ["a/b/c.png", { subfolder: "a/b", filename: "c.png", type: "input" }],
    ["sub/x.png [output]", { subfolder: "sub", filename: "x.png", type: "output" }],
    ["top.png", undefined],
    ["/abs.png", undefined],
    ["dir/", undefined],
  ])("%j names %j", (value, expected) => {
    expect(subfolderFile(imageInput, value)).toEqual(expected);
  });

  it("only for file inputs", () => {
    expect(subfolderFile(samplerInput, "a/b")).toBeUndefined();
  });

  it("--set leaves a subfolder file to the server check instead of refusing it on the list", () => {
    const wf = parseWorkflowText(JSON.stringify({ "1": { class_type: "LoadImage", inputs: { image: "top.png" } } }), "w.json");
    const defs = new Map([
      ["LoadImage", { name: "LoadImage", displayName: "", category: "", outputNode: false, outputs: [], inputs: new Map([["image", imageInput]]) }],
    ]);
    const override = parseOverride(wf, "nodes.1.inputs.image=comfy-runner/abc.jpg", defs);
    expect(override.value).toBe("comfy-runner/abc.jpg");
    expect(override.serverFile).toEqual({ subfolder: "comfy-runner", filename: "abc.jpg", type: "input" });
    expect(() => parseOverride(wf, "nodes.1.inputs.image=nope.png", defs)).toThrow(/not one of the valid options/);
    // A server that lists subfolder files needs no second look.
    const listing = new Map([["LoadImage", { ...defs.get("LoadImage")!, inputs: new Map([["image", { ...imageInput, options: ["sub/a.png"] }]]) }]]);
    expect(parseOverride(wf, "nodes.1.inputs.image=sub/a.png", listing).serverFile).toBeUndefined();
  });

  it("a batch parameter may list subfolder files for a file input", () => {
    const parameter = { type: "values", values: ["comfy-runner/abc.jpg", "top.png"] } as unknown as Parameter;
    expect(checkAgainstSpec(parameter, imageInput)).toEqual([]);
    const wrong = { type: "values", values: ["nope.png"] } as unknown as Parameter;
    expect(checkAgainstSpec(wrong, imageInput)).toHaveLength(1);
  });
});
