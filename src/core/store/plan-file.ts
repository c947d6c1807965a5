/** plan.json: written once with a fixed layout, read back strictly (to run it) by readPlan. */
import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { UserError } from "../errors.js";
import { writeFileAtomic } from "../fs/atomic.js";
import { stringifyJson } from "../json/lossless.js";
import { parseJsonFile } from "../json/parse-file.js";
import type { BatchPaths } from "./layout.js";
import { planSchema, type Plan } from "./plan-schema.js";

/**
 * Two-space JSON, except each run on one line: a 65,536-run plan stays greppable and diffable
 * run by run. Key order is the construction order, so equal plans give equal bytes.
 */
export function serializePlan(plan: Plan): string {
  const { runs, ...head } = plan;
  const headText = stringifyJson(head, 2);
  const runLines = runs.map((run) => `    ${stringifyJson(run)}`);
  const runsText = runLines.length === 0 ? "[]" : `[\n${runLines.join(",\n")}\n  ]`;
  return `${headText.slice(0, -2)},\n  "runs": ${runsText}\n}\n`;
}

export function parsePlan(text: string, source: string): Plan {
  const parsed = planSchema.safeParse(parseJsonFile(text, source));
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 20).map((issue) => `${issue.path.join(".") || "(top)"}: ${issue.message}`);
    const count = parsed.error.issues.length;
    throw new UserError(`${source} is not a valid plan: ${issues[0] ?? "unknown problem"}${count > 1 ? ` (and ${count - 1} more)` : ""}.`, {
      issues: issues.map((issue) => `${source}: ${issue}`),
    });
  }
  checkConsistency(parsed.data, source);
  return parsed.data;
}

export async function readPlan(file: string): Promise<Plan> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(code === "ENOENT" ? `No plan found: ${file}` : `Cannot read the plan ${file}: ${(error as Error).message}`);
  }
  return parsePlan(text, file);
}

/** What the schema cannot say: run ids and names unique, shots consistent. */
function checkConsistency(plan: Plan, source: string): void {
  const ids = new Set<number>();
  const names = new Set<string>();
  for (const run of plan.runs) {
    const nameKey = `${run.shot ?? ""}/${run.name}`;
    if (ids.has(run.run_id)) throw new UserError(`${source}: run_id ${run.run_id} appears twice.`);
    if (names.has(nameKey)) throw new UserError(`${source}: run name "${run.name}" appears twice${run.shot ? ` in shot ${run.shot}` : ""}.`);
    if ((run.shot === undefined) !== (plan.shots === undefined) || (run.shot !== undefined && !plan.shots?.includes(run.shot))) {
      throw new UserError(`${source}: run ${run.run_id} has a shot that does not match the plan's shots.`);
    }
    ids.add(run.run_id);
    names.add(nameKey);
  }
}

/** sha256 (hex) of the exact bytes, as stored in plan.fingerprint. */
export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** A new batch folder's first files: verbatim snapshots of the config and workflow, then the plan. */
export async function writeNewBatch(paths: BatchPaths, snapshots: { readonly config: Uint8Array; readonly workflow: Uint8Array }, plan: Plan): Promise<void> {
  await writeFile(paths.config, snapshots.config);
  await writeFile(paths.workflow, snapshots.workflow);
  await writePlan(paths, plan);
}

/** Writes plan.json atomically (a new batch, or `--extend` adding runs). */
export async function writePlan(paths: BatchPaths, plan: Plan): Promise<void> {
  await writeFileAtomic(paths.plan, serializePlan(plan));
}
