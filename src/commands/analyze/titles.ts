/** Whether a node title says something beyond the stock name of its class. */
import type { NodeDefs } from "../../core/comfy/object-info.js";

/** The title, when it differs from the class and its display name ("KSampler (Advanced)" says nothing). */
export function meaningfulTitle(title: string | undefined, classType: string, defs: NodeDefs): string | undefined {
  if (!title) return undefined;
  const plain = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, "");
  const stock = new Set([plain(classType), plain(defs.get(classType)?.displayName ?? "")]);
  if (stock.has(plain(title))) return undefined;
  // "CLIP Text Encode (Positive Prompt)": the stock name plus the part that matters.
  const qualified = /^(.*?)\s*\(([^)]+)\)\s*$/.exec(title);
  if (qualified && isStockPrefix(plain(qualified[1] ?? ""), classType, defs)) return qualified[2];
  return title;
}

function isStockPrefix(prefix: string, classType: string, defs: NodeDefs): boolean {
  const display = (defs.get(classType)?.displayName ?? classType)
    .toLowerCase()
    .replace(/\(.*\)/, "")
    .replace(/[^a-z0-9]/g, "");
  return prefix !== "" && (display.startsWith(prefix) || classType.toLowerCase().startsWith(prefix));
}
