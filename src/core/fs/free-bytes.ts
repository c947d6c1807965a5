import { statfs } from "node:fs/promises";
import path from "node:path";

/** Free bytes on the filesystem that holds `dir` (or its nearest existing parent). */
export async function freeBytes(dir: string): Promise<number | undefined> {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    try {
      const info = await statfs(current);
      return info.bavail * info.bsize;
    } catch {
      if (path.dirname(current) === current) return undefined;
    }
  }
}
