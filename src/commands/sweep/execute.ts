/**
 * The shared engine room of cr-batch and cr-shots: pick or create the batch folder,
 * connect the servers, run the plan, print the summary, and choose the exit code.
 */
import path from "node:path";
import { teeUi, type Ui } from "../../ui/ui.js";
import { openBatchLog } from "./batch-log.js";
import { runBatch, type EngineResult } from "../../core/batch/engine.js";
import type { RunEnvironment } from "../../core/batch/execute-run.js";
import { linkOutput } from "../../core/batch/link-output.js";
import type { ServerTarget } from "../../core/comfy/server.js";
import type { BatchConfig } from "../../core/config/index.js";
import { ExitCode } from "../../core/errors.js";
import { extendPlan, type Fingerprint, type Plan } from "../../core/plan/index.js";
import type { Workflow } from "../../core/workflow/model.js";
import { BatchView } from "./progress-view.js";
import { signalOf, type CommandContext } from "../context.js";
import { chooseFolder, type FolderChoice } from "./choose-folder.js";
import { BatchReader, writePlan } from "../../core/store/index.js";
import { warnIfDiskTooSmall } from "./disk-check.js";
import { connectServers } from "./servers.js";
import { printSummary } from "./summary.js";
import { describeNode } from "../../core/workflow/model.js";
import type { RunScorer, RunScorerOptions } from "./run-scorer.js";
import { finishScoring, planScoring, startScorer, type ScoringPlan } from "./scoring.js";
import { createTimeBox, type TimeBoxFlag } from "./time-box.js";

export interface SweepFlags {
  readonly targets: readonly ServerTarget[];
  readonly resumeDir?: string;
  readonly forceNew: boolean;
  readonly force: boolean;
  readonly retryFailed: boolean;
  readonly extend: boolean;
  readonly skipModelCheck: boolean;
  /** --no-score: no scoring this time, whatever the config says. */
  readonly score?: false;
  /** --until / --budget: stop sending runs that would not finish in time (exit 0 when it stops the batch). */
  readonly timeBox?: TimeBoxFlag;
}

/** What cr-batch and cr-shots take from their flags before the servers are resolved. */
export interface SweepCommandOptions extends Omit<SweepFlags, "targets"> {
  readonly configFile: string;
  readonly servers: readonly string[];
  readonly headers: readonly string[];
  readonly seed?: number;
  readonly allowLarge: boolean;
}

export interface SweepInput {
  readonly prefix: "batch" | "batch_shots";
  readonly command: string;
  readonly configFile: string;
  readonly config: BatchConfig;
  readonly configBytes: Uint8Array;
  readonly workflow: Workflow;
  readonly workflowBytes: Uint8Array;
  /** sha256 of the config and workflow bytes (loadSweepInputs computes it; a new plan carries it too). */
  readonly fingerprint: Fingerprint;
  readonly newPlan: () => Promise<Plan>;
  /** Called once the folder is known (cr-shots writes shots.json). */
  readonly onFolder?: (choice: FolderChoice) => Promise<void>;
  readonly prepareRun?: RunEnvironment["prepare"];
  /** Tests: the measurement behind the background scorer (e.g. slowed down). */
  readonly score?: RunScorerOptions["score"];
}

export async function executeSweep(
  input: SweepInput,
  flags: SweepFlags,
  ctx: CommandContext,
): Promise<{ exitCode: number; result: EngineResult; folder: FolderChoice }> {
  const { ui } = ctx;
  const scoring = flags.score === false ? undefined : await planScoring(input.config.scoring, ui);
  const now = ctx.now ?? Date.now;
  // A budget counts from the command's start, before folder choice and server checks.
  const timeBoxFlag = flags.timeBox && "budgetMs" in flags.timeBox ? { untilMs: now() + flags.timeBox.budgetMs } : flags.timeBox;
  const folder = await chooseFolder(
    {
      prefix: input.prefix,
      baseDir: input.config.output.baseDir,
      fingerprint: input.fingerprint,
      configBytes: input.configBytes,
      workflowBytes: input.workflowBytes,
      newPlan: input.newPlan,
      ...(flags.resumeDir !== undefined ? { resumeDir: flags.resumeDir } : {}),
      forceNew: flags.forceNew,
      force: flags.force,
      autoResume: input.config.resume.enabled,
      retryFailed: flags.retryFailed,
      cwd: ctx.cwd ?? process.cwd(),
    },
    ui,
  );
  const log = openBatchLog(
    folder.paths.dir,
    `${new Date().toISOString()} · ${input.command} ${input.configFile} · ${folder.resumed ? "resumed" : "new batch"}`,
    (text) => ui.warn(text),
  );
  const onHangup = (): void => log.ui.warn("SIGHUP: the terminal is gone. The batch goes on; its output continues only here.");
  ui.hangup?.addEventListener("abort", onHangup, { once: true });
  try {
    return await runSweep(
      input,
      { ...flags, ...(timeBoxFlag ? { timeBox: timeBoxFlag } : {}) },
      { ...ctx, ui: teeUi(ui, log.ui), now },
      folder,
      [ui, log.ui],
      scoring,
    );
  } finally {
    ui.hangup?.removeEventListener("abort", onHangup);
    log.close();
  }
}

