/**
 * Same-machine mode: when ComfyUI's output folder is on this machine, outputs are
 * hard-linked (or copied across filesystems) instead of downloaded, and optionally
 * removed from ComfyUI once our copy is verified, so a video is not stored twice.
 */
import { copyFile, link, mkdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { localPathFor } from "../comfy/download.js";
import type { OutputItem } from "../comfy/outputs.js";
import { resolveInside, sanitizeRelative } from "../fs/safe-path.js";

export interface LinkOptions {
  readonly comfyOutputDir: string;
  readonly deleteFromComfyui: boolean;
  readonly localSubfolder: string;
  readonly claimed: Set<string>;
}

export async function linkOutput(item: OutputItem, runDir: string, options: LinkOptions): Promise<{ path: string; bytes: number }> {
  if (item.type !== "output") throw new Error(`${item.filename} is a ${item.type} file, not in the output folder`);
  const source = resolveInside(options.comfyOutputDir, sanitizeRelative(item.subfolder, item.filename));
  const sourceInfo = await stat(source);
  const target = await localPathFor(runDir, item, { claimed: options.claimed, localSubfolder: options.localSubfolder });
  await mkdir(path.dirname(target), { recursive: true });
  try {
    await link(source, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EXDEV" && code !== "EPERM" && code !== "ENOTSUP") throw error;
    await copyFile(source, target);
  }
  const copied = await stat(target);
  if (copied.size !== sourceInfo.size) {
    await rm(target, { force: true });
    throw new Error(`copy of ${item.filename} is ${copied.size} bytes, expected ${sourceInfo.size}`);
  }
  if (options.deleteFromComfyui) await rm(source, { force: true });
  return { path: target, bytes: copied.size };
}
