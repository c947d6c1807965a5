/**
 * Choosing the batch to continue, and explaining why an old batch no longer matches.
 */
import { parseJson, stringifyJson, type JsonValue } from "../json/lossless.js";
import { BatchReader, listBatchDirs, type Fingerprint } from "../store/index.js";

/** The newest batch with the same fingerprint that still has runs to do. */
export async function findResumable(
  baseDir: string,
  prefix: "batch" | "batch_shots",
  fingerprint: Fingerprint,
  retryFailed: boolean,
): Promise<string | undefined> {
  for (const dir of await listBatchDirs(baseDir, prefix)) {
    const batch = new BatchReader(dir);
    const found = await batch.fingerprint();
    if (!found || found.config !== fingerprint.config || found.workflow !== fingerprint.workflow) continue;
    const progress = await batch.progressSummary();
    if (!progress) return dir;
    const open = progress.total - progress.completed - (retryFailed ? 0 : progress.failed);
    if (open > 0) return dir;
  }
  return undefined;
}

/** A short human summary of how the current files differ from the batch's snapshots. */
export async function describeChanges(
  dir: string,
  current: { configText: string; workflowText: string },
  stored: Fingerprint,
  now: Fingerprint,
): Promise<string[]> {
  const batch = new BatchReader(dir);
  const lines: string[] = [];
  if (stored.config !== now.config) {
    const before = await batch.configSnapshot();
    lines.push("the config changed:", ...lineDiff(before, current.configText).map((l) => `  ${l}`));
  }
  if (stored.workflow !== now.workflow) {
    const before = await batch.workflowSnapshot();
    lines.push("the workflow changed:", ...workflowDiff(before, current.workflowText).map((l) => `  ${l}`));
  }
  return lines;
}

function lineDiff(before: string, after: string, max = 12): string[] {
  const a = before.split("\n");
  const b = after.split("\n");
  const removed = a.filter((l) => !b.includes(l) && l.trim() !== "");
  const added = b.filter((l) => !a.includes(l) && l.trim() !== "");
  const out = [...removed.map((l) => `- ${l}`), ...added.map((l) => `+ ${l}`)];
  return out.length > max ? [...out.slice(0, max), `… (${out.length - max} more lines)`] : out;
}

function workflowDiff(beforeText: string, afterText: string, max = 12): string[] {
  let before: JsonValue;
  let after: JsonValue;
  try {
    before = parseJson(beforeText);
    after = parseJson(afterText);
  } catch {
    return ["(not comparable)"];
  }
  const nodes = (w: JsonValue): Record<string, JsonValue> => (w && typeof w === "object" && !Array.isArray(w) ? w : {});
  const a = nodes(before);
  const b = nodes(after);
  const out: string[] = [];
  for (const id of Object.keys(a)) if (!(id in b)) out.push(`node ${id} removed`);
  for (const id of Object.keys(b)) if (!(id in a)) out.push(`node ${id} added`);
  for (const id of Object.keys(b)) {
    const ia = nodes(nodes(a[id] ?? null)["inputs"] ?? null);
    const ib = nodes(nodes(b[id] ?? null)["inputs"] ?? null);
    for (const name of new Set([...Object.keys(ia), ...Object.keys(ib)])) {
      const va = stringifyJson(ia[name] ?? null);
      const vb = stringifyJson(ib[name] ?? null);
      if (id in a && va !== vb) out.push(`nodes.${id}.inputs.${name}: ${clip(va)} → ${clip(vb)}`);
    }
  }
  if (out.length === 0) out.push("(only formatting or metadata changed)");
  return out.length > max ? [...out.slice(0, max), `… (${out.length - max} more)`] : out;
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
