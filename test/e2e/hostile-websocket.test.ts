/**
 * The built binaries exit after success even when the server's websocket misbehaves: it never
 * answers the close frame, or its handshake reply is wrong and the connection stays open.
 */
import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startSim, type FaultOptions, type Sim } from "../../src/sim/index.js";
import { binPath } from "../helpers/bin.js";
import { tempDir } from "../helpers/tmp.js";
import { repoFile } from "../helpers/workflows.js";

/** Far above a healthy run (a second or two): reaching it means the process hung. */
const HANG_MS = 30_000;
const invert = repoFile("test/fixtures/model-free/invert.json");

let sim: Sim | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

function spawnBin(name: string, args: string[], cwd: string): Promise<{ code: number | null; killed: boolean; output: string }> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
    delete env["COMFYUI_URL"];
    const child = execFile(process.execPath, [binPath(name), ...args], { cwd, env, timeout: HANG_MS, killSignal: "SIGKILL" }, (_error, stdout, stderr) => {
      resolve({ code: child.exitCode, killed: child.signalCode === "SIGKILL", output: stdout + stderr });
    });
  });
}

describe("exit after success with a misbehaving websocket", { timeout: HANG_MS + 15_000 }, () => {
  it.each(["ignore-close", "bad-handshake"] as const)("cr-run, websocket %s: exits 0", async (kind: NonNullable<FaultOptions["hostileWebsocket"]>) => {
    sim = await startSim({ runTime: { fixedMs: 5 }, faults: { hostileWebsocket: kind } });
    const out = await tempDir();
    const result = await spawnBin("cr-run", [invert, "--server", sim.url, "--out", out], out);
    expect(result.killed).toBe(false);
    expect(result.code).toBe(0);
    expect(result.output).toMatch(/invert_00001_\.png/);
  });

  it("cr-batch, websocket ignore-close: exits 0 after the batch", async () => {
    sim = await startSim({ runTime: { fixedMs: 5 }, faults: { hostileWebsocket: "ignore-close" } });
    const dir = await tempDir();
    await writeFile(path.join(dir, "invert.json"), await readFile(invert));
    const config = [
      "workflow_file: invert.json",
      "sampling_strategy: grid",
      "parameters:",
      "  width:",
      "    values: [16, 24]",
      "    path: nodes.1.inputs.width",
      "output:",
      "  base_dir: output",
    ].join("\n");
    await writeFile(path.join(dir, "sweep.yaml"), config);
    const result = await spawnBin("cr-batch", ["sweep.yaml", "--server", sim.url, "--no-score"], dir);
    expect(result.killed).toBe(false);
    expect(result.code).toBe(0);
  });
});
