import { describe, expect, it } from "vitest";
import { reproduceCommand, shellQuote } from "../../../src/commands/contact-sheet/reproduce.js";

describe("reproduceCommand", () => {
  it("writes one --set per patched path, quoting only what the shell would mangle", () => {
    const cmd = reproduceCommand("batch_1/workflow.json", {
      "nodes.57.inputs.cfg": 1.5,
      'nodes["1926:1623"].inputs.steps': 6,
      "nodes.6.inputs.text": "it's a $HOME `x`",
      "nodes.57.inputs.noise_seed": 18446744073709551615n,
    });
    expect(cmd).toBe(
      `cr-run batch_1/workflow.json --set nodes.57.inputs.cfg=1.5 --set 'nodes["1926:1623"].inputs.steps=6' --set 'nodes.6.inputs.text=it'\\''s a $HOME \`x\`' --set nodes.57.inputs.noise_seed=18446744073709551615`,
    );
  });

  it("quotes an empty argument", () => {
    expect(shellQuote("")).toBe("''");
  });
});
