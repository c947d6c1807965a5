/**
 * Picks the batch folder: --resume DIR, an unfinished batch with the same fingerprint,
 * or a new one. A new folder gets the plan and verbatim copies of the config and workflow.
 */
import path from "node:path";
import type { Ui } from "../../ui/ui.js";
import { describeChanges, findResumable } from "../../core/batch/resume.js";
import { batchPaths, createBatchDir, writeNewBatch, type BatchPaths, type Fingerprint } from "../../core/store/index.js";
import { UserError } from "../../core/errors.js";
import { readPlan, type Plan } from "../../core/plan/index.js";

export interface FolderChoice {
  readonly paths: BatchPaths;
  readonly plan: Plan;
  readonly resumed: boolean;
}

export interface FolderRequest {
  readonly prefix: "batch" | "batch_shots";
  readonly baseDir: string;
  readonly fingerprint: Fingerprint;
  readonly configBytes: Uint8Array;
  readonly workflowBytes: Uint8Array;
  readonly newPlan: () => Promise<Plan>;
  readonly resumeDir?: string;
  readonly forceNew: boolean;
  readonly force: boolean;
  readonly autoResume: boolean;
  readonly retryFailed: boolean;
  readonly cwd: string;
}

export async function chooseFolder(request: FolderRequest, ui: Ui): Promise<FolderChoice> {
  if (request.resumeDir !== undefined) {
    const dir = path.resolve(request.cwd, request.resumeDir);
    const paths = batchPaths(dir);
    const plan = await readPlan(paths.plan).catch((error: unknown) => {
      throw new UserError(`${dir} is not a batch folder this tool can resume: ${(error as Error).message}`, {
        hint: "Give the folder that contains plan.json (e.g. output/batch_2026-11-24_22-00-00).",
      });
    });
    await checkSame(paths, plan, request);
    ui.info(`Resuming ${paths.dir}`);
    return { paths, plan, resumed: true };
  }
  if (!request.forceNew && request.autoResume) {
    const found = await findResumable(request.baseDir, request.prefix, request.fingerprint, request.retryFailed);
    if (found) {
      const paths = batchPaths(found);
      ui.info(`Resuming the unfinished batch ${paths.dir} (same config and workflow; --new starts a fresh one)`);
      return { paths, plan: await readPlan(paths.plan), resumed: true };
    }
  }
  // Planned before the folder exists: a plan that cannot be made (a history: folder gone, too
  // many runs) leaves no empty batch folder behind.
  const plan = await request.newPlan();
  const dir = await createBatchDir(request.baseDir, request.prefix);
  const paths = batchPaths(dir);
  await writeNewBatch(paths, { config: request.configBytes, workflow: request.workflowBytes }, plan);
  ui.info(`New batch: ${paths.dir}`);
  return { paths, plan, resumed: false };
}

async function checkSame(paths: BatchPaths, plan: Plan, request: FolderRequest): Promise<void> {
  const stored = plan.fingerprint;
  const now = request.fingerprint;
  if (stored.config === now.config && stored.workflow === now.workflow) return;
  const changes = await describeChanges(
    paths.dir,
    { configText: new TextDecoder().decode(request.configBytes), workflowText: new TextDecoder().decode(request.workflowBytes) },
    stored,
    now,
  );
  if (request.force) return;
  throw new UserError(`The config or workflow changed since ${paths.name} began; resuming it would mix two experiments.`, {
    issues: changes,
    hint: "Restore the original files (copies are in the batch folder), start a new batch with --new, or pass --force to continue the stored plan anyway.",
  });
}
