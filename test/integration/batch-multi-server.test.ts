/**
 * cr-batch across several simulated servers (issue 5, "Several servers"): work shared once,
 * a slow server doing less, a failing server's in-flight runs finishing elsewhere, and an
 * execution error staying with its run instead of travelling between servers.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startSim, type Sim, type SimOptions } from "../../src/sim/index.js";
import { batch } from "../../src/commands/batch/execute-batch.js";
import { batchOptions, checkBatch, DEMO_MODELS, demoWorkspace, onlyBatch, readPlanRuns, runInProcess, until } from "../helpers/batch-reliability.js";
import { captureUi } from "../helpers/ui.js";

const sims: Sim[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.stop()));
});

async function sim(fixedMs: number, extra: SimOptions = {}): Promise<Sim> {
  const started = await startSim({ models: DEMO_MODELS, ffmpeg: false, runTime: { fixedMs, perStepMs: 0 }, ...extra });
  sims.push(started);
  return started;
}

function runsOn(params: Map<number, { server: string | null }>, server: Sim): number {
  return [...params.values()].filter((p) => p.server === server.url).length;
}

/** Run names (from the namespaced filename_prefix) of prompts a server has received. */
function runNamesSentTo(server: Sim, promptIds?: ReadonlySet<string>): string[] {
  return server
    .submittedPrompts()
    .filter((p) => !promptIds || promptIds.has(p.prompt_id))
    .map((p) => String((p.prompt["9"] as { inputs: { filename_prefix: string } }).inputs.filename_prefix).split("/")[1] ?? "");
}

