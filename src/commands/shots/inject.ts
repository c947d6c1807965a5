/**
 * Puts one shot's data into one run's workflow: prompt, negative prompt, uploaded frames
 * (or, opt-in, frames copied into a local ComfyUI input folder), and shot.yaml overrides.
 */
import { copyFile, mkdir, stat } from "node:fs/promises";
import path from "node:path";
import type { ServerSession } from "../../core/batch/server-session.js";
import { contentName, UPLOAD_SUBFOLDER } from "../../core/comfy/upload.js";
import type { PlannedRun } from "../../core/batch/types.js";
import { BugError } from "../../core/errors.js";
import type { Injection } from "../../core/shots/detect.js";
import type { Shot, ShotImage } from "../../core/shots/discover.js";
import { setInput, type Workflow } from "../../core/workflow/model.js";
import { formatPath, parsePath } from "../../core/workflow/paths.js";
import type { JsonValue } from "../../core/json/lossless.js";

export interface ShotInjector {
  readonly shots: ReadonlyMap<string, Shot>;
  readonly injection: Injection;
  readonly negativePrompt?: string;
  /** Opt-in local-copy mode: ComfyUI's input folder on this machine. */
  readonly comfyuiInputPath?: string;
}

export function makePrepare(injector: ShotInjector) {
  return async (workflow: Workflow, run: PlannedRun, session: ServerSession, signal: AbortSignal): Promise<Record<string, JsonValue>> => {
    const shot = run.shot ? injector.shots.get(run.shot) : undefined;
    if (!shot) throw new BugError(`run ${run.name} names an unknown shot ${String(run.shot)}`);
    // What is set here is returned too, so params.json (and the contact sheet's cr-run command) has it.
    const applied: Record<string, JsonValue> = {};
    const set = (targets: readonly string[], value: string | number | boolean): void =>
      targets.forEach((t) => {
        const path = parsePath(t);
        setInput(workflow, path, value);
        applied[formatPath(path)] = value;
      });
    if (shot.prompt !== undefined) set(injector.injection.prompt, shot.prompt);
    const negative = shot.negative ?? injector.negativePrompt;
    if (negative !== undefined) set(injector.injection.negative, negative);
    if (shot.firstFrame) set(injector.injection.first_frame, await placeImage(shot.firstFrame, session, injector, signal));
    if (shot.lastFrame) set(injector.injection.last_frame, await placeImage(shot.lastFrame, session, injector, signal));
    for (const [target, value] of Object.entries(shot.overrides)) set([target], value);
    return applied;
  };
}

async function placeImage(image: ShotImage, session: ServerSession, injector: ShotInjector, signal: AbortSignal): Promise<string> {
  if (injector.comfyuiInputPath === undefined) return (await session.uploader.uploadFile(image.file, signal, image.sha256)).value;
  const name = contentName(image.file, image.sha256);
  const target = path.join(injector.comfyuiInputPath, UPLOAD_SUBFOLDER, name);
  const exists = await stat(target).then(
    () => true,
    () => false,
  );
  if (!exists) {
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(image.file, target);
  }
  return `${UPLOAD_SUBFOLDER}/${name}`;
}
