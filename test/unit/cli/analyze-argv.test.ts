/**
 * cr-analyze reads its everyday command lines without commander (start time). Whatever the quick
 * reader accepts, it must read exactly as commander does; the rest it leaves to commander.
 */
import { CommanderError } from "commander";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { quickAnalyzeArgs } from "../../../src/cli/analyze.js";
import { parseAnalyzeArgs } from "../../../src/cli/analyze-flags.js";
import { reportError } from "../../../src/cli/main.js";

const NO_ENV = {};
const saved = process.env["COMFYUI_URL"];
beforeEach(() => {
  delete process.env["COMFYUI_URL"];
});
afterEach(() => {
  if (saved === undefined) delete process.env["COMFYUI_URL"];
  else process.env["COMFYUI_URL"] = saved;
});

const QUICK: string[][] = [
  ["wf.json"],
  ["wf.json", "--print"],
  ["--print", "wf.json"],
  ["wf.json", "--json"],
  ["wf.json", "-o", "out/c.yaml"],
  ["wf.json", "--output", "c.yaml", "-f"],
  ["--force", "wf.json"],
  ["wf.json", "--object-info", "oi.json", "--print", "-o", "c.yaml"],
  ["wf.json", "--template", "seed-mining"],
  ["wf.json", "--template", "all", "--force"],
  ["my workflow.json", "--json", "--print"],
  ["toString"],
  [""],
];

const LEFT_TO_COMMANDER: string[][] = [
  [],
  ["--help"],
  ["-h"],
  ["-V"],
  ["--version"],
  ["--list-sampler-groups"],
  ["wf.json", "-s", "127.0.0.1:8190"],
  ["wf.json", "--server", "127.0.0.1:8190"],
  ["wf.json", "-H", "X: y"],
  ["wf.json", "--bogus"],
  ["wf.json", "-fo", "c.yaml"],
  ["wf.json", "--output=c.yaml"],
  ["wf.json", "-o"],
  ["wf.json", "-o", "--print"],
  ["wf.json", "--print", "--print"],
  ["wf.json", "-o", "a.yaml", "--output", "b.yaml"],
  ["wf.json", "--template", "nope"],
  ["wf.json", "other.json"],
  ["wf.json", "--"],
  ["-"],
];

describe("quickAnalyzeArgs", () => {
  it.each(QUICK)("reads %j as commander does", (...argv) => {
    const quick = quickAnalyzeArgs(argv, NO_ENV);
    expect(quick).toBeDefined();
    expect(quick).toEqual(parseAnalyzeArgs(argv));
  });

  it.each(LEFT_TO_COMMANDER)("leaves %j to commander", (...argv) => {
    expect(quickAnalyzeArgs(argv, NO_ENV)).toBeUndefined();
  });

  it("leaves COMFYUI_URL to commander (the server's definitions), unless --object-info names a file", () => {
    const env = { COMFYUI_URL: "10.0.0.2:8188" };
    expect(quickAnalyzeArgs(["wf.json"], env)).toBeUndefined();
    const quick = quickAnalyzeArgs(["wf.json", "--object-info", "oi.json"], env);
    process.env["COMFYUI_URL"] = env.COMFYUI_URL;
    expect(quick).toBeDefined();
    expect(quick).toEqual(parseAnalyzeArgs(["wf.json", "--object-info", "oi.json"]));
  });
});

describe("reportError without importing commander", () => {
  it.each([
    [new CommanderError(1, "commander.unknownOption", "error: unknown option"), 2],
    [new CommanderError(0, "commander.helpDisplayed", "(outputHelp)"), 0],
    [Object.assign(new Error("not commander's"), { code: "ENOENT", exitCode: 0 }), 70],
  ] as const)("%s → exit %i", (error, code) => {
    expect(reportError(error, () => undefined)).toBe(code);
  });
});
