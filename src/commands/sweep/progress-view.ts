/**
 * The batch progress view: overall bar with ETA, one line per server (run, node, step),
 * and a one-line summary per finished run showing only the parameters that vary.
 * In plain mode the live lines become periodic log lines; in json mode, NDJSON events.
 */
import type { Status, Ui } from "../../ui/ui.js";
import type { BatchEvent } from "../../core/batch/events.js";
import type { PlannedParameter, PlannedRun, RunRecord } from "../../core/batch/types.js";
import { formatDuration } from "../../core/time.js";
import { progressBar } from "../../ui/format.js";
import type { ScoredRun } from "./run-scorer.js";
import { flagText } from "./scoring.js";

interface ServerLine {
  run?: string;
  node?: string;
  step?: { value: number; max: number };
  paused?: string;
  /** Set while runs wait for this server, which is down (server_waiting). */
  waiting?: { downSince: number; failoverAt: number | null };
}

export class BatchView {
  private done = 0;
  private alreadyDone = 0;
  private failed = 0;
  private durations: number[] = [];
  private readonly servers = new Map<string, ServerLine>();
  private readonly started = Date.now();
  private ticker: NodeJS.Timeout | undefined;
  private lastPlain = 0;
  /** Runs scored so far and how many raised each flag (scoring runs beside the batch). */
  private scoredRuns = 0;
  private readonly flagCounts: Record<string, number> = {};

  constructor(
    private readonly ui: Ui,
    private readonly status: Status,
    private readonly total: number,
    private readonly parameters: readonly PlannedParameter[],
    serverUrls: readonly string[],
    private readonly nodeTitle: (node: string) => string,
  ) {
    for (const url of serverUrls) this.servers.set(url, {});
    this.ticker = setInterval(() => this.render(), ui.mode === "tty" ? 500 : 30_000);
    this.ticker.unref();
  }

  handle(event: BatchEvent): void {
    switch (event.kind) {
      case "batch_started":
        this.alreadyDone = event.skipped;
        this.ui.info(`${event.todo} run(s) to do${event.skipped > 0 ? `, ${event.skipped} already done` : ""}, on ${this.servers.size} server(s)`);
        this.ui.event("batch_started", { total: this.total, todo: event.todo, skipped: event.skipped });
        break;
      case "run_submitted":
        this.ui.event("run_submitted", { run_id: event.run.run_id, run_name: event.run.name, server: event.server, prompt_id: event.promptId });
        break;
      case "run_event": {
        // With queue_depth > 1 the next prompt reports "queued" while this one runs: only a
        // prompt that has started owns the server's line.
        if (event.event.kind === "queued") break;
        const line = this.servers.get(event.server) ?? {};
        if (line.run !== event.run.name) {
          line.run = event.run.name;
          delete line.node;
          delete line.step;
        }
        if (event.event.kind === "executing") {
          line.node = event.event.node;
          delete line.step;
        } else if (event.event.kind === "progress") {
          if (event.event.node) line.node = event.event.node;
          line.step = { value: event.event.value, max: event.event.max };
          this.ui.event("progress", { run_id: event.run.run_id, server: event.server, node: line.node, value: event.event.value, max: event.event.max });
        }
        this.servers.set(event.server, line);
        break;
      }
      case "run_finished":
        this.finished(event.run, event.record);
        break;
      case "run_requeued":
        this.ui.warn(`${event.run.name}: will run again (${event.reason})`);
        this.ui.event("run_requeued", { run_id: event.run.run_id, reason: event.reason });
        break;
      case "server_paused":
        (this.servers.get(event.server) ?? {}).paused = event.reason;
        this.ui.warn(`${event.server} is not answering; its work waits until it is back (${event.reason})`);
        this.ui.event("server_paused", { server: event.server, reason: event.reason });
        break;
      case "server_waiting":
        this.waiting(event.server, event.downSince, event.failoverAt);
        this.ui.event("server_waiting", {
          run_id: event.run.run_id,
          server: event.server,
          down_since: new Date(event.downSince).toISOString(),
          failover_at: event.failoverAt === null ? null : new Date(event.failoverAt).toISOString(),
        });
        break;
      case "server_resumed": {
        const line = this.servers.get(event.server);
        if (line) delete line.paused;
        if (line) delete line.waiting;
        this.ui.info(`${event.server} is back`);
        this.ui.event("server_resumed", { server: event.server });
        break;
      }
      case "warning":
        this.ui.warn(event.message);
        break;
    }
    this.render();
  }

  /** A run's scores arrived (after its ✔ line): flagged runs get a line, the head counts them. */
  scored({ run, scores, raised, judge }: ScoredRun): void {
    this.scoredRuns++;
    for (const flag of raised) this.flagCounts[flag] = (this.flagCounts[flag] ?? 0) + 1;
    if (raised.length > 0) this.ui.line(`${this.ui.c.yellow("⚑")} ${run.label}: ${raised.join(", ")}`);
    this.ui.event("run_scored", {
      run_id: run.runId ?? null,
      run: run.label,
      ...(run.key.shot ? { shot: run.key.shot } : {}),
      status: scores.status,
      ...(scores.status === "failed" ? { reason: scores.reason } : {}),
      flags: raised,
      ...(judge ? { judge: judge.status === "ok" ? judge.ratings : { failed: judge.reason } } : {}),
    });
    this.render();
  }

