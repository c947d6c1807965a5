/**
 * Everything cr-batch does before the first run, shared by --dry-run and the real batch:
 * load the config and the workflow, check one against the other (and against the server's
 * node definitions when available), and build the plan. Nothing is written.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { ComfyClient } from "../../core/comfy/client.js";
import { parseObjectInfo, type NodeDefs } from "../../core/comfy/object-info.js";
import type { ServerTarget } from "../../core/comfy/server.js";
import { loadConfigFile, validateAgainstWorkflow, type BatchConfig } from "../../core/config/index.js";
import { UserError } from "../../core/errors.js";
import { ensureWritableFolder } from "../../core/fs/writable-folder.js";
import { parseJsonFile } from "../../core/json/parse-file.js";
import { buildPlan, findDuplicateRuns, sha256Hex, type BuiltPlan } from "../../core/plan/index.js";
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

export interface PreparedBatch {
  readonly config: BatchConfig;
  readonly configBytes: Uint8Array;
  readonly workflow: Workflow;
  readonly workflowBytes: Uint8Array;
  readonly defs: NodeDefs | undefined;
  readonly built: BuiltPlan;
  /** Validation and design warnings together. */
  readonly warnings: string[];
}

export async function prepareBatch(options: PrepareOptions): Promise<PreparedBatch> {
  const { config, bytes: configBytes } = await loadConfigFile(options.configFile);
  const workflowBytes = await readWorkflowBytes(config);
  const workflow = parseWorkflowText(new TextDecoder().decode(workflowBytes), displayPath(config.workflowFile));
  const loaded = await loadDefs(options);
  // Without a server or a saved /object_info, the built-in table still catches bad sampler and scheduler names.
  const defs = loaded ?? builtinNodeDefs();
  const check = validateAgainstWorkflow(config, workflow, defs, { partialDefs: loaded === undefined });
  // The dry run says so too: a base_dir that is a file or read-only would stop the night at its first write.
  await ensureWritableFolder(config.output.baseDir, { what: `${config.locate(["output", "base_dir"])} output.base_dir`, create: false });
  const built = buildPlan(config, {
    createdAt: (options.now ?? (() => new Date()))().toISOString(),
    fingerprint: { config: sha256Hex(configBytes), workflow: sha256Hex(workflowBytes) },
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    allowLarge: options.allowLarge === true,
  });
  const duplicates = findDuplicateRuns(config, workflow);
  if (duplicates && options.duplicates !== "warn") throw new UserError(duplicates.message, { hint: duplicates.hint });
  const duplicateWarnings = duplicates ? [`${duplicates.message} ${duplicates.hint}`] : [];
  return { config, configBytes, workflow, workflowBytes, defs: loaded, built, warnings: [...check.warnings, ...built.warnings, ...duplicateWarnings] };
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

async function loadDefs(options: PrepareOptions): Promise<NodeDefs | undefined> {
  if (options.objectInfoFile !== undefined) {
    let text: string;
    try {
      text = await readFile(options.objectInfoFile, "utf8");
    } catch (error) {
      throw new UserError(`Cannot read the object_info file ${options.objectInfoFile}: ${(error as Error).message}`);
    }
    return parseObjectInfo(parseJsonFile(text, options.objectInfoFile));
  }
  if (options.server === undefined) return undefined;
  const client = new ComfyClient(options.server);
  try {
    return await client.objectInfo(options.signal);
  } finally {
    await client.close();
  }
}

/** Relative to the working directory when that is shorter, as users typed it. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative !== "" && !relative.startsWith("..") && relative.length < file.length ? relative : file;
}
