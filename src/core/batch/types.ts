/** What the batch engine needs from a plan (see docs/formats.md, plan.json). */
import type { JsonValue } from "../json/lossless.js";
import type { ParamValue } from "../store/records.js";

export type { ParamValue };

export interface PlannedRun {
  readonly run_id: number;
  readonly name: string;
  readonly point: number;
  readonly seed_index: number;
  readonly shot?: string | undefined;
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
  readonly shots?: readonly string[] | undefined;
}

export type { OutputRecord, RunRecord, RunStatus, SubmittedRecord } from "../store/records.js";
