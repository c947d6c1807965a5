/**
 * The parent's config was written for its own folder, which the batch does not record. It is
 * found from output.base_dir (the batch folder lies in <config folder>/<base_dir>/), and every
 * relative path in the new file is rewritten against the folder the new file is written to.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { sha256Hex } from "../../core/plan/index.js";

/** The config's folder, when base_dir is relative and climbs no folder ("output", "runs/wan"). */
export function configFolderOf(batchDir: string, baseDirText: string): string | undefined {
  if (path.isAbsolute(baseDirText) || baseDirText.startsWith("~")) return undefined;
  const segments = path
    .normalize(baseDirText)
    .split(/[\\/]/)
    .filter((s) => s !== "" && s !== ".");
  if (segments.includes("..")) return undefined;
  let dir = path.dirname(path.resolve(batchDir));
  for (const segment of [...segments].reverse()) {
    if (path.basename(dir) !== segment) return undefined;
    dir = path.dirname(dir);
  }
  return dir;
}

/** `text` (relative to `from`) as a path relative to `to`; absolute and ~ paths stay as written. */
export function rebase(text: string, from: string, to: string): string {
  if (path.isAbsolute(text) || text === "~" || text.startsWith("~/")) return text;
  const relative = path.relative(to, path.resolve(from, text)) || ".";
  return relative.split(path.sep).join("/");
}

/** A path from the new file's folder to `target`, as the config writes it. */
export function relativeFrom(outDir: string, target: string): string {
  return (path.relative(outDir, target) || ".").split(path.sep).join("/");
}

/** True when the file exists and its bytes hash to `sha256` (the batch's workflow fingerprint). */
export async function sameFile(file: string, sha256: string | undefined): Promise<boolean> {
  const bytes = await readFile(file).catch(() => undefined);
  return bytes !== undefined && (sha256 === undefined || sha256Hex(bytes) === sha256);
}
