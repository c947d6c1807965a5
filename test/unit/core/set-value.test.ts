import { describe, expect, it } from "vitest";
import { realNodeDefs } from "../../helpers/object-info.js";
import { parseWorkflowText } from "../../../src/core/workflow/load.js";
import { parseOverride, splitAssignment } from "../../../src/core/workflow/set-value.js";

const defs = realNodeDefs();
const wf = parseWorkflowText(
  JSON.stringify({
    "3": {
      class_type: "KSampler",
      inputs: {
        seed: 1,
        steps: 20,
        cfg: 7,
        sampler_name: "euler",
        scheduler: "normal",
        denoise: 1,
        model: ["4", 0],
        positive: ["4", 0],
        negative: ["4", 0],
        latent_image: ["4", 0],
      },
    },
    "4": { class_type: "Custom", inputs: { flag: true, name: "a" } },
  }),
  "w.json",
);

describe("--set", () => {
  it("splits at the first = outside the path's brackets", () => {
    expect(splitAssignment('nodes["a=b"].inputs.x=1=2')).toEqual({ path: 'nodes["a=b"].inputs.x', value: "1=2" });
  });

  it("says what is wrong with a path whose brackets or quotes do not balance, instead of 'has no ='", () => {
    expect(() => splitAssignment('nodes["3".inputs.steps=30')).toThrow(/invalid path: a '\[' is never closed with '\]'/);
    expect(() => splitAssignment("nodes[[3.inputs.steps=30")).toThrow(/2 '\[' are never closed/);
    expect(() => splitAssignment("nodes.3].inputs.steps=30")).toThrow(/the '\]' at character 8 closes no '\['/);
    expect(() => splitAssignment('nodes["3].inputs.steps=30')).toThrow(/the " quote is never closed/);
    expect(() => splitAssignment("nodes.3.inputs.steps")).toThrow(/has no '='/);
  });

  it("coerces to the input's type", () => {
    expect(parseOverride(wf, "nodes.3.inputs.steps=30", defs).value).toBe(30);
    expect(parseOverride(wf, "3.inputs.cfg=1.5", defs).value).toBe(1.5);
    expect(parseOverride(wf, "nodes.3.inputs.seed=18446744073709551615", defs).value).toBe(18446744073709551615n);
    expect(parseOverride(wf, "nodes.4.inputs.flag=false").value).toBe(false);
    expect(parseOverride(wf, "nodes.4.inputs.name=12").value).toBe("12");
    expect(parseOverride(wf, "nodes.3.inputs.cfg=2").value).toBe(2);
  });

  it("rejects bad values with the path in the message", () => {
    expect(() => parseOverride(wf, "nodes.3.inputs.steps=abc", defs)).toThrow(/nodes\.3\.inputs\.steps is an integer input/);
    expect(() => parseOverride(wf, "nodes.3.inputs.cfg=fast", defs)).toThrow(/not a number/);
    expect(() => parseOverride(wf, "nodes.3.inputs.sampler_name=euler_a", defs)).toThrow(/not one of the valid options/);
    expect(() => parseOverride(wf, "nodes.3.inputs.steps=0", defs)).toThrow(/below the minimum 1/);
    expect(() => parseOverride(wf, "nodes.9.inputs.steps=3", defs)).toThrow(/no node "9"/);
    expect(() => parseOverride(wf, "nodes.3.inputs.model=3", defs)).toThrow(/is a link/);
  });
});
