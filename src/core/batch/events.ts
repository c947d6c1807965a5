/** What the engine reports while it works; the command turns these into a progress view. */
import type { PromptEvent } from "../comfy/wait.js";
import type { PlannedRun, RunRecord } from "./types.js";

export type BatchEvent =
  | { kind: "batch_started"; todo: number; skipped: number }
  | { kind: "run_submitted"; run: PlannedRun; server: string; promptId: string }
  | { kind: "run_event"; run: PlannedRun; server: string; event: PromptEvent }
  | { kind: "run_finished"; run: PlannedRun; record: RunRecord }
  | { kind: "run_requeued"; run: PlannedRun; server: string; reason: string }
  | { kind: "server_paused"; server: string; reason: string }
  | { kind: "server_resumed"; server: string }
  /**
   * A run waits for its server, which is down. Times in ms since 1970; failoverAt is when the run
   * moves to another server, null when no other server can take it (then it waits for this one).
   */
  | { kind: "server_waiting"; run: PlannedRun; server: string; downSince: number; failoverAt: number | null }
  | { kind: "warning"; message: string };

export type BatchEventSink = (event: BatchEvent) => void;
