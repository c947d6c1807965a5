/** cr-batch without --dry-run: prepare, then run the sweep (see commands/sweep). */
import { resolveServers } from "../../core/comfy/server.js";
import type { CommandContext } from "../context.js";
import { executeSweep, type SweepCommandOptions } from "../sweep/execute.js";
import { prepareBatch } from "../sweep/prepare.js";

export interface BatchOptions extends SweepCommandOptions {
  /** --allow-duplicates: run identical copies (seeds_per_sample > 1 without a random_seed). */
  readonly allowDuplicates?: boolean;
}

export async function batch(options: BatchOptions, ctx: CommandContext): Promise<number> {
  const prepared = await prepareBatch({
    configFile: options.configFile,
    allowLarge: options.allowLarge,
    duplicates: options.allowDuplicates === true ? "warn" : "refuse",
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
  });
  for (const warning of prepared.warnings) ctx.ui.warn(warning);
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
      fingerprint: prepared.built.plan.fingerprint,
      newPlan: () => prepared.built.plan,
    },
    { ...options, targets },
    ctx,
  );
  return exitCode;
}
