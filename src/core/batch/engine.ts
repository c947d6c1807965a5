/**
 * Runs a plan across one or more servers. Each server keeps `queueDepth` prompts
 * submitted, pulling the next run as soon as one finishes on the server, so it never
 * waits for our downloads. Results are recorded one at a time, in completion order.
 */
import type { PlannedRun, RunPlanView, RunRecord, SubmittedRecord } from "./types.js";
import { executeRun, DiskFullError, recordBase, type RunEnvironment, type RunResult } from "./execute-run.js";
import { messageOf } from "../errors.js";
import { isDiskFull } from "../fs/atomic.js";
import { ProgressBook, readSubmitted, saveRun, type BatchPaths } from "../store/index.js";
import { Limiter } from "../async/concurrency.js";
import type { ServerSession } from "./server-session.js";
import { WorkQueue, type Job } from "./work-queue.js";
import { createHash } from "node:crypto";
import { timeBoxStopMessage, type TimeBox } from "./time-box.js";

export interface EngineOptions extends Omit<RunEnvironment, "paths" | "downloads" | "inFlight"> {
  readonly paths: BatchPaths;
  readonly plan: RunPlanView;
  readonly servers: readonly ServerSession[];
  readonly queueDepth: number;
  readonly retryFailed: boolean;
  readonly signal: AbortSignal;
  /** A run whose prompt is lost this many times is recorded as failed (default 3). */
  readonly maxLosses?: number;
  /** --until / --budget: no run is sent that would not finish in time; the ones sent finish. */
  readonly timeBox?: TimeBox;
}

export interface EngineResult {
  readonly total: number;
  readonly skipped: number;
  readonly attempted: number;
  readonly records: RunRecord[];
  readonly completed: number;
  readonly failed: number;
  readonly interrupted: boolean;
  readonly diskFull?: string;
  /** The time box stopped the batch: why, and how many runs are left for a resume. */
  readonly timeBoxed?: { readonly message: string; readonly left: number };
  readonly durationMs: number;
}