describe("cr-batch on several servers", () => {
  it("runs every run exactly once across three servers, and the slow one does fewer", async () => {
    const fast1 = await sim(20);
    const fast2 = await sim(20);
    const slow = await sim(400);
    const ws = await demoWorkspace({ seedsPerSample: 3 });
    const result = await runInProcess(ws.config, [fast1.url, fast2.url, slow.url]);
    expect(result.code, result.err).toBe(0);
    const params = await checkBatch(await onlyBatch(ws.baseDir), { sims: [fast1, fast2, slow] });
    // Exactly once: 24 prompts in all, no run sent twice.
    const sent = [fast1, fast2, slow].flatMap((s) => runNamesSentTo(s));
    expect(sent).toHaveLength(24);
    expect(new Set(sent).size).toBe(24);
    expect(runsOn(params, slow)).toBeGreaterThan(0);
    expect(runsOn(params, slow)).toBeLessThan(runsOn(params, fast1));
    expect(runsOn(params, slow)).toBeLessThan(runsOn(params, fast2));
  });

  it("keeps metadata.csv in run order when the runs finish out of order", async () => {
    const fast = await sim(10);
    const slow = await sim(500);
    const ws = await demoWorkspace({ comfyui: { queue_depth: 1 } });
    const result = await runInProcess(ws.config, [slow.url, fast.url]);
    expect(result.code, result.err).toBe(0);
    const params = await checkBatch(await onlyBatch(ws.baseDir), { sims: [fast, slow] });
    // The slow server's run finished after later runs on the fast one, so completion order
    // differs from plan order; checkBatch has asserted the CSV is in run_id order all the same.
    const byFinish = [...params.values()].sort((a, b) => String(a.finished_at).localeCompare(String(b.finished_at))).map((p) => p.run_id);
    expect(byFinish).not.toEqual([...byFinish].sort((a, b) => a - b));
    expect(runsOn(params, slow)).toBeGreaterThan(0);
  });

  it("sends a failing server's in-flight runs back to the queue, and they finish on the other", async () => {
    const steady = await sim(40);
    const failing = await sim(40);
    const ws = await demoWorkspace({ seedsPerSample: 2 });
    const running = runInProcess(ws.config, [steady.url, failing.url]);
    await until(() => failing.busyIntervals().length >= 1 && failing.submittedPrompts().length >= 3, "the failing server has runs in flight");
    const finished = new Set(failing.busyIntervals().map((b) => b.prompt_id));
    const inFlight = new Set(
      failing
        .submittedPrompts()
        .map((p) => p.prompt_id)
        .filter((id) => !finished.has(id)),
    );
    // It goes down (its queue and history are lost) and comes back refusing every prompt.
    failing.faults = { http500: { path: "/prompt", count: 1_000_000 } };
    await failing.restart({ downMs: 1_000 });
    const result = await running;
    expect(result.code, result.err).toBe(0);
    const params = await checkBatch(await onlyBatch(ws.baseDir), { sims: [steady, failing] });
    const lost = runNamesSentTo(failing, inFlight);
    expect(lost.length).toBeGreaterThan(0);
    for (const name of lost) {
      const record = [...params.values()].find((p) => p.run_name === name);
      expect(record?.server, name).toBe(steady.url);
      expect(record?.attempts, name).toBe(1);
    }
    expect(result.out + result.err).toMatch(/not answering; its work waits/);
  });

  it("records an execution error once, on its server, without sending the run elsewhere", async () => {
    const good = await sim(30);
    const broken = await sim(30, { faults: { failNode: { classType: "VAEDecode", message: "out of memory" } } });
    const ws = await demoWorkspace({ seedsPerSample: 2 });
    const result = await runInProcess(ws.config, [good.url, broken.url]);
    expect(result.code).toBe(1);
    const batchDir = await onlyBatch(ws.baseDir);
    const failedNames = new Set(runNamesSentTo(broken));
    expect(failedNames.size).toBeGreaterThan(0);
    const plan = await checkBatch(batchDir, { sims: [good, broken], failedIds: await idsOf(batchDir, failedNames) });
    // 16 runs, 16 prompts: a failed run was not retried on the good server.
    expect([...runNamesSentTo(good), ...runNamesSentTo(broken)].sort()).toEqual([...plan.values()].map((p) => p.run_name).sort());
    for (const p of plan.values()) {
      if (!failedNames.has(p.run_name)) continue;
      expect(p).toMatchObject({ server: broken.url, error_kind: "execution_error", attempts: 1 });
      expect(p.error).toMatch(/out of memory/);
    }
  });

  it("moves a dead server's in-flight runs to the healthy one after comfyui.failover_after", async () => {
    const steady = await sim(60);
    const doomed = await sim(60);
    const ws = await demoWorkspace({ seedsPerSample: 2, comfyui: { failover_after: 1 } });
    const running = runInProcess(ws.config, [steady.url, doomed.url]);
    await until(() => doomed.submittedPrompts().length >= 2, "the doomed server has runs in flight");
    // It never comes back: without failover the batch would wait for it forever.
    await doomed.stop();
    const result = await running;
    expect(result.code, result.err).toBe(0);
    const params = await checkBatch(await onlyBatch(ws.baseDir), { sims: [steady, doomed] });
    expect(params.size).toBe(16);
    expect(`${result.out}${result.err}`).toMatch(/moves to another server/);
  });

  it("counts a server down at its first refused connection, without waiting out the retries", async () => {
    const steady = await sim(60);
    const flaky = await sim(60);
    // failover_after 120 (the default): HTTP retries alone would hide a 1.5 s outage entirely.
    const ws = await demoWorkspace({ seedsPerSample: 2 });
    const running = runJson(ws.config, [steady.url, flaky.url]);
    await until(() => flaky.submittedPrompts().length >= 2, "the flaky server has runs in flight");
    await flaky.restart({ downMs: 1_500 });
    const { code, events } = await running;
    expect(code).toBe(0);
    await checkBatch(await onlyBatch(ws.baseDir), { sims: [steady, flaky] });
    const paused = events.findIndex((e) => e["kind"] === "server_paused" && e["server"] === flaky.url);
    expect(paused, "the outage was noticed").toBeGreaterThanOrEqual(0);
    expect(String(events[paused]?.["reason"])).toMatch(/ECONNREFUSED/);
    expect(events.slice(paused).some((e) => e["kind"] === "server_resumed" && e["server"] === flaky.url)).toBe(true);
  });

  it("gives a server found down no new work, and its runs reach the live server once", async () => {
    const live = await sim(60);
    const dead = await sim(60);
    const ws = await demoWorkspace({ seedsPerSample: 2, comfyui: { failover_after: 2 } });
    const running = runJson(ws.config, [live.url, dead.url]);
    await until(() => dead.submittedPrompts().length >= 2, "the dead server has runs in flight");
    await dead.stop();
    const { code, events } = await running;
    expect(code).toBe(0);
    const params = await checkBatch(await onlyBatch(ws.baseDir), { sims: [live, dead] });
    const paused = events.findIndex((e) => e["kind"] === "server_paused" && e["server"] === dead.url);
    expect(paused).toBeGreaterThanOrEqual(0);
    const after = events.slice(paused + 1);
    // Known down: no run is sent there again (each such POST would come back ECONNREFUSED).
    expect(after.filter((e) => e["kind"] === "run_requeued" && /POST \/prompt/.test(String(e["reason"])))).toEqual([]);
    // The progress events say what the work waits for.
    const waiting = after.find((e) => e["kind"] === "server_waiting" && e["server"] === dead.url);
    expect(waiting).toMatchObject({ down_since: expect.any(String), failover_at: expect.any(String) });
    expect(Date.parse(String(waiting?.["failover_at"])) - Date.parse(String(waiting?.["down_since"]))).toBe(2_000);
    // Each run that was on the dead server moved once, straight to the live one.
    const moves = new Map<number, number>();
    for (const e of after) if (e["kind"] === "run_requeued") moves.set(Number(e["run_id"]), (moves.get(Number(e["run_id"])) ?? 0) + 1);
    expect(moves.size).toBeGreaterThan(0);
    for (const [runId, count] of moves) {
      expect(count, `run ${runId} moved ${count} times`).toBe(1);
      expect(params.get(runId)?.server, `run ${runId}`).toBe(live.url);
    }
  });
});

type JsonEvent = Record<string, unknown>;

/** batch() in this process with a json UI: the NDJSON events in order. */
async function runJson(config: string, servers: readonly string[]): Promise<{ code: number; events: JsonEvent[] }> {
  const captured = captureUi({ json: true });
  const code = await batch(batchOptions(config, servers), { ui: captured.ui, signal: new AbortController().signal });
  const events = captured
    .out()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as JsonEvent);
  return { code, events };
}

async function idsOf(batchDir: string, names: ReadonlySet<string>): Promise<Set<number>> {
  return new Set((await readPlanRuns(batchDir)).filter((r) => names.has(r.name)).map((r) => r.run_id));
}
