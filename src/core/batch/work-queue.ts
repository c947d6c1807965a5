/**
 * The runs still to do, shared by every server. take() waits while other servers hold
 * runs that may come back (a lost prompt is requeued), and ends when nothing is left.
 */
import type { PlannedRun } from "./types.js";

export interface Job {
  readonly run: PlannedRun;
  /** Earlier attempts in this process that ended with the prompt lost. */
  losses: number;
}

export class WorkQueue {
  private readonly pending: Job[];
  private inFlight = 0;
  private closed = false;
  private waiters: Array<() => void> = [];
  private markFinished: () => void = () => undefined;
  /** Resolves once nothing is left to take: every job finished, or the queue was closed. */
  readonly finished = new Promise<void>((resolve) => {
    this.markFinished = resolve;
  });

  /** Jobs already in flight from the start (prompts a killed earlier start left on a server). */
  readonly adopted: readonly Job[];

  constructor(runs: readonly PlannedRun[], adopted: readonly PlannedRun[] = []) {
    this.pending = runs.map((run) => ({ run, losses: 0 }));
    this.adopted = adopted.map((run) => ({ run, losses: 0 }));
    this.inFlight = this.adopted.length;
    if (this.pending.length === 0 && this.inFlight === 0) this.markFinished();
  }

  get remaining(): number {
    return this.pending.length + this.inFlight;
  }

  async take(): Promise<Job | undefined> {
    for (;;) {
      if (this.closed) return undefined;
      const job = this.pending.shift();
      if (job) {
        this.inFlight++;
        return job;
      }
      if (this.inFlight === 0) return undefined;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** The job is over (recorded, or abandoned because the batch stops). */
  finish(): void {
    this.inFlight--;
    this.wakeAll();
  }

  /** Puts a job back at the front so it runs next, on whichever server has room. */
  requeue(job: Job): void {
    this.inFlight--;
    this.pending.unshift(job);
    this.wakeAll();
  }

  close(): void {
    this.closed = true;
    this.wakeAll();
  }

  get isFinished(): boolean {
    return this.closed || (this.pending.length === 0 && this.inFlight === 0);
  }

  private wakeAll(): void {
    if (this.isFinished) this.markFinished();
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
