/**
 * The built binaries in a pseudo-terminal: one that reports 0 columns (a pty with no size),
 * SIGTERM mid-run, and a terminal that hangs up (a dropped SSH session).
 */
import { spawn } from "node:child_process";
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startSim, type Sim } from "../../src/sim/index.js";
import { binPath } from "../helpers/bin.js";
import { demoConfig } from "../helpers/demo-batch.js";
import { isAlive, runInPty, waitForExit } from "../helpers/pty.js";
import { tempDir } from "../helpers/tmp.js";
import { repoFile } from "../helpers/workflows.js";

let sim: Sim | undefined;
const started: number[] = [];
afterEach(async () => {
  // A binary that hangs must not outlive its test.
  for (const pid of started.splice(0)) if (isAlive(pid)) process.kill(pid, "SIGKILL");
  await sim?.stop();
  sim = undefined;
});

const NO_SIZE = "stty cols 0 rows 0";
/** Far more than a few seconds of spinner; far less than the megabytes of a clearing loop. */
const BOUNDED = 256 * 1024;
const chain = repoFile("test/fixtures/model-free/slow-blur-chain.json");

async function untilRunning(): Promise<void> {
  while (!sim!.busyIntervals().length && !sim!.submittedPrompts().length) await new Promise((r) => setTimeout(r, 50));
}

async function files(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).filter((f) => f.endsWith(".png"));
}

describe("cr-run in a terminal with 0 columns", () => {
  it("finishes, downloads, and writes a bounded amount", async () => {
    sim = await startSim({ runTime: { fixedMs: 1500 } });
    const dir = await tempDir();
    const pty = runInPty("cr-run", [chain, "--server", sim.url, "--out", path.join(dir, "out")], { dir, setup: NO_SIZE });
    started.push(await pty.pid());
    expect(await pty.exited).toBe(0);
    expect(await files(path.join(dir, "out"))).toHaveLength(1);
    expect(await pty.transcriptBytes()).toBeLessThan(BOUNDED);
    expect(await pty.transcriptText()).toMatch(/Done: 1 file\(s\)/);
  });

  it("stops cleanly on SIGTERM: cancels its prompt, exits 130", async () => {
    sim = await startSim({ runTime: { fixedMs: 120_000 } });
    const dir = await tempDir();
    const pty = runInPty("cr-run", [chain, "--server", sim.url, "--out", path.join(dir, "out")], { dir, setup: NO_SIZE });
    const pid = await pty.pid();
    started.push(pid);
    await untilRunning();
    await new Promise((r) => setTimeout(r, 300)); // let the live view draw a few frames
    process.kill(pid, "SIGTERM");
    expect(await waitForExit(pid, 20_000)).toBe(true);
    expect(await pty.exited).toBe(130);
    expect(sim.requests.some((r) => r.method === "POST" && (r.path === "/interrupt" || r.path === "/queue"))).toBe(true);
    expect(await pty.transcriptBytes()).toBeLessThan(BOUNDED);
  });

  it("stops like Ctrl-C when its terminal goes away (SIGHUP)", async () => {
    sim = await startSim({ runTime: { fixedMs: 120_000 } });
    const dir = await tempDir();
    const pty = runInPty("cr-run", [chain, "--server", sim.url, "--out", path.join(dir, "out")], { dir });
    const pid = await pty.pid();
    started.push(pid);
    await untilRunning();
    pty.script.kill("SIGKILL");
    expect(await waitForExit(pid, 20_000)).toBe(true);
    expect(sim.requests.some((r) => r.method === "POST" && (r.path === "/interrupt" || r.path === "/queue"))).toBe(true);
  });
});

describe("cr-batch when the SSH session drops", () => {
  // Runs long enough (8 × 0.5 s) that the signal always lands mid-batch, even on a busy machine.
  async function batchSetup(): Promise<{ dir: string; config: string; batchDir: () => Promise<string> }> {
    sim = await startSim({ runTime: { fixedMs: 500 }, models: { ckpt_name: ["sd15-demo.safetensors"] } });
    const { dir, config } = await demoConfig();
    const batchDir = async (): Promise<string> => {
      for (;;) {
        const [name] = await readdir(path.join(dir, "output")).catch(() => []);
        if (name) return path.join(dir, "output", name);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    return { dir, config, batchDir };
  }

  async function untilFirstRunLogged(log: string): Promise<void> {
    while (!/^✔ \[1\/8\]/m.test(await readFile(log, "utf8").catch(() => ""))) await new Promise((r) => setTimeout(r, 100));
  }

  it("keeps going on SIGHUP: every run, exit 0, and the summary in batch.log", async () => {
    const { dir, config, batchDir } = await batchSetup();
    const child = spawn(process.execPath, [binPath("cr-batch"), config, "--server", sim!.url, "--no-score"], {
      cwd: dir,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NO_COLOR: "1" },
    });
    started.push(child.pid!);
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const log = path.join(await batchDir(), "batch.log");
    await untilFirstRunLogged(log);
    child.kill("SIGHUP");
    expect(await exited).toBe(0);
    const text = await readFile(log, "utf8");
    expect(text).toMatch(/SIGHUP: the terminal is gone/);
    expect(text.match(/^✔ \[\d\/8\] /gm)).toHaveLength(8);
    expect(text).toMatch(/^Batch finished\n {2}completed 8 · failed 0/m);
    expect(stdout).toMatch(/Batch finished/); // a pipe is not a terminal: it still gets the lines
  });

  it("outlives its terminal (one with 0 columns): the pty hangs up, writes fail, the batch finishes and logs", async () => {
    const { dir, config, batchDir } = await batchSetup();
    const pty = runInPty("cr-batch", [config, "--server", sim!.url, "--no-score"], { dir, cwd: dir, setup: NO_SIZE });
    const pid = await pty.pid();
    started.push(pid);
    const log = path.join(await batchDir(), "batch.log");
    await untilFirstRunLogged(log);
    pty.script.kill("SIGKILL");
    await pty.exited;
    expect(await waitForExit(pid, 50_000)).toBe(true);
    const text = await readFile(log, "utf8");
    expect(text).toMatch(/^Batch finished\n {2}completed 8 · failed 0/m);
    expect(text).not.toMatch(/Internal error|EIO/);
  });
});
