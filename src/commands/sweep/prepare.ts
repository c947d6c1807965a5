/**
 * Everything cr-batch and cr-shots do before the first run, shared by --dry-run and the real
 * sweep: load the config and the workflow, check one against the other (and against the
 * server's or a saved file's node definitions when available), and build the plan once.
 * Nothing is written.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { ComfyClient } from "../../core/comfy/client.js";
import type { NodeDefs } from "../../core/comfy/object-info.js";
import { readObjectInfoFile } from "../../core/comfy/object-info-file.js";
import type { ServerTarget } from "../../core/comfy/server.js";
import { loadConfigFile, validateAgainstWorkflow, type BatchConfig, type ShotOrder } from "../../core/config/index.js";
import { UserError } from "../../core/errors.js";
import { ensureWritableFolder } from "../../core/fs/writable-folder.js";
import { buildPlan, findDuplicateRuns, sha256Hex, type BuiltPlan, type Fingerprint } from "../../core/plan/index.js";
import { loadHistory } from "../../core/results/history.js";
import { builtinNodeDefs } from "../../core/nodes/builtin-defs.js";
import { parseWorkflowText } from "../../core/workflow/load.js";
import type { Workflow } from "../../core/workflow/model.js";

export interface PrepareOptions {
  readonly configFile: string;
  /** Overrides the config's seed: (--seed). */
  readonly seed?: number;
  /** --yes: allow a grid above 10,000 points. */
  readonly allowLarge?: boolean;
  /**
   * Runs with identical inputs (seeds_per_sample > 1 without a random_seed): "refuse" (the
   * default, a real batch without --allow-duplicates) or "warn" (dry run, --allow-duplicates).
   */
  readonly duplicates?: "refuse" | "warn";
  /** A saved /object_info reply to check values against (--object-info). */
  readonly objectInfoFile?: string;
  /** Fetch /object_info from this server to check values against (--server with --dry-run). */
  readonly server?: ServerTarget;
  readonly now?: () => Date;
  readonly signal?: AbortSignal;
}

/** The checked config and workflow, before a plan is built. */
export interface SweepInputs {
  readonly config: BatchConfig;
  readonly configBytes: Uint8Array;
  readonly workflow: Workflow;
  readonly workflowBytes: Uint8Array;
  readonly defs: NodeDefs | undefined;
  readonly fingerprint: Fingerprint;
  /** Validation warnings. */
  readonly warnings: string[];
}

export interface PreparedBatch extends SweepInputs {
  readonly built: BuiltPlan;
}

export async function loadSweepInputs(options: PrepareOptions): Promise<SweepInputs> {
  const { config, bytes: configBytes } = await loadConfigFile(options.configFile);
  const workflowBytes = await readWorkflowBytes(config);
  const workflow = parseWorkflowText(new TextDecoder().decode(workflowBytes), displayPath(config.workflowFile));
  const loaded = await loadDefs(options);
  // Without a server or a saved /object_info, the built-in table still catches bad sampler and scheduler names.
  const defs = loaded?.defs ?? builtinNodeDefs();
  const check = validateAgainstWorkflow(config, workflow, defs, { partialDefs: loaded === undefined, ...(loaded ? { defsSource: loaded.source } : {}) });
  // The dry run says so too: a base_dir that is a file or read-only would stop the night at its first write.
  await ensureWritableFolder(config.output.baseDir, { what: `${config.locate(["output", "base_dir"])} output.base_dir`, create: false });
  const fingerprint = { config: sha256Hex(configBytes), workflow: sha256Hex(workflowBytes) };
  return { config, configBytes, workflow, workflowBytes, defs: loaded?.defs, fingerprint, warnings: [...check.warnings] };
}

/**
 * A new plan (with the shots dimension for cr-shots). The config's history: batches are read here,
 * once, so the planner stays pure, and only when a plan is made: a resumed batch runs its stored
 * plan and needs none (its history folders may have moved since).
 */
export async function buildSweepPlan(
  inputs: SweepInputs,
  options: Pick<PrepareOptions, "seed" | "allowLarge" | "now">,
  shots?: { readonly names: readonly string[]; readonly order: ShotOrder },
): Promise<BuiltPlan> {
  const history = await loadHistory(inputs.config);
  return buildPlan(inputs.config, {
    createdAt: (options.now ?? (() => new Date()))().toISOString(),
    fingerprint: inputs.fingerprint,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(shots ? { shots: shots.names, order: shots.order } : {}),
    allowLarge: options.allowLarge === true,
    history,
  });
}

/** Identical runs: a UserError for "refuse", else the warning to show. */
export function checkDuplicates(inputs: SweepInputs, mode: PrepareOptions["duplicates"]): string[] {
  const duplicates = findDuplicateRuns(inputs.config, inputs.workflow);
  if (duplicates && mode !== "warn") throw new UserError(duplicates.message, { hint: duplicates.hint });
  return duplicates ? [`${duplicates.message} ${duplicates.hint}`] : [];
}

/** cr-batch: inputs and plan, with every warning (validation, design, duplicates) in `warnings`. */
export async function prepareBatch(options: PrepareOptions): Promise<PreparedBatch> {
  const inputs = await loadSweepInputs(options);
  const built = await buildSweepPlan(inputs, options);
  const duplicateWarnings = checkDuplicates(inputs, options.duplicates);
  return { ...inputs, built, warnings: [...inputs.warnings, ...built.warnings, ...duplicateWarnings] };
}

async function readWorkflowBytes(config: BatchConfig): Promise<Uint8Array> {
  try {
    return await readFile(config.workflowFile);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const where = `${config.locate(["workflow_file"])} workflow_file:`;
    if (code === "ENOENT") {
      throw new UserError(`${where} no such file: ${displayPath(config.workflowFile)}`, {
        hint: `A relative workflow_file is read from the config's folder (${displayPath(config.dir)}).`,
      });
    }
    throw new UserError(`${where} cannot read ${displayPath(config.workflowFile)}: ${(error as Error).message}`);
  }
}

async function loadDefs(options: PrepareOptions): Promise<{ defs: NodeDefs; source: string } | undefined> {
  if (options.objectInfoFile !== undefined) return { defs: await readObjectInfoFile(options.objectInfoFile), source: options.objectInfoFile };
  if (options.server === undefined) return undefined;
  const client = new ComfyClient(options.server);
  try {
    return { defs: await client.objectInfo(options.signal), source: "The server" };
  } finally {
    await client.close();
  }
}

/** Relative to the working directory when that is shorter, as users typed it. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative !== "" && !relative.startsWith("..") && relative.length < file.length ? relative : file;
}
