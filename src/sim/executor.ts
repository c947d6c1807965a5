/**
 * The single prompt worker (main.py's prompt_worker + execution.py's execute): takes the lowest
 * (number, prompt_id) from the heap, runs it node by node and emits the messages of §8.3 in the
 * observed order, including the race where execution_success precedes the history write.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { Graph, classOf, isLink, nodeInputs } from "./graph.js";
import { NodeExecutionError } from "./outputs/files.js";
import { encodePng, renderPattern } from "./outputs/png.js";
import { runOutputNode } from "./outputs/save.js";
import { RunReporter } from "./reporter.js";
import { errorFields, EXEC_TRACEBACK, reportFile, writeHistory } from "./run-record.js";
import type { SimState } from "./state.js";
import type { JsonObject, QueueItem } from "./types.js";
import type { WsHub } from "./ws.js";

const SAMPLERS = new Set(["KSampler", "KSamplerAdvanced", "SamplerCustom", "SamplerCustomAdvanced"]);

class Interrupted extends Error {
  constructor(readonly nodeId: string) {
    super("interrupted");
  }
}
/** The server restarted under this run: stop without a trace. */
class Aborted extends Error {}

export class Executor {
  private working = false;
  /** Generation of the server the current loop serves; a restart starts a fresh loop. */
  private loopGeneration = -1;

  constructor(
    private readonly state: SimState,
    private readonly hub: WsHub,
  ) {}

  /** Called whenever the queue gains an item. */
  wake(): void {
    if (this.working && this.loopGeneration === this.state.generation) return;
    this.working = true;
    const generation = this.state.generation;
    this.loopGeneration = generation;
    setImmediate(() => void this.loop(generation));
  }

  private async loop(generation: number): Promise<void> {
    const state = this.state;
    try {
      // A loop orphaned by a restart must not pop prompts of the new server.
      for (let item = state.queue.pop(); item; item = state.generation === generation ? state.queue.pop() : undefined) {
        await this.run(item).catch((e: unknown) => {
          if (e instanceof Aborted) return;
          // A simulator bug: log it and free the worker rather than wedge the queue.
          state.config.log(`sim: run failed: ${e instanceof Error ? e.stack : String(e)}`);
          state.running = undefined;
          state.currentNode = undefined;
          this.hub.send("status", { status: { exec_info: { queue_remaining: state.queueRemaining() } } });
        });
      }
    } finally {
      if (this.loopGeneration === generation) this.working = false;
    }
  }

  private async run(item: QueueItem): Promise<void> {
    const state = this.state;
    const generation = state.generation;
    const alive = (): void => {
      if (state.generation !== generation) throw new Aborted();
    };
    const started = Date.now();
    state.executions.push({ start: started, prompt_id: item.promptId });
    state.running = item;
    state.interrupted = false;
    this.hub.send("status", { status: { exec_info: { queue_remaining: state.queueRemaining() } } });
    const clientId = typeof item.extraData["client_id"] === "string" ? item.extraData["client_id"] : undefined;
    const report = new RunReporter(this.hub, item.promptId, clientId);
    const prompt = item.prompt;
    const graph = new Graph({ prompt, resolveInput: (name) => state.resolveAnnotated(name) });
    report.status("execution_start", {});
    const ids = Object.keys(prompt);
    const signatures = new Set(ids.map((id) => graph.value(id).signature));
    state.cache.retainOnly(signatures);
    const isCached = (id: string): boolean => state.cache.has(graph.value(id).signature);
    report.status("execution_cached", { nodes: ids.filter(isCached) });

    const order = this.plan(graph, item.outputs, isCached);
    const toRun = order.filter((id) => !isCached(id));
    const share = state.config.runTime.fixedMs / Math.max(1, toRun.filter((id) => !SAMPLERS.has(classOf(prompt, id))).length);
    const outputs: JsonObject = {};
    const meta: JsonObject = {};
    const executed: string[] = [];
    let ending: "success" | "error" | "interrupted" = "success";
    const record = (id: string, ui: JsonObject | null): void => {
      if (!ui || Object.keys(ui).length === 0) return;
      outputs[id] = ui;
      meta[id] = { node_id: id, display_node: id, parent_node: null, real_node_id: id };
      report.executed(id, ui);
    };
    let current = "";
    try {
      for (const id of order) {
        current = id;
        const value = graph.value(id);
        if (isCached(id)) {
          record(id, state.cache.ui(value.signature));
          report.nodeState(id, 1, 1, "finished");
          continue;
        }
        report.nodeState(id, 0, 1, "running");
        report.executing(id);
        state.currentNode = id;
        this.checkNode(id, classOf(prompt, id));
        let max = await this.work(id, graph, report, share, alive);
        alive();
        const saved = state.catalog.get(classOf(prompt, id))?.outputNode ? await this.save(id, graph, item, report) : undefined;
        alive();
        const ui = saved?.ui ?? null;
        max = Math.max(max, saved?.ticks ?? 0);
        record(id, ui);
        state.cache.set(value.signature, ui);
        executed.push(id);
        report.nodeState(id, max, max, "finished");
      }
      report.status("execution_success", {});
    } catch (e) {
      if (e instanceof Aborted) throw e;
      const node = { node_id: current, node_type: classOf(prompt, current), executed: [...executed].reverse() };
      if (e instanceof Interrupted) {
        ending = "interrupted";
        report.status("execution_interrupted", node, true);
      } else {
        ending = "error";
        report.status("execution_error", { ...node, ...errorFields(state, e, item, current, ids) });
      }
    }
    const delay = state.config.runTime.historyDelayMs;
    await (delay ? sleep(delay) : new Promise<void>((resolve) => setImmediate(resolve)));
    alive();
    writeHistory(state, item, { outputs, meta, ending, messages: report.messages });
    state.running = undefined;
    state.currentNode = undefined;
    state.busy.push({ start: started, end: Date.now(), prompt_id: item.promptId });
    this.hub.send("status", { status: { exec_info: { queue_remaining: state.queueRemaining() } } });
    report.toClient("executing", { node: null, prompt_id: item.promptId });
  }