/**
 * `ctx.ui` writes to the terminal and batch.log; `viewUis` are the two apart, since each gets its own
 * progress view (the log takes the plain lines, whatever the terminal shows).
 */
async function runSweep(
  input: SweepInput,
  flags: SweepFlags,
  ctx: CommandContext,
  chosen: FolderChoice,
  viewUis: readonly Ui[],
  scoring: ScoringPlan | undefined,
): Promise<{ exitCode: number; result: EngineResult; folder: FolderChoice }> {
  const { ui } = ctx;
  const signal = signalOf(ctx);
  const { config, fingerprint } = input;
  let folder = chosen;
  if (flags.extend) {
    const extended = extendPlan(folder.plan, config, fingerprint);
    await writePlan(folder.paths, extended.plan);
    ui.info(`Extended the plan from ${folder.plan.num_points} to ${extended.plan.num_points} design points (${extended.plan.runs.length} runs).`);
    folder = { ...folder, plan: extended.plan };
  }
  await input.onFolder?.(folder);

  const done = await countFinished(folder.paths.dir, flags.retryFailed);
  await warnIfDiskTooSmall(ui, config.output.baseDir, folder.paths.dir, fingerprint.workflow, folder.plan.runs.length - done);
  const sessions = await connectServers(
    { targets: flags.targets, config, workflow: input.workflow, runs: folder.plan.runs, skipModelCheck: flags.skipModelCheck, signal },
    ui,
  );
  const timeBox = flags.timeBox
    ? await createTimeBox(flags.timeBox, { baseDir: config.output.baseDir, workflowFingerprint: fingerprint.workflow }, ctx.now ?? Date.now, ui)
    : undefined;
  const resumeCommand = `${input.command} ${input.configFile} --resume ${path.relative(process.cwd(), folder.paths.dir) || "."}`;
  const views = await Promise.all(
    viewUis.map(async (target) => {
      const status = await target.status("Starting…");
      const view = new BatchView(
        target,
        status,
        folder.plan.runs.length,
        folder.plan.parameters,
        sessions.map((s) => s.url),
        (node) => describeNode(input.workflow, node),
      );
      return { status, view };
    }),
  );
  const scorer: RunScorer | undefined = scoring
    ? await startScorer(scoring, folder.paths, folder.resumed, {
        onScored: (scored) => views.forEach(({ view }) => view.scored(scored)),
        onProblem: (text) => ui.warn(text),
        signal,
        ...(input.score ? { score: input.score } : {}),
      })
    : undefined;
  let result: EngineResult | undefined;
  try {
    result = await runBatch({
      paths: folder.paths,
      plan: folder.plan,
      servers: sessions,
      queueDepth: config.comfyui.queueDepth,
      retryFailed: flags.retryFailed,
      signal,
      workflow: input.workflow,
      namespaceOutputs: config.output.namespaceOutputs,
      ...(config.comfyui.timeoutSeconds ? { timeoutMs: config.comfyui.timeoutSeconds * 1000 } : {}),
      idleTimeoutMs: config.comfyui.idleTimeoutSeconds * 1000,
      failOverAfterMs: config.comfyui.failoverAfterSeconds * 1000,
      ...(timeBox ? { timeBox } : {}),
      emit: (event) => {
        views.forEach(({ view }) => view.handle(event));
        // After saveRun: the outputs are on disk. add() only queues; the engine never waits for it.
        if (event.kind === "run_finished") scorer?.addRecord(event.run, event.record);
      },
      ...(input.prepareRun ? { prepare: input.prepareRun } : {}),
      ...(config.comfyui.outputDir
        ? {
            fetchOutput: (item, runDir, localSubfolder, claimed) =>
              linkOutput(item, runDir, {
                comfyOutputDir: config.comfyui.outputDir as string,
                deleteFromComfyui: config.comfyui.deleteFromComfyui,
                localSubfolder,
                claimed,
              }),
          }
        : {}),
    });
  } finally {
    await Promise.all(sessions.map((s) => s.close()));
    // The last runs' scores: the view keeps counting while they finish; Ctrl-C leaves them to cr-score.
    if (scorer && result === undefined) scorer.abort();
    if (scorer) await finishScoring(scorer, ui, signal);
    for (const { view, status } of views) {
      view.stop();
      status.done();
    }
  }
  printSummary(ui, result, folder.paths, resumeCommand, scorer?.tally());
  const exitCode = result.interrupted ? ExitCode.cancelled : result.diskFull || result.failed > 0 ? ExitCode.runFailed : ExitCode.ok;
  return { exitCode, result, folder };
}

/** Runs the resumed batch will not redo (from progress.json; 0 for a new batch). */
async function countFinished(batchDir: string, retryFailed: boolean): Promise<number> {
  const summary = await new BatchReader(batchDir).progressSummary();
  return summary ? summary.completed + (retryFailed ? 0 : summary.failed) : 0;
}
