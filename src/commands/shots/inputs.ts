/**
 * Everything cr-shots checks before a night starts: where shot data goes in the workflow,
 * which shots are complete, that their images are readable, and that names map to
 * distinct folders. Problems are reported all at once (exit 2), nothing is started.
 */
import path from "node:path";
import type { Ui } from "../../ui/ui.js";
import type { BatchConfig } from "../../core/config/index.js";
import { UserError } from "../../core/errors.js";
import { safeSegment } from "../../core/naming/pattern.js";
import { describeInjection, detectInjection, type Injection, type ShotRole } from "../../core/shots/detect.js";
import { scanShots, type Shot } from "../../core/shots/discover.js";
import { decodeProblems } from "./decode-check.js";
import { checkShotDataReceived } from "./unreceived.js";
import type { NodeDefs } from "../../core/comfy/object-info.js";
import { builtinNodeDefs } from "../../core/nodes/builtin-defs.js";
import { getInput, isLink, type Workflow } from "../../core/workflow/model.js";
import { formatPath, parsePath } from "../../core/workflow/paths.js";

export interface ShotSelection {
  readonly injection: Injection;
  readonly shots: Shot[];
}

export interface SelectOptions {
  readonly only?: readonly string[];
  readonly skipIncomplete: boolean;
  /** Node definitions from a server or a saved /object_info; else the built-in table is used. */
  readonly defs?: NodeDefs;
}

export async function selectShots(config: BatchConfig, workflow: Workflow, options: SelectOptions, ui: Ui): Promise<ShotSelection> {
  const shotsConfig = config.shots;
  const directory = shotsConfig?.directory ?? path.join(config.dir, "shots");
  const injection = shotsConfig?.injectGiven ? fromConfig(config) : detectInjection(workflow);
  checkTargets(workflow, injection);
  ui.info(`Shot data goes to${shotsConfig?.injectGiven ? " (from the config)" : " (detected; set shots.inject to change it)"}:`);
  for (const line of describeInjection(workflow, injection)) ui.info(`  ${line}`);

  const needed = (Object.keys(injection) as ShotRole[]).filter((role) => injection[role].length > 0 && role !== "negative");
  const only = options.only && options.only.length > 0 ? options.only : shotsConfig?.only;
  const scan = await scanShots(directory, needed, only, { workflow, defs: options.defs ?? builtinNodeDefs(), partialDefs: options.defs === undefined });
  if (scan.problems.length > 0) {
    throw new UserError(
      `Some shots in ${directory} cannot be used: ${scan.problems[0]}${scan.problems.length > 1 ? ` (+${scan.problems.length - 1} more)` : ""}`,
      { issues: scan.problems },
    );
  }
  for (const shot of scan.incomplete) ui.warn(`shot ${shot.name} is incomplete: missing ${shot.missing.join(", ")}`);
  if (scan.incomplete.length > 0 && !options.skipIncomplete) {
    throw new UserError(`${scan.incomplete.length} shot(s) are incomplete, so nothing was started.`, {
      issues: scan.incomplete.map((s) => `${s.name}: missing ${s.missing.join(", ")}`),
      hint: "Add the missing files, or pass --skip-incomplete to run only the complete shots.",
    });
  }
  if (scan.shots.length === 0) throw new UserError(`No complete shot in ${directory}.`);
  checkShotDataReceived(config, workflow, injection, scan.shots, (text) => ui.warn(text));
  checkFolderNames(scan.shots);
  const undecodable = await decodeProblems(scan.shots);
  if (undecodable === undefined) ui.info("ffmpeg is not installed: shot images were checked by their headers only.");
  else if (undecodable.length > 0)
    throw new UserError(`Some shot images cannot be decoded: ${undecodable[0]}${undecodable.length > 1 ? ` (+${undecodable.length - 1} more)` : ""}`, {
      issues: undecodable,
    });
  for (const shot of scan.shots) {
    const frames = [shot.firstFrame, shot.lastFrame].filter((f) => f !== undefined).map((f) => `${path.basename(f.file)} ${f.info.width}×${f.info.height}`);
    ui.info(`  • ${shot.name}: "${oneLine(shot.prompt ?? "", 60)}"${frames.length ? ` · ${frames.join(", ")}` : ""}`);
    for (const warning of frameWarnings(workflow, shot)) ui.warn(warning);
  }
  return { injection, shots: scan.shots };
}

function fromConfig(config: BatchConfig): Injection {
  const inject = config.shots?.inject;
  const paths = (list: readonly { node: string; input: string }[] | undefined): string[] => (list ?? []).map(formatPath);
  return { prompt: paths(inject?.prompt), negative: paths(inject?.negative), first_frame: paths(inject?.firstFrame), last_frame: paths(inject?.lastFrame) };
}

function checkTargets(workflow: Workflow, injection: Injection): void {
  const problems: string[] = [];
  for (const [role, targets] of Object.entries(injection)) {
    for (const target of targets) {
      try {
        const value = getInput(workflow, parsePath(target));
        if (isLink(value)) problems.push(`shots.inject.${role}: ${target} is a link, not a value`);
      } catch (error) {
        problems.push(`shots.inject.${role}: ${(error as Error).message}`);
      }
    }
  }
  if (problems.length > 0) throw new UserError(`The shot injection does not fit the workflow: ${problems[0]}`, { issues: problems });
}

function checkFolderNames(shots: readonly Shot[]): void {
  const seen = new Map<string, string>();
  for (const shot of shots) {
    const folder = safeSegment(shot.name);
    const other = seen.get(folder.toLowerCase());
    if (other !== undefined)
      throw new UserError(`Shots "${other}" and "${shot.name}" would share the folder ${folder}.`, { hint: "Rename one of the shot folders." });
    if (folder !== shot.name) throw new UserError(`Shot "${shot.name}" is not a safe folder name.`, { hint: `Rename it, e.g. to ${folder}.` });
    seen.set(folder.toLowerCase(), shot.name);
  }
}

/** The FLF2V-style nodes resize frames to their width × height: warn when the aspect ratio differs. */
function frameWarnings(workflow: Workflow, shot: Shot): string[] {
  const target = Object.values(workflow).find(
    (n) => typeof n.inputs["width"] === "number" && typeof n.inputs["height"] === "number" && ("start_image" in n.inputs || "end_image" in n.inputs),
  );
  if (!target) return [];
  const ratio = (target.inputs["width"] as number) / (target.inputs["height"] as number);
  return [shot.firstFrame, shot.lastFrame]
    .filter((f) => f !== undefined)
    .filter((f) => Math.abs(f.info.width / f.info.height / ratio - 1) > 0.05)
    .map(
      (f) =>
        `shot ${shot.name}: ${path.basename(f.file)} is ${f.info.width}×${f.info.height}, the workflow renders ${String(target.inputs["width"])}×${String(target.inputs["height"])}: the frame will be stretched or cropped`,
    );
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ");
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
