/**
 * Serving files of the batch folder, and only those: the URL path is decoded, every segment is
 * checked (no "..", no hidden files, no NUL), and the real path (after symlinks) must still be
 * inside the folder's real path. Byte ranges are supported so videos can seek.
 */
import { createReadStream } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".yaml": "text/plain; charset=utf-8",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".png": "image/png",
  ".webp": "image/webp",
  ".gif": "image/gif",
  ".avif": "image/avif",
  ".mp4": "video/mp4",
  ".m4v": "video/mp4",
  ".webm": "video/webm",
  ".mov": "video/quicktime",
  ".mkv": "video/x-matroska",
  ".wav": "audio/wav",
  ".mp3": "audio/mpeg",
  ".flac": "audio/flac",
};

/** The file under root that this URL path names, or undefined when it is not allowed or absent. */
export async function resolveServedFile(root: string, urlPath: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  const segments = decoded.split(/[\\/]+/).filter((s) => s !== "");
  if (segments.length === 0) return undefined;
  if (segments.some((s) => s === ".." || s.startsWith(".") || s.includes("\0"))) return undefined;
  const realRoot = await realpath(root);
  const candidate = path.join(realRoot, ...segments);
  const real = await realpath(candidate).catch(() => undefined);
  if (real === undefined) return undefined;
  const rel = path.relative(realRoot, real);
  if (rel === "" || rel.startsWith("..") || path.isAbsolute(rel)) return undefined;
  const info = await stat(real).catch(() => undefined);
  return info?.isFile() ? real : undefined;
}

export async function sendFile(req: IncomingMessage, res: ServerResponse, file: string): Promise<void> {
  const info = await stat(file);
  const type = TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream";
  const headers: Record<string, string | number> = {
    "Content-Type": type,
    "Accept-Ranges": "bytes",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-cache",
    "Last-Modified": info.mtime.toUTCString(),
  };
  const range = parseRange(req.headers.range, info.size);
  if (range === "invalid") {
    res.writeHead(416, { "Content-Range": `bytes */${info.size}` }).end();
    return;
  }
  const [start, end] = range ?? [0, info.size - 1];
  headers["Content-Length"] = Math.max(0, end - start + 1);
  if (range) headers["Content-Range"] = `bytes ${start}-${end}/${info.size}`;
  res.writeHead(range ? 206 : 200, headers);
  if (req.method === "HEAD" || info.size === 0) {
    res.end();
    return;
  }
  await new Promise<void>((resolve) => {
    const stream = createReadStream(file, { start, end });
    stream.on("error", () => {
      res.destroy();
      resolve();
    });
    res.on("close", () => {
      stream.destroy();
      resolve();
    });
    stream.pipe(res);
  });
}

/** One `bytes=a-b` range (browsers ask for one), undefined for none, "invalid" when unsatisfiable. */
export function parseRange(header: string | undefined, size: number): [number, number] | undefined | "invalid" {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return undefined;
  const [, a = "", b = ""] = match;
  if (a === "" && b === "") return undefined;
  let start: number;
  let end: number;
  if (a === "") {
    start = Math.max(0, size - Number(b));
    end = size - 1;
  } else {
    start = Number(a);
    end = b === "" ? size - 1 : Math.min(Number(b), size - 1);
  }
  if (start > end || start >= size) return "invalid";
  return [start, end];
}
