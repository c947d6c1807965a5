/** The `cr-run` command line that reproduces one run from the batch's workflow snapshot. */
import type { CellValue } from "./model.js";
import { cellText } from "./values.js";

const SHELL_SAFE = /^[A-Za-z0-9_\-.,:/=+@%]+$/;

export function shellQuote(arg: string): string {
  if (arg !== "" && SHELL_SAFE.test(arg)) return arg;
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** `workflow` is the snapshot's path as the user will type it (relative to the batch's parent folder). */
export function reproduceCommand(workflow: string, patches: Readonly<Record<string, CellValue>>): string {
  const sets = Object.entries(patches).map(([at, value]) => `--set ${shellQuote(`${at}=${cellText(value)}`)}`);
  return ["cr-run", shellQuote(workflow), ...sets].join(" ");
}
