/** Writes that are either complete or absent: temp file in the same folder, fsync, rename. */
import { randomBytes } from "node:crypto";
import { link, open, rename, rm } from "node:fs/promises";
import path from "node:path";
import { MAX_SEGMENT_BYTES, truncateUtf8 } from "./safe-path.js";

/** `.<name>.<random>.part` beside the target; a long name is shortened so the temp name still fits. */
export function tempNameFor(target: string): string {
  const suffix = `.${randomBytes(4).toString("hex")}.part`;
  const name = truncateUtf8(path.basename(target), MAX_SEGMENT_BYTES - 1 - suffix.length);
  return path.join(path.dirname(target), `.${name}${suffix}`);
}

/**
 * `overwrite: false`: the file appears only if nothing is at `target` yet (a hard link, which
 * never replaces); otherwise the write fails with EEXIST and nothing is changed.
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array, options: { overwrite?: boolean } = {}): Promise<void> {
  const temp = tempNameFor(target);
  const handle = await open(temp, "w");
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    if (options.overwrite === false) await link(temp, target);
    else await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  if (options.overwrite === false) await rm(temp, { force: true });
}

/** True for a write failure caused by a full disk or quota. */
export function isDiskFull(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === "ENOSPC" || code === "EDQUOT";
}
