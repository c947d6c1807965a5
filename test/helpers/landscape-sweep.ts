/**
 * The simulator's landscape video workflow at its optimum and a grid sweep over it, written into a
 * folder (workflow.json + sweep.yaml). On the landscape, steps 4 freezes and shift 12 blurs.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { videoPrompt } from "../../src/sim/landscape-workflow.js";

export const LANDSCAPE_WORKFLOW = videoPrompt({ cfg: 5, steps: 20, shift: 5, seed: 1 }, "land");

/** steps [4, 20], and with `shift` also shift [5, 12]; `extra` is appended as YAML. */
export function landscapeSweep(options: { shift?: boolean; extra?: string } = {}): string {
  const shift = options.shift === false ? "" : "  shift:\n    values: [5, 12]\n    path: nodes.2.inputs.shift\n";
  return `workflow_file: workflow.json
sampling_strategy: grid
parameters:
  steps:
    values: [4, 20]
    path: nodes.5.inputs.steps
${shift}output:
  base_dir: output
  run_name_pattern: "{run_id:04d}"
${options.extra ?? ""}`;
}

/** Writes both into `dir`; returns the config's path. */
export async function writeLandscapeSweep(dir: string, config: string = landscapeSweep()): Promise<string> {
  await writeFile(path.join(dir, "workflow.json"), JSON.stringify(LANDSCAPE_WORKFLOW));
  await writeFile(path.join(dir, "sweep.yaml"), config);
  return path.join(dir, "sweep.yaml");
}
