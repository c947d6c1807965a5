/**
 * Local paths for names that come from a server. A filename or subfolder must never
 * write outside the target directory: `..`, absolute paths, NUL, backslashes and
 * control characters are neutralised segment by segment. Lengths are counted in UTF-8
 * bytes, as file systems count them (255 bytes per name on ext4, xfs, btrfs, APFS).
 */
import path from "node:path";

/** The longest name one path segment may have, in bytes. */
export const MAX_SEGMENT_BYTES = 255;
/** Longer than this, a server's "extension" is not one (".png" yes, ".a-long-tail-of-text" no). */
const MAX_EXTENSION_BYTES = 16;
/** Past this many folders or bytes a server's subfolder is flattened into one folder name. */
const MAX_SUBFOLDER_DEPTH = 16;
const MAX_RELATIVE_BYTES = 2048;

/** `text` cut to at most `maxBytes` UTF-8 bytes, never inside a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let out = "";
  let used = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char);
    if (used + size > maxBytes) break;
    out += char;
    used += size;
  }
  return out;
}

/** A name cut to `maxBytes`, keeping its one extension whole: the stem gives way first. */
export function fitName(name: string, maxBytes = MAX_SEGMENT_BYTES): string {
  if (Buffer.byteLength(name) <= maxBytes) return name;
  const ext = path.extname(name);
  const keepExt = ext.length > 1 && Buffer.byteLength(ext) <= MAX_EXTENSION_BYTES && ext.length < name.length;
  const extension = keepExt ? ext : "";
  const stem = name.slice(0, name.length - extension.length);
  return `${truncateUtf8(stem, maxBytes - Buffer.byteLength(extension))}${extension}`;
}

/** One safe path segment: never empty, never "." or "..", no separators or control chars, ≤ 255 bytes. */
export function sanitizeSegment(segment: string): string {
  let clean = segment
    .replace(/[\u0000-\u001f\u007f]/g, "_")
    .replace(/[\\/]/g, "_")
    .replace(/[<>:"|?*]/g, "_")
    .trim();
  if (/^\.+$/.test(clean)) clean = clean.replace(/\./g, "_");
  clean = clean.replace(/^\.+/, (m) => "_".repeat(m.length));
  if (clean === "") clean = "_";
  return fitName(clean);
}

/**
 * A relative path (subfolder/filename) split on / and \ and sanitised per segment. A subfolder
 * too deep or too long for the local file system (PATH_MAX) becomes one folder name.
 */
export function sanitizeRelative(subfolder: string, filename: string): string {
  const parts = [...subfolder.split(/[\\/]+/), ...filename.split(/[\\/]+/)].filter((p) => p !== "" && p !== ".").map(sanitizeSegment);
  if (parts.length === 0) return "_";
  const name = parts.pop() ?? "_";
  const tooLong = Buffer.byteLength(parts.join("/")) > MAX_RELATIVE_BYTES;
  const folders = parts.length > MAX_SUBFOLDER_DEPTH || tooLong ? [sanitizeSegment(parts.join("_"))] : parts;
  return [...folders, name].join(path.sep);
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
