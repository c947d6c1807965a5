import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

export function repoFile(relative: string): string {
  return path.join(repoRoot, relative);
}

export function readRepoJson(relative: string): Record<string, unknown> {
  return JSON.parse(readFileSync(repoFile(relative), "utf8")) as Record<string, unknown>;
}
