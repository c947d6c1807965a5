/** The `cr-run` command line that reproduces one run from the batch's workflow snapshot. */
import type { CellValue } from "./model.js";
import { shellQuote } from "../../ui/shell-quote.js";
import { cellText } from "./values.js";

export { shellQuote };

/** `workflow` is the snapshot's path as the user will type it (relative to the batch's parent folder). */
export function reproduceCommand(workflow: string, patches: Readonly<Record<string, CellValue>>): string {
  const sets = Object.entries(patches).map(([at, value]) => `--set ${shellQuote(`${at}=${cellText(value)}`)}`);
  return ["cr-run", shellQuote(workflow), ...sets].join(" ");
}