export async function runBatch(options: EngineOptions): Promise<EngineResult> {
  const started = Date.now();
  const { plan, paths } = options;
  const book = new ProgressBook(paths, plan.parameters, plan.runs.length, plan.shots !== undefined && plan.shots.length > 0);
  await book.recover(plan.runs);
  const todo = plan.runs.filter((r) => {
    const previous = book.get(r.run_id);
    return !previous || (previous.status === "failed" && options.retryFailed);
  });

  const adoptions = await findAdoptions(paths, todo, options.servers);

  options.emit({ kind: "batch_started", todo: todo.length, skipped: plan.runs.length - todo.length });
  const stop = new AbortController();
  const onUserAbort = (): void => stop.abort(options.signal.reason);
  options.signal.addEventListener("abort", onUserAbort, { once: true });
  const inFlight = new Map<ServerSession, Set<string>>();
  const { timeBox } = options;
  const env: RunEnvironment = {
    ...options,
    ...(timeBox ? { onExecuted: (seconds: number | null, cached: boolean) => timeBox.observe(seconds, cached) } : {}),
    downloads: new Limiter(Math.max(2, options.servers.length * 2)),
    inFlight,
    canFailOver: (session) => options.servers.some((other) => other !== session && !other.paused),
    // The folder name alone can repeat (same second, another base_dir): the path's hash keeps
    // namespaces of different batches apart on a shared server.
    namespaceRoot: `${paths.name}_${createHash("sha256").update(paths.dir).digest("hex").slice(0, 8)}`,
  };
  const queue = new WorkQueue(
    todo.filter((r) => !adoptions.has(r.run_id)),
    [...adoptions.values()].map((a) => a.run),
  );
  const recorder = new Limiter(1);
  const records: RunRecord[] = [];
  let diskFull: string | undefined;

  const save = (record: RunRecord): Promise<void> =>
    recorder.run(async () => {
      await saveRun(paths, record);
      await book.record(record);
      records.push(record);
    });

  const handle = async (job: Job, result: RunResult): Promise<void> => {
    if (result.kind === "recorded") {
      await save(result.record);
      options.emit({ kind: "run_finished", run: job.run, record: result.record });
      queue.finish();
      return;
    }
    if (result.lost) job.losses++;
    if (job.losses >= (options.maxLosses ?? 3)) {
      const record = lostRecord(job.run, result.reason, attemptsOf(book, job.run));
      await save(record);
      options.emit({ kind: "run_finished", run: job.run, record });
      queue.finish();
      return;
    }
    options.emit({ kind: "run_requeued", run: job.run, server: "", reason: result.reason });
    queue.requeue(job);
  };

  const slots = new Map(options.servers.map((s) => [s, new Limiter(options.queueDepth)]));
  // Wakes a worker the time box holds back when a prompt on its server ends (so one fewer is ahead).
  const slotWaiters = new Map<ServerSession, Array<() => void>>();
  const slotFreed = (session: ServerSession): Promise<void> =>
    Promise.race([new Promise<void>((resolve) => slotWaiters.set(session, [...(slotWaiters.get(session) ?? []), resolve])), queue.finished]);
  let timeBoxed: string | undefined;
  const tasks = new Set<Promise<void>>();
  const start = (job: Job, session: ServerSession, releaseSlot: () => void, adopted?: SubmittedRecord): void => {
    const release = (): void => {
      releaseSlot();
      const waiters = slotWaiters.get(session) ?? [];
      slotWaiters.delete(session);
      for (const wake of waiters) wake();
    };
    const attempts = adopted?.attempts ?? attemptsOf(book, job.run);
    const task = executeRun(job.run, attempts, session, env, release, stop.signal, adopted)
      .then((result) => handle(job, result))
      .catch((error: unknown) => {
        release();
        queue.finish();
        // A full disk can also strike params.json, metadata.csv or progress.json (in save()).
        if (error instanceof DiskFullError || isDiskFull(error)) {
          diskFull ??= error instanceof DiskFullError ? error.message : `The disk is full while recording ${job.run.name}: ${messageOf(error)}`;
          stop.abort(error);
        } else if (!stop.signal.aborted) {
          // Rethrown below from stop.signal.reason once every worker has stopped; throwing
          // here would reject a task nobody awaits yet (an unhandled rejection kills the CLI).
          stop.abort(error);
        }
      })
      .finally(() => tasks.delete(task));
    tasks.add(task);
  };

  // Prompts an earlier, killed start left on a server take their server's first slots: they are
  // ahead of anything new in its queue anyway.
  const adopt = async (job: Job, adopted: SubmittedRecord, session: ServerSession): Promise<void> => {
    const release = await slotsOf(session).acquire();
    if (stop.signal.aborted) {
      release();
      queue.finish();
      return;
    }
    start(job, session, release, adopted);
  };
  const slotsOf = (session: ServerSession): Limiter => slots.get(session) ?? new Limiter(options.queueDepth);

  const worker = async (session: ServerSession): Promise<void> => {
    for (;;) {
      // A server that never comes back must not hold the batch open once the others finished the work.
      await Promise.race([session.whenHealthy(), queue.finished]);
      if (stop.signal.aborted || queue.isFinished) break;
      const release = await slotsOf(session).acquire();
      const job = await queue.take();
      if (!job || stop.signal.aborted) {
        release();
        break;
      }
      if (session.paused) {
        // Found down while this worker waited for a slot or a run: the run goes to a live server.
        release();
        queue.requeue(job);
        continue;
      }
      if (timeBox) {
        const ahead = slotsOf(session).held - 1;
        const decision = timeBox.decide(ahead);
        if (!decision.submit) {
          release();
          queue.requeue(job);
          if (ahead > 0) {
            // Too late behind the prompts already here; once one ends, the run may still fit.
            await slotFreed(session);
            continue;
          }
          // Not even an idle server would finish it: nothing more is sent anywhere.
          if (timeBoxed === undefined) {
            timeBoxed = timeBoxStopMessage(decision, timeBox.deadlineMs);
            options.emit({ kind: "warning", message: timeBoxed });
          }
          queue.close();
          break;
        }
      }
      start(job, session, release);
    }
  };

  stop.signal.addEventListener("abort", () => queue.close(), { once: true });
  const watches = options.servers.map((s) => s.watch(stop.signal));
  const unhealthy = options.servers.map((s) =>
    s.onHealth((healthy, reason) =>
      options.emit(healthy ? { kind: "server_resumed", server: s.url } : { kind: "server_paused", server: s.url, reason: reason ?? "unreachable" }),
    ),
  );
  try {
    const adopting = queue.adopted.map((job) => {
      const found = adoptions.get(job.run.run_id);
      return found ? adopt(job, found.record, found.session) : Promise.resolve();
    });
    const outcomes = await Promise.allSettled([...adopting, ...options.servers.map((s) => worker(s))]);
    await Promise.allSettled([...tasks]);
    if (stop.signal.aborted) await cancelOurs(inFlight);
    const bug = outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected");
    if (bug && !options.signal.aborted && !diskFull) throw bug.reason;
    if (stop.signal.reason && !options.signal.aborted && !diskFull) throw stop.signal.reason;
  } finally {
    // Ends the probes of servers that are still down.
    if (!stop.signal.aborted) stop.abort(new Error("batch finished"));
    options.signal.removeEventListener("abort", onUserAbort);
    unhealthy.forEach((off) => off());
    watches.forEach((off) => off());
    await book.close();
  }
  const { completed, failed } = book.counts();
  return {
    total: plan.runs.length,
    skipped: plan.runs.length - todo.length,
    attempted: records.length,
    records,
    completed,
    failed,
    interrupted: options.signal.aborted,
    ...(diskFull ? { diskFull } : {}),
    ...(timeBoxed !== undefined && !options.signal.aborted ? { timeBoxed: { message: timeBoxed, left: todo.length - records.length } } : {}),
    durationMs: Date.now() - started,
  };
}

interface Adoption {
  readonly run: PlannedRun;
  readonly record: SubmittedRecord;
  readonly session: ServerSession;
}

/** Runs whose params.json says a prompt was sent to one of this batch's servers (see executeRun). */
async function findAdoptions(paths: BatchPaths, todo: readonly PlannedRun[], servers: readonly ServerSession[]): Promise<Map<number, Adoption>> {
  const found = new Map<number, Adoption>();
  for (const run of todo) {
    const record = await readSubmitted(paths, run);
    const session = servers.find((s) => s.url === record?.server);
    if (record && session && record.run_id === run.run_id) found.set(run.run_id, { run, record, session });
  }
  return found;
}

function attemptsOf(book: ProgressBook, run: PlannedRun): number {
  return (book.get(run.run_id)?.attempts ?? 0) + 1;
}

async function cancelOurs(inFlight: Map<ServerSession, Set<string>>): Promise<void> {
  await Promise.allSettled([...inFlight].map(([session, ids]) => session.client.cancel([...ids], AbortSignal.timeout(10_000))));
}

function lostRecord(run: PlannedRun, reason: string, attempts: number): RunRecord {
  return { ...recordBase(run, undefined, attempts), error: reason, error_kind: "lost", finished_at: new Date().toISOString() };
}
