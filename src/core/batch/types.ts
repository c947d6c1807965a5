/** What the batch engine needs from a plan (see docs/formats.md, plan.json). */
import type { JsonValue } from "../json/lossless.js";

export type ParamValue = number | bigint | string | boolean;

export interface PlannedRun {
  readonly run_id: number;
  readonly name: string;
  readonly point: number;
  readonly seed_index: number;
  readonly shot?: string;
  readonly values: Readonly<Record<string, ParamValue>>;
  /** Canonical input path → value, applied on top of the workflow. */
  readonly patches: Readonly<Record<string, JsonValue>>;
}

export interface PlannedParameter {
  readonly name: string;
  readonly type: string;
  readonly paths: readonly string[];
  readonly varies: boolean;
}

export interface RunPlanView {
  readonly parameters: readonly PlannedParameter[];
  readonly runs: readonly PlannedRun[];
  readonly shots?: readonly string[];
}

export type RunStatus = "completed" | "failed";

export interface OutputRecord {
  /** Relative to the run folder, with "/" separators. */
  readonly file: string;
  readonly bytes: number;
  readonly node_id: string;
  readonly kind: string;
  readonly animated: boolean;
}

/** The content of params.json: the per-run source of truth on disk. */
export interface RunRecord {
  readonly run_id: number;
  readonly run_name: string;
  readonly shot?: string;
  readonly values: Readonly<Record<string, ParamValue>>;
  readonly patches: Readonly<Record<string, JsonValue>>;
  readonly status: RunStatus;
  readonly error: string | null;
  /** Short category for grouping failures: rejected, execution_error, interrupted, lost, timeout, download, server. */
  readonly error_kind: string | null;
  readonly prompt_id: string | null;
  readonly server: string | null;
  readonly comfyui_version: string | null;
  readonly queued_at: string | null;
  readonly started_at: string | null;
  readonly finished_at: string | null;
  readonly duration_s: number | null;
  readonly cached: boolean;
  readonly outputs: readonly OutputRecord[];
  readonly attempts: number;
}

/**
 * params.json while the run's prompt is on a server: written (atomically) before POST /prompt
 * leaves, so a batch killed meanwhile finds the prompt again on resume instead of running it
 * twice. Never a finished run: every reader treats it as not done.
 */
export interface SubmittedRecord extends Omit<RunRecord, "status" | "prompt_id" | "server"> {
  readonly status: "submitted";
  readonly prompt_id: string;
  readonly server: string;
}
