import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { batch, type BatchOptions } from "../../src/commands/batch/execute-batch.js";
import { startSim, type Sim } from "../../src/sim/index.js";
import { captureUi } from "../helpers/ui.js";
import { demoConfig, demoOptions } from "../helpers/demo-batch.js";

let sim: Sim | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

const options = (config: string, extra: Partial<BatchOptions> = {}): BatchOptions => demoOptions(sim!.url, config, extra);

describe("batch.log", () => {
  it("holds the plain lines of the batch, and a resume appends after a separator", async () => {
    sim = await startSim({ runTime: { fixedMs: 5 }, models: { ckpt_name: ["sd15-demo.safetensors"] } });
    const { dir, config } = await demoConfig();
    // --json on the terminal: the log still gets the human lines.
    const terminal = captureUi({ json: true });
    expect(await batch(options(config), { ...terminal, signal: new AbortController().signal })).toBe(0);
    const [name] = (await readdir(path.join(dir, "output"))).filter((n) => n.startsWith("batch_"));
    const batchDir = path.join(dir, "output", name!);
    const first = await readFile(path.join(batchDir, "batch.log"), "utf8");
    const lines = first.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^==== \d{4}-\d\d-\d\dT.* · cr-batch .*sweep\.yaml · new batch ====$/);
    expect(first).toMatch(/^8 run\(s\) to do, on 1 server\(s\)$/m);
    expect(lines.filter((l) => /^✔ \[\d\/8\] /.test(l))).toHaveLength(8);
    expect(first).toMatch(/^Batch finished$/m);
    expect(first).toMatch(/^ {2}completed 8 · failed 0 /m);
    expect(first).not.toContain("\x1b");

    // The same lines a non-terminal stdout gets (apart from the heading and what precedes the folder).
    const plain = captureUi();
    await batch(options(config, { resumeDir: batchDir }), { ...plain, signal: new AbortController().signal });
    const all = await readFile(path.join(batchDir, "batch.log"), "utf8");
    expect(all.startsWith(first)).toBe(true);
    const appended = all.slice(first.length).trimEnd().split("\n");
    expect(appended[0]).toMatch(/^==== .* · cr-batch .* · resumed ====$/);
    expect(appended.slice(1).join("\n")).toBe(
      plain
        .out()
        .trimEnd()
        .split("\n")
        .slice(-appended.length + 1)
        .join("\n"),
    );
    expect(all).toMatch(/0 run\(s\) to do, 8 already done/);
  });
});
