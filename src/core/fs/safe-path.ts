/**
 * Local paths for names that come from a server. A filename or subfolder must never
 * write outside the target directory: `..`, absolute paths, NUL, backslashes and
 * control characters are neutralised segment by segment.
 */
import path from "node:path";

/** One safe path segment: never empty, never "." or "..", no separators or control chars. */
export function sanitizeSegment(segment: string): string {
  let clean = segment
    .replace(/[\u0000-\u001f\u007f]/g, "_")
    .replace(/[\\/]/g, "_")
    .replace(/[<>:"|?*]/g, "_")
    .trim();
  if (/^\.+$/.test(clean)) clean = clean.replace(/\./g, "_");
  clean = clean.replace(/^\.+/, (m) => "_".repeat(m.length));
  if (clean === "") clean = "_";
  if (Buffer.byteLength(clean) > 200) {
    const ext = path.extname(clean).slice(0, 16);
    clean = `${clean.slice(0, 180)}${ext}`;
  }
  return clean;
}

/** A relative path (subfolder/filename) split on / and \ and sanitised per segment. */
export function sanitizeRelative(subfolder: string, filename: string): string {
  const parts = [...subfolder.split(/[\\/]+/), ...filename.split(/[\\/]+/)]
    .filter((p) => p !== "" && p !== ".")
    .map(sanitizeSegment);
  if (parts.length === 0) return "_";
  return parts.join(path.sep);
}

/** Resolves `relative` under `root`, and proves the result is still inside root. */
export function resolveInside(root: string, relative: string): string {
  const base = path.resolve(root);
  const target = path.resolve(base, relative);
  const rel = path.relative(base, target);
  if (rel === "" || rel.startsWith("..") || path.isAbsolute(rel)) {
    throw new Error(`refusing to write outside ${base}: ${relative}`);
  }
  return target;
}
