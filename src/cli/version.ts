import { readFileSync } from "node:fs";

/** The version from package.json, read once; dist/cli/version.js sits two levels below it. */
export function readPackageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version?: string };
    return pkg.version ?? "0.0.0";
  } catch {
    return "0.0.0";
  }
}
