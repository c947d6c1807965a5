/**
 * Reads one or more batch folders through the store into RunInputs, merging batches of the same
 * workflow: a parameter is kept only when every batch has it under the same name and paths.
 */
import { stat } from "node:fs/promises";
import path from "node:path";
import type { PlanParameterInput, RunInput } from "../analysis/dataset.js";
import { UserError } from "../errors.js";
import { BatchReader } from "../store/index.js";
import { pairwiseStrengths } from "../analysis/pairwise.js";

export interface ReadBatches {
  readonly parameters: PlanParameterInput[];
  readonly runs: RunInput[];
  /** What was merged and what was left out, one line each. */
  readonly notes: string[];
  readonly problems: string[];
  readonly batches: string[];
}

interface OneBatch {
  readonly label: string;
  readonly workflow?: string | undefined;
  readonly parameters: PlanParameterInput[];
  readonly runs: RunInput[];
  readonly problems: string[];
}

async function readOne(dir: string, label: string, merged: boolean): Promise<OneBatch> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new UserError(`${dir} is not a folder.`, { hint: "Pass a batch folder written by cr-batch or cr-shots." });
  const batch = new BatchReader(dir);
  const planRead = await batch.plan();
  if (planRead.value === undefined) {
    throw new UserError(planRead.problem ?? `${dir} is not a batch folder: it has no plan.json.`, {
      hint: "Pass the batch_YYYY-MM-DD_… folder that cr-batch or cr-shots wrote.",
    });
  }
  const plan = planRead.value;
  const { ratings } = await batch.ratings();
  const runs: RunInput[] = [];
  for (const planned of plan.runs) {
    const record = await batch.finishedRun(planned);
    if (record === undefined) continue;
    const key = { name: planned.name, shot: planned.shot };
    const scores = record.status === "completed" ? (await batch.scores(key)).value : undefined;
    const verdict = record.status === "completed" ? (await batch.judge(key)).value?.result : undefined;
    runs.push({
      runId: planned.run_id,
      name: planned.name,
      shot: planned.shot,
      point: planned.point,
      status: record.status,
      values: planned.values,
      patches: planned.patches,
      durationS: record.duration_s ?? null,
      scores,
      ...(verdict?.status === "ok" ? { judge: verdict.ratings } : {}),
      rating: ratings.get(String(planned.run_id)),
      ...(merged ? { batch: label } : {}),
    });
  }
  return { label, workflow: plan.fingerprint?.workflow, parameters: plan.parameters, runs: await withPairwise(batch, runs), problems: batch.problems };
}

/** Each completed run's strength from this batch's comparisons (one fit per batch: their scales differ). */
async function withPairwise(batch: BatchReader, runs: RunInput[]): Promise<RunInput[]> {
  const comparisons = await batch.comparisons();
  if (comparisons.length === 0) return runs;
  const completed = runs.filter((r) => r.status === "completed");
  const strengths = pairwiseStrengths(
    completed.map((r) => ({ runId: r.runId, stars: r.rating?.reject ? undefined : r.rating?.stars })),
    comparisons,
  );
  return runs.map((r) => (strengths.has(r.runId) ? { ...r, pairwise: strengths.get(r.runId) } : r));
}

function signature(p: PlanParameterInput): string {
  return `${p.name}\0${[...p.paths].sort().join("\0")}`;
}

export async function readBatches(dirs: readonly string[]): Promise<ReadBatches> {
  const labels = dirs.map((d) => path.basename(path.resolve(d)));
  const batches: OneBatch[] = [];
  for (const [i, dir] of dirs.entries()) batches.push(await readOne(dir, dirs.length > 1 ? `${i + 1}:${labels[i]}` : labels[i]!, dirs.length > 1));
  const notes: string[] = [];
  const first = batches[0]!;
  const common = first.parameters.filter((p) => batches.every((b) => b.parameters.some((q) => signature(q) === signature(p))));
  if (batches.length > 1) {
    notes.push(`merged ${batches.length} batches: ${batches.map((b) => `${b.label} (${b.runs.length} finished runs)`).join(", ")}`);
    const leftOut = new Set(batches.flatMap((b) => b.parameters.filter((p) => !common.some((q) => signature(q) === signature(p))).map((p) => p.name)));
    if (leftOut.size > 0) notes.push(`left out parameters not in every batch under the same name and paths: ${[...leftOut].join(", ")}`);
    const workflows = new Set(batches.map((b) => b.workflow).filter((w) => w !== undefined));
    if (workflows.size > 1) notes.push("the batches' workflow files differ; only the shared parameters are compared");
  }
  // A value fixed within each batch may still differ between them: then the values decide.
  const parameters = batches.length > 1 ? common.map(({ varies: _varies, ...p }) => p) : common;
  return {
    parameters,
    runs: batches.flatMap((b) => b.runs),
    notes,
    problems: batches.flatMap((b) => b.problems),
    batches: batches.map((b) => b.label),
  };
}