  /** Dependencies first; cached non-output nodes are never visited (ExecutionList skips them). */
  private plan(graph: Graph, outputs: string[], isCached: (id: string) => boolean): string[] {
    const order: string[] = [];
    const seen = new Set<string>();
    const visit = (id: string, root: boolean): void => {
      if (seen.has(id) || (!root && isCached(id))) return;
      seen.add(id);
      if (!isCached(id)) for (const dep of graph.dependencies(id)) visit(dep, false);
      order.push(id);
    };
    for (const id of outputs) visit(id, true);
    return order;
  }

  private checkNode(id: string, classType: string): void {
    if (this.state.interrupted) throw new Interrupted(id);
    const fail = this.state.faults.failNode;
    if (!fail || (fail.nodeId === undefined && fail.classType === undefined)) return;
    if ((fail.nodeId !== undefined && fail.nodeId !== id) || (fail.classType !== undefined && fail.classType !== classType)) return;
    throw new NodeExecutionError(fail.message ?? `Simulated failure in ${classType}`, fail.exceptionType ?? "Exception", EXEC_TRACEBACK);
  }

  /** Sleeps like the node would compute; samplers tick per step. Returns the progress max. */
  private async work(id: string, graph: Graph, report: RunReporter, share: number, alive: () => void): Promise<number> {
    const prompt = graph.prompt;
    if (!SAMPLERS.has(classOf(prompt, id))) {
      if (share > 0) await sleep(share);
      if (classOf(prompt, id) === "GetImageSize") {
        const source = graph.value(graph.dependencies(id)[0] ?? id);
        this.hub.sendText(id, `width: ${source.width}, height: ${source.height}\n batch size: ${source.count}`);
      }
      return 1;
    }
    const steps = samplerSteps(prompt, id);
    const value = graph.value(id);
    for (let step = 1; step <= steps; step++) {
      if (this.state.config.runTime.perStepMs > 0) await sleep(this.state.config.runTime.perStepMs);
      alive();
      if (this.state.interrupted) throw new Interrupted(id);
      report.step(id, step, steps, encodePng(renderPattern(`${value.signature}:${step}`, step, 16, 16), 16, 16));
    }
    return steps;
  }

  /** Runs an output node; `ticks` counts the progress steps it reported (SaveImageWebsocket). */
  private async save(id: string, graph: Graph, item: QueueItem, report: RunReporter): Promise<{ ui: JsonObject | null; ticks: number }> {
    const state = this.state;
    const inputs = nodeInputs(item.prompt, id);
    const sourceId = graph.dependencies(id)[0];
    let ticks = 0;
    const ui = await runOutputNode({
      nodeId: id,
      classType: classOf(item.prompt, id),
      inputs,
      source: graph.value(sourceId ?? id),
      prompt: item.prompt,
      extraData: item.extraData,
      outputDir: state.config.outputDir,
      tempDir: state.config.tempDir,
      ffmpeg: state.config.ffmpeg,
      landscape: state.config.landscape,
      outputSizeBytes: state.config.outputSizeBytes,
      report: (file, real) => reportFile(state, file, real),
      sendImage: (png, index, total) => {
        ticks = total;
        report.step(id, index, total, png);
      },
    });
    return { ui, ticks };
  }
}

function samplerSteps(prompt: JsonObject, id: string): number {
  const inputs = nodeInputs(prompt, id);
  const num = (v: unknown, d: number): number => (typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : d);
  if (classOf(prompt, id).startsWith("SamplerCustom")) {
    const sigmas = inputs["sigmas"];
    return isLink(sigmas) ? Math.max(1, num(nodeInputs(prompt, sigmas[0])["steps"], 20)) : 20;
  }
  const steps = num(inputs["steps"], 20);
  if (classOf(prompt, id) !== "KSamplerAdvanced") return Math.max(1, steps);
  const start = num(inputs["start_at_step"], 0);
  const end = Math.min(num(inputs["end_at_step"], steps), steps);
  return Math.max(1, end - start);
}
