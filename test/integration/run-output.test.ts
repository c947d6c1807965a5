/** What cr-run prints: every node once in plain mode, and nothing a server sends may drive the terminal. */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { run, type RunOptions } from "../../src/commands/run/index.js";
import { batch } from "../../src/commands/batch/execute-batch.js";
import { startSim, type Sim } from "../../src/sim/index.js";
import { captureUi } from "../helpers/ui.js";
import { tempDir } from "../helpers/tmp.js";
import { repoFile } from "../helpers/workflows.js";
import { demoConfig, demoOptions } from "../helpers/demo-batch.js";

let sim: Sim | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

async function options(workflow: string): Promise<RunOptions> {
  return {
    workflowFile: repoFile(`test/fixtures/model-free/${workflow}`),
    server: { url: sim!.url, headers: {} },
    outDir: await tempDir(),
    sets: [],
    idleTimeoutSeconds: 60,
    includeTemp: false,
    download: true,
  };
}

const signal = (): AbortSignal => new AbortController().signal;
/** ESC, BEL, CR, DEL, NUL and the C1 range (8-bit CSI 0x9b): none may reach a terminal or a log. */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

describe("cr-run plain output", () => {
  it("prints every executed node of a chain once, then the cached ones once as cached", async () => {
    sim = await startSim({ runTime: { fixedMs: 30 } });
    const chain = ["1", "10", "11", "12", "13", "99"]; // EmptyImage → 4 × ImageBlur → SaveImage
    const first = captureUi();
    await run(await options("slow-blur-chain.json"), { ...first, signal: signal() });
    for (const id of chain) {
      expect(first.out().match(new RegExp(`^running node ${id} \\(\\w+\\)$`, "gm")), `node ${id}`).toHaveLength(1);
    }
    expect(first.out()).not.toMatch(/^cached:/m);

    const again = captureUi();
    await run(await options("slow-blur-chain.json"), { ...again, signal: signal() });
    expect(again.out()).not.toMatch(/^running node/m);
    expect(again.out().match(/^cached: .*$/gm)).toEqual([
      `cached: ${chain.map((id) => `node ${id} (${id === "1" ? "EmptyImage" : id === "99" ? "SaveImage" : "ImageBlur"})`).join(", ")}`,
    ]);
  });
});

describe("a hostile server's text", () => {
  it("reaches neither cr-run's output nor its error messages with a control character", async () => {
    sim = await startSim({ faults: { hostileText: true } });
    const c = captureUi();
    const result = await run(await options("invert.json"), { ...c, signal: signal() });
    expect(result.files).toHaveLength(1);
    expect(await readFile(result.files[0]!.path)).toHaveLength(result.files[0]!.bytes);
    expect(c.out()).toMatch(/^Connected to ComfyUI 0\.3\.64EVIL OK forged2J at /m);
    expect(c.out()).not.toMatch(/^OK forged/m);
    expect(c.out() + c.err()).not.toMatch(CONTROL);
  });

  it("reaches neither cr-batch's output nor batch.log with a control character", async () => {
    sim = await startSim({ runTime: { fixedMs: 5 }, models: { ckpt_name: ["sd15-demo.safetensors"] }, faults: { hostileText: true } });
    const { dir, config } = await demoConfig();
    const c = captureUi();
    expect(await batch(demoOptions(sim.url, config), { ...c, signal: signal() })).toBe(0);
    const [name] = await readdir(path.join(dir, "output"));
    const log = await readFile(path.join(dir, "output", name!, "batch.log"), "utf8");
    expect(log).toMatch(/ComfyUI 0\.3\.64EVIL/);
    expect(log + c.out() + c.err()).not.toMatch(CONTROL);
  });
});
