/**
 * Names from the server land inside the output folder at a length the local file system takes:
 * a 244-byte UTF-8 name is kept whole, a 6,000-character subfolder is shortened, never a crash.
 */
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { run } from "../../src/commands/run/index.js";
import { ComfyClient } from "../../src/core/comfy/client.js";
import { downloadOutput, LocalWriteError } from "../../src/core/comfy/download.js";
import { ServerError, UserError } from "../../src/core/errors.js";
import { startSim, type Sim } from "../../src/sim/index.js";
import { tempDir } from "../helpers/tmp.js";
import { captureUi } from "../helpers/ui.js";

let sim: Sim | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

describe("cr-run with long and hostile server file names", { timeout: 30_000 }, () => {
  it("downloads every file, keeping a valid 244-byte name whole and every path inside", async () => {
    sim = await startSim({ runTime: { fixedMs: 5 }, faults: { hostileFilenames: true } });
    const dir = await tempDir();
    // Nine images: one per name the fault reports in turn (seven traversal tricks, then the two long ones).
    const workflow = {
      "1": { class_type: "EmptyImage", inputs: { width: 8, height: 8, batch_size: 9, color: 0 } },
      "2": { class_type: "SaveImage", inputs: { images: ["1", 0], filename_prefix: "h" } },
    };
    const file = path.join(dir, "wf.json");
    await (await import("node:fs/promises")).writeFile(file, JSON.stringify(workflow));
    const outDir = path.join(dir, "out");
    const result = await run(
      { workflowFile: file, server: { url: sim.url, headers: {} }, outDir, sets: [], idleTimeoutSeconds: 60, includeTemp: false, download: true },
      { ...captureUi(), signal: new AbortController().signal },
    );
    expect(result.files).toHaveLength(9);
    const root = path.resolve(outDir);
    for (const f of result.files) {
      expect(f.path.startsWith(`${root}${path.sep}`)).toBe(true);
      for (const segment of path.relative(root, f.path).split(path.sep)) expect(Buffer.byteLength(segment)).toBeLessThanOrEqual(255);
      expect((await readFile(f.path)).subarray(1, 4).toString()).toBe("PNG");
    }
    const names = result.files.map((f) => path.basename(f.path));
    expect(names).toContain(`${"あ".repeat(80)}.png`);
    expect(names).toContain("long.png");
    const entries = await readdir(root, { recursive: true });
    expect(entries.filter((e) => e.endsWith(".part"))).toEqual([]);
  });

  it("a local file-system error is the user's to fix, not a server problem, and is not retried", async () => {
    sim = await startSim({ runTime: { fixedMs: 5 } });
    const dir = await tempDir();
    const blocker = path.join(dir, "a-file");
    await (await import("node:fs/promises")).writeFile(blocker, "not a folder");
    const client = new ComfyClient({ url: sim.url, headers: {} });
    const item = { nodeId: "3", key: "images", filename: "x.png", subfolder: "", type: "output", animated: false };
    const error = await downloadOutput(client.http, item, path.join(blocker, "out")).catch((e: unknown) => e);
    await client.close();
    expect(error).toBeInstanceOf(LocalWriteError);
    expect(error).toBeInstanceOf(UserError);
    expect(error).not.toBeInstanceOf(ServerError);
    expect((error as Error).message).toMatch(/^ENOTDIR: .*a-file/);
    expect(sim.requests.filter((r) => r.path.startsWith("/view"))).toEqual([]);
  });
});
