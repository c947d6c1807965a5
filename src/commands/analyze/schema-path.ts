/** Where this package's JSON Schema of the config lives, for the `$schema` line of a config. */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The package root: the first folder above this module (src/… or dist/…) holding package.json. */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string | undefined {
  let dir = path.dirname(from);
  for (;;) {
    if (existsSync(path.join(dir, "package.json"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function configSchemaFile(): string | undefined {
  const root = packageRoot();
  return root === undefined ? undefined : path.join(root, "schema", "config.schema.json");
}

/** `target` as seen from `fromDir`, with forward slashes (YAML and editors expect them). */
export function relativePosix(fromDir: string, target: string): string {
  const relative = path.relative(fromDir, target);
  if (path.isAbsolute(relative)) return relative.split(path.sep).join("/");
  return relative.split(path.sep).join("/") || ".";
}
