/** cr-batch without --dry-run: prepare, then run the sweep (see commands/sweep). */
import { resolveServers } from "../../core/comfy/server.js";
import type { CommandContext } from "../context.js";
import { executeSweep, type SweepCommandOptions } from "../sweep/execute.js";
import { buildSweepPlan, checkDuplicates, loadSweepInputs } from "../sweep/prepare.js";

export interface BatchOptions extends SweepCommandOptions {
  /** --allow-duplicates: run identical copies (seeds_per_sample > 1 without a random_seed). */
  readonly allowDuplicates?: boolean;
}

export async function batch(options: BatchOptions, ctx: CommandContext): Promise<number> {
  const prepared = await loadSweepInputs({ configFile: options.configFile, ...(ctx.signal ? { signal: ctx.signal } : {}) });
  const duplicateWarnings = checkDuplicates(prepared, options.allowDuplicates === true ? "warn" : "refuse");
  for (const warning of [...prepared.warnings, ...duplicateWarnings]) ctx.ui.warn(warning);
  // Planned only for a new batch: a resumed one runs its stored plan (and needs no history: folders).
  const newPlan = async () => {
    const built = await buildSweepPlan(prepared, { allowLarge: options.allowLarge, ...(options.seed !== undefined ? { seed: options.seed } : {}) });
    for (const warning of built.warnings) ctx.ui.warn(warning);
    return built.plan;
  };
  const targets = resolveServers(options.servers, prepared.config.comfyui.servers, options.headers);
  const { exitCode } = await executeSweep(
    {
      prefix: "batch",
      command: "cr-batch",
      configFile: options.configFile,
      config: prepared.config,
      configBytes: prepared.configBytes,
      workflow: prepared.workflow,
      workflowBytes: prepared.workflowBytes,
      fingerprint: prepared.fingerprint,
      newPlan,
    },
    { ...options, targets },
    ctx,
  );
  return exitCode;
}
