/**
 * cr-shots: the same sweep over several scenes. A shots batch is a batch whose plan has a
 * shot dimension: same design points and seeds for every shot, same engine as cr-batch.
 */
import path from "node:path";
import { resolveServers } from "../../core/comfy/server.js";
import { contentName, UPLOAD_SUBFOLDER } from "../../core/comfy/upload.js";
import { designMetrics } from "../../core/plan/index.js";
import { writeShotsFile, type ShotsFile } from "../../core/store/index.js";
import type { Shot, ShotImage } from "../../core/shots/discover.js";
import type { CommandContext } from "../context.js";
import { executeSweep, type SweepCommandOptions } from "../sweep/execute.js";
import { printPlanSummary } from "../sweep/plan-summary.js";
import { buildSweepPlan, checkDuplicates, loadSweepInputs } from "../sweep/prepare.js";
import { makePrepare } from "./inject.js";
import { selectShots } from "./inputs.js";

export interface ShotsOptions extends SweepCommandOptions {
  readonly only?: readonly string[];
  readonly skipIncomplete: boolean;
  readonly order?: "shot-major" | "point-major";
  /** Check everything and print the plan; upload, write and queue nothing. */
  readonly dryRun?: boolean;
  /** --allow-duplicates: run identical copies (seeds_per_sample > 1 without a random_seed). */
  readonly allowDuplicates?: boolean;
}

export async function shots(options: ShotsOptions, ctx: CommandContext): Promise<number> {
  const prepared = await loadSweepInputs({ configFile: options.configFile, ...(ctx.signal ? { signal: ctx.signal } : {}) });
  const duplicateWarnings = checkDuplicates(prepared, options.dryRun === true || options.allowDuplicates === true ? "warn" : "refuse");
  for (const warning of [...prepared.warnings, ...duplicateWarnings]) ctx.ui.warn(warning);
  const { config, fingerprint } = prepared;
  const selection = await selectShots(
    config,
    prepared.workflow,
    { ...(options.only ? { only: options.only } : {}), skipIncomplete: options.skipIncomplete, ...(prepared.defs ? { defs: prepared.defs } : {}) },
    ctx.ui,
  );
  const names = selection.shots.map((s) => s.name);
  const order = options.order ?? config.shots?.order ?? "shot-major";
  // The dry run shows the plan a real run would write; a real run plans only for a new batch (a
  // resumed one runs its stored plan and needs no history: folders).
  const plan = async () => {
    const built = await buildSweepPlan(prepared, options, { names, order });
    for (const warning of built.warnings) ctx.ui.warn(warning);
    return built;
  };
  if (options.dryRun) {
    const built = await plan();
    printPlanSummary(ctx.ui, config, built.plan, designMetrics(built.unitPoints), {}, options.seed !== undefined || config.seed !== undefined);
    ctx.ui.line("Dry run: nothing was uploaded, written or queued.");
    return 0;
  }
  const targets = resolveServers(options.servers, config.comfyui.servers, options.headers);
  const { exitCode } = await executeSweep(
    {
      prefix: "batch_shots",
      command: "cr-shots",
      configFile: options.configFile,
      config,
      configBytes: prepared.configBytes,
      workflow: prepared.workflow,
      workflowBytes: prepared.workflowBytes,
      fingerprint,
      newPlan: async () => (await plan()).plan,
      onFolder: async (folder) => {
        const planned = new Set(folder.plan.shots ?? []);
        const missing = [...planned].filter((n) => !names.includes(n));
        if (missing.length > 0) ctx.ui.warn(`The plan has shots that are not selected now (${missing.join(", ")}); their runs will fail.`);
        await writeShotsFile(folder.paths, shotsRecord(selection.shots, config.shots?.directory ?? path.join(config.dir, "shots")));
      },
      prepareRun: makePrepare({
        shots: new Map(selection.shots.map((s) => [s.name, s])),
        injection: selection.injection,
        ...(config.shots?.negativePrompt !== undefined ? { negativePrompt: config.shots.negativePrompt } : {}),
        ...(config.shots?.comfyuiInputPath !== undefined ? { comfyuiInputPath: config.shots.comfyuiInputPath } : {}),
      }),
    },
    { ...options, targets },
    ctx,
  );
  return exitCode;
}

function shotsRecord(shots: readonly Shot[], directory: string): Omit<ShotsFile, "version"> {
  const image = (img: ShotImage | undefined): ShotsFile["shots"][number]["first_frame"] =>
    img
      ? {
          file: path.relative(directory, img.file),
          sha256: img.sha256,
          width: img.info.width,
          height: img.info.height,
          format: img.info.format,
          upload_name: `${UPLOAD_SUBFOLDER}/${contentName(img.file, img.sha256)}`,
        }
      : null;
  return {
    directory,
    shots: shots.map((s) => ({
      name: s.name,
      prompt: s.prompt ?? null,
      negative: s.negative ?? null,
      first_frame: image(s.firstFrame),
      last_frame: image(s.lastFrame),
      overrides: s.overrides,
    })),
  };
}
