/**
 * Checking an output folder before any GPU time is spent on it: a file in its place, a
 * parent that is a file, or a folder without write permission is found here, not after
 * the prompt has run on the server.
 */
import { constants } from "node:fs";
import { access, mkdir, stat } from "node:fs/promises";
import path from "node:path";
import { UserError } from "../errors.js";

export interface FolderCheck {
  /** How the folder is named in messages, e.g. "--out" or "output.base_dir (sweep.yaml:12:3)". */
  readonly what: string;
  /** Create it (and its parents) now; otherwise only check that it could be created. */
  readonly create: boolean;
}

export async function ensureWritableFolder(dir: string, check: FolderCheck): Promise<void> {
  const absolute = path.resolve(dir);
  const existing = await nearestExisting(absolute, check.what);
  if (existing.path === absolute && !existing.isDirectory) {
    throw new UserError(`${check.what}: ${dir} is a file, not a folder.`, { hint: "Choose a folder (it is created when missing)." });
  }
  if (!existing.isDirectory) {
    throw new UserError(`${check.what}: ${dir} cannot be created: ${existing.path} is a file, not a folder.`);
  }
  try {
    await access(existing.path, constants.W_OK | constants.X_OK);
  } catch (error) {
    throw new UserError(
      `${check.what}: ${existing.path === absolute ? dir : `${dir} cannot be created: ${existing.path}`} is not writable (${codeOf(error)}).`,
      {
        hint: "Choose a folder you can write to, or fix its permissions.",
      },
    );
  }
  if (!check.create || existing.path === absolute) return;
  try {
    await mkdir(absolute, { recursive: true });
  } catch (error) {
    throw new UserError(`${check.what}: cannot create ${dir} (${codeOf(error)}).`);
  }
}

/** The folder itself or its closest ancestor that exists. */
async function nearestExisting(absolute: string, what: string): Promise<{ path: string; isDirectory: boolean }> {
  let current = absolute;
  for (;;) {
    try {
      const info = await stat(current);
      return { path: current, isDirectory: info.isDirectory() };
    } catch (error) {
      const code = codeOf(error);
      const parent = path.dirname(current);
      // ENOTDIR: something above is a file; keep climbing to name it.
      if ((code !== "ENOENT" && code !== "ENOTDIR") || parent === current) {
        throw new UserError(`${what}: cannot use ${absolute} (${code}).`);
      }
      current = parent;
    }
  }
}

function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}
