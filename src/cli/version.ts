import { readFileSync } from "node:fs";

/**
 * The version from the nearest package.json above this module: dist/cli/version.js, or a
 * bundled chunk in dist/bin/chunks/, sits at a different depth below it.
 */
export function readPackageVersion(): string {
  for (let up = "../"; up.length <= 12; up += "../") {
    try {
      const pkg = JSON.parse(readFileSync(new URL(`${up}package.json`, import.meta.url), "utf8")) as { name?: string; version?: string };
      if (pkg.name === "comfy-runner") return pkg.version ?? "0.0.0";
    } catch {
      // not at this level: look one further up
    }
  }
  return "0.0.0";
}
