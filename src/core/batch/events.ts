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
  | { kind: "warning"; message: string };

export type BatchEventSink = (event: BatchEvent) => void;
