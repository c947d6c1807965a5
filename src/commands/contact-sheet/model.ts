/** The batch as the contact sheet sees it, whatever files it was read from. */
import type { LenientScores } from "../../core/store/index.js";

/** A parameter value as shown: bigints stay exact (seeds up to 2^64-1), objects are JSON text. */
export type CellValue = string | number | boolean | bigint | null;

export type RunStatus = "completed" | "failed" | "pending";
export type OutputKind = "image" | "video" | "audio" | "latent" | "model" | "other";

export interface SheetParam {
  readonly name: string;
  readonly type: string;
  /** Workflow input paths this parameter is written to (for the reproducing command). */
  readonly paths: readonly string[];
  /** True when the runs hold more than one distinct value. */
  readonly varies: boolean;
}

export interface SheetOutput {
  /** Path relative to the batch folder, with forward slashes. */
  readonly file: string;
  readonly kind: OutputKind;
}

export interface SheetRun {
  readonly runId: number;
  readonly name: string;
  readonly shot: string | undefined;
  readonly status: RunStatus;
  readonly error: string | undefined;
  readonly attempts: number | undefined;
  readonly values: Readonly<Record<string, CellValue>>;
  /** Workflow path → value, as planned; the `--set` arguments that reproduce the run. */
  readonly patches: Readonly<Record<string, CellValue>>;
  readonly outputs: readonly SheetOutput[];
  readonly startedAt: string | undefined;
  readonly finishedAt: string | undefined;
  readonly durationS: number | undefined;
  readonly server: string | undefined;
  /** The run's scores.json (cr-score), when it has a readable one. */
  readonly scores: LenientScores | undefined;
}

export interface ShotInfo {
  readonly name: string;
  readonly prompt: string | undefined;
  readonly negative: string | undefined;
}

export interface BatchModel {
  readonly dir: string;
  readonly name: string;
  readonly kind: "batch" | "shots";
  readonly createdAt: string | undefined;
  readonly strategy: string | undefined;
  readonly params: readonly SheetParam[];
  readonly shots: readonly ShotInfo[];
  readonly runs: readonly SheetRun[];
  /** The workflow snapshot, relative to the batch folder, when present. */
  readonly workflowFile: string | undefined;
  /** Things that were odd but not fatal (unreadable params.json, outputs outside the folder…). */
  readonly warnings: readonly string[];
}