  stop(): void {
    clearInterval(this.ticker);
    this.ticker = undefined;
  }

  private finished(run: PlannedRun, record: RunRecord): void {
    record.status === "completed" ? this.done++ : this.failed++;
    if (record.duration_s !== null) this.durations.push(record.duration_s);
    const line = [...this.servers.values()].find((l) => l.run === run.name);
    if (line) {
      delete line.run;
      delete line.node;
      delete line.step;
    }
    const position = `[${this.alreadyDone + this.done + this.failed}/${this.total}]`;
    const values = describeValues(run, this.parameters);
    const c = this.ui.c;
    const time = record.duration_s !== null ? ` ${formatDuration(record.duration_s * 1000)}` : "";
    if (record.status === "completed") {
      this.ui.line(`${c.green("✔")} ${position} ${run.shot ? `${run.shot}/` : ""}${run.name}${time}  ${c.dim(values)}`);
    } else {
      this.ui.line(`${c.red("✘")} ${position} ${run.shot ? `${run.shot}/` : ""}${run.name}  ${c.dim(values)}  ${c.red(firstLine(record.error ?? "failed"))}`);
    }
    this.ui.event("run_finished", {
      run_id: run.run_id,
      run_name: run.name,
      shot: run.shot,
      status: record.status,
      error: record.error,
      values: run.values,
      duration_s: record.duration_s,
      outputs: record.outputs.map((o) => o.file),
    });
  }

  /** Said once per outage; the live lines then count down to the failover. */
  private waiting(server: string, downSince: number, failoverAt: number | null): void {
    const line = this.servers.get(server) ?? {};
    this.servers.set(server, line);
    if (line.waiting?.downSince === downSince) return;
    line.waiting = { downSince, failoverAt };
    this.ui.warn(`Runs wait for ${server}: ${waitingText(line.waiting)}`);
  }

  private render(): void {
    if (this.ui.mode === "json") return;
    const finished = this.alreadyDone + this.done + this.failed;
    const average = this.durations.length > 0 ? this.durations.reduce((a, b) => a + b, 0) / this.durations.length : undefined;
    const remaining = this.total - finished;
    const parallel = Math.max(1, this.servers.size);
    const waitingFor = [...this.servers].find(([, line]) => line.waiting);
    // While work waits for a dead server the ETA would be frozen: say what it waits for instead.
    const eta = waitingFor?.[1].waiting
      ? ` · waiting for ${waitingFor[0]}: ${waitingText(waitingFor[1].waiting)}`
      : average !== undefined
        ? ` · avg ${formatDuration(average * 1000)} · ETA ${formatDuration((remaining * average * 1000) / parallel)}`
        : "";
    const flags = flagText(this.flagCounts);
    const scored = this.scoredRuns > 0 ? ` · ${flags || "no flags"}` : "";
    const head = `${progressBar(finished, this.total, 24)} ${finished}/${this.total} · ✔ ${this.alreadyDone + this.done} ✘ ${this.failed}${scored} · ${formatDuration(Date.now() - this.started)}${eta}`;
    if (this.ui.mode === "plain") {
      if (Date.now() - this.lastPlain < 30_000) return;
      this.lastPlain = Date.now();
      this.status.update(head);
      return;
    }
    const lines = [head];
    for (const [url, line] of this.servers) {
      const what = line.paused
        ? `paused: ${line.paused}`
        : line.run
          ? `${line.run} · ${line.node ? this.nodeTitle(line.node) : "queued"}${line.step ? ` ${progressBar(line.step.value, line.step.max, 12)} ${line.step.value}/${line.step.max}` : ""}`
          : "idle";
      lines.push(`  ${url}  ${what}`);
    }
    this.status.update(lines.join("\n"));
  }
}

/** "down since 03:12:05, failover in 14 s" (local time of day). */
export function waitingText(waiting: { downSince: number; failoverAt: number | null }, now = Date.now()): string {
  const since = `down since ${new Date(waiting.downSince).toTimeString().slice(0, 8)}`;
  if (waiting.failoverAt === null) return `${since}, no other server can take its runs`;
  const left = waiting.failoverAt - now;
  return left > 0 ? `${since}, failover in ${formatDuration(left)}` : `${since}, its runs moved to another server`;
}

/** "cfg=1.53 sampler=euler seed=123" with only the varying parameters, numbers shortened. */
export function describeValues(run: PlannedRun, parameters: readonly PlannedParameter[]): string {
  return parameters
    .filter((p) => p.varies)
    .map((p) => `${p.name}=${short(run.values[p.name])}`)
    .join(" ");
}

function short(value: unknown): string {
  if (typeof value === "number" && !Number.isInteger(value)) return String(Number(value.toPrecision(4)));
  return String(value);
}

function firstLine(text: string): string {
  const line = text.split("\n")[0] ?? text;
  return line.length > 160 ? `${line.slice(0, 160)}…` : line;
}
