/**
 * Connects to every server before the night starts: reachable, which version, and the
 * node definitions to check values and model files against. Unreachable servers are
 * left out with a warning; none reachable is fatal (exit 3).
 */
import type { Ui } from "../../ui/ui.js";
import { oneLine } from "../../ui/sanitize.js";
import { findMissingModels } from "../../core/batch/preflight.js";
import { ServerSession } from "../../core/batch/server-session.js";
import type { PlannedRun } from "../../core/batch/types.js";
import type { NodeDefs } from "../../core/comfy/object-info.js";
import type { ServerTarget } from "../../core/comfy/server.js";
import { validateAgainstWorkflow, type BatchConfig } from "../../core/config/index.js";
import { ServerError, UserError, messageOf } from "../../core/errors.js";
import type { Workflow } from "../../core/workflow/model.js";

export interface ConnectOptions {
  readonly targets: readonly ServerTarget[];
  readonly config: BatchConfig;
  readonly workflow: Workflow;
  readonly runs: readonly PlannedRun[];
  readonly skipModelCheck: boolean;
  readonly signal: AbortSignal;
}

export async function connectServers(options: ConnectOptions, ui: Ui): Promise<ServerSession[]> {
  // A server is declared down no later than it would fail over (comfyui.failover_after).
  const retryForMs = Math.min(20_000, options.config.comfyui.failoverAfterSeconds * 1000);
  const sessions = options.targets.map((t, i) => new ServerSession(t, i, retryForMs));
  const reachable: ServerSession[] = [];
  const problems: string[] = [];
  await Promise.all(
    sessions.map(async (session) => {
      try {
        await session.connect(options.signal);
        const defs = await session.client.objectInfo(options.signal);
        problems.push(...checkServer(session, defs, options));
        reachable.push(session);
        ui.info(`${session.url}: ComfyUI ${oneLine(session.version ?? "?")}`);
      } catch (error) {
        if (options.signal.aborted) throw error;
        if (!(error instanceof ServerError)) throw error;
        ui.warn(`${session.url} is not reachable and is left out: ${messageOf(error)}`);
        await session.close();
      }
    }),
  );
  if (reachable.length === 0) {
    throw new ServerError(`No ComfyUI server is reachable (${options.targets.map((t) => t.url).join(", ")}).`, {
      hint: "Check that ComfyUI is running there (for a remote one: ssh -L 8188:127.0.0.1:8188 host), or pass --server.",
    });
  }
  if (problems.length > 0) {
    await Promise.all(reachable.map((s) => s.close()));
    throw new UserError(`The sweep would fail on the server: ${problems[0]}${problems.length > 1 ? ` (+${problems.length - 1} more)` : ""}`, {
      issues: problems,
      hint: options.skipModelCheck
        ? undefined
        : "Install the missing files, fix the config, or pass --skip-model-check if the names are resolved some other way.",
    });
  }
  return reachable.sort((a, b) => a.index - b.index);
}

function checkServer(session: ServerSession, defs: NodeDefs, options: ConnectOptions): string[] {
  const problems: string[] = [];
  try {
    validateAgainstWorkflow(options.config, options.workflow, defs);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    problems.push(...(error.issues.length > 0 ? error.issues : [error.message]).map((p) => `${session.url}: ${p}`));
  }
  if (!options.skipModelCheck) {
    for (const missing of findMissingModels(options.workflow, defs, options.runs)) {
      problems.push(`${session.url} has no ${missing.file} (${missing.path}, ${missing.classType})`);
    }
  }
  return problems;
}
