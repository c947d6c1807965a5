/** The `--set` arguments that give a run's values to `cr-run <workflow>`. */
import { shellQuote } from "../../ui/shell-quote.js";

function valueText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export function setArguments(patches: Readonly<Record<string, unknown>>): string {
  return Object.entries(patches)
    .map(([at, value]) => `--set ${shellQuote(`${at}=${valueText(value)}`)}`)
    .join(" ");
}
