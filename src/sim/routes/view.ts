/**
 * GET /view (§6), with the download faults: throttling and truncation after a full
 * Content-Length, so clients must notice short bodies.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { sendEmpty, type Ctx } from "../http-util.js";
import { viewVariant } from "./view-transform.js";

const MIME: Record<string, string> = {
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".gif": "image/gif",
  ".mp4": "video/mp4",
  ".webm": "video/webm",
  ".flac": "audio/flac",
  ".mp3": "audio/mpeg",
  ".opus": "audio/ogg",
  ".wav": "audio/x-wav",
  ".json": "application/json",
  ".txt": "text/plain",
  ".svg": "image/svg+xml",
};

/** Resolves the query like server.py's view_image; a number is an error status. */
function resolve(ctx: Ctx): string | number {
  const q = ctx.url.searchParams;
  const raw = q.get("filename");
  if (raw === null) return 404;
  const hostile = ctx.state.hostile.get(ctx.state.hostileKey(q.get("type") ?? "output", q.get("subfolder") ?? "", raw));
  if (hostile) return hostile;
  let filename = raw;
  let dir: string | undefined;
  const m = /^(.*) \[(output|input|temp)\]$/.exec(raw);
  if (m?.[1] !== undefined && m[2] !== undefined) {
    filename = m[1];
    dir = ctx.state.dirFor(m[2]);
  }
  if (!filename) return 400;
  if (filename.startsWith("/") || filename.includes("..")) return 400;
  dir ??= ctx.state.dirFor(q.get("type") ?? "output");
  if (!dir) return 400;
  const subfolder = q.get("subfolder");
  if (subfolder !== null) {
    const full = path.resolve(dir, subfolder);
    if (full !== dir && !full.startsWith(dir + path.sep)) return 403;
    dir = full;
  }
  if (filename.includes("\0")) return 404;
  return path.join(dir, path.posix.basename(filename));
}

export async function getView(ctx: Ctx): Promise<void> {
  const file = resolve(ctx);
  if (typeof file === "number") return sendEmpty(ctx.res, file);
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) return sendEmpty(ctx.res, 404);
  const name = path.basename(file);
  const variant = await viewVariant(file, ctx.url.searchParams, ctx.state.config.ffmpeg);
  if (variant) {
    ctx.res.writeHead(200, { "Content-Type": variant.type, "Content-Length": variant.bytes.length, "Content-Disposition": `filename="${name}"` });
    ctx.res.end(variant.bytes);
    return;
  }
  let type = MIME[path.extname(name).toLowerCase()] ?? "application/octet-stream";
  if (/^text\/(html|javascript|css)/.test(type)) type = "application/octet-stream";
  const headers: Record<string, string | number> = {
    "Content-Type": type,
    "Content-Disposition": `filename="${name}"`,
    ETag: `"${info.mtimeMs.toString(16)}-${info.size.toString(16)}"`,
    "Last-Modified": info.mtime.toUTCString(),
    "Accept-Ranges": "bytes",
  };
  let start = 0;
  let end = info.size - 1;
  let status = 200;
  const range = /^bytes=(\d*)-(\d*)$/.exec(String(ctx.req.headers.range ?? ""));
  if (range && (range[1] || range[2])) {
    if (range[1]) {
      start = Number(range[1]);
      if (range[2]) end = Math.min(end, Number(range[2]));
    } else {
      start = Math.max(0, info.size - Number(range[2]));
    }
    if (start > end || start >= info.size) {
      ctx.res.writeHead(416, { "Content-Range": `bytes */${info.size}` });
      ctx.res.end();
      return;
    }
    status = 206;
    headers["Content-Range"] = `bytes ${start}-${end}/${info.size}`;
  }
  headers["Content-Length"] = end - start + 1;
  ctx.res.writeHead(status, headers);
  if (ctx.req.method === "HEAD") return void ctx.res.end();
  await stream(ctx, file, start, end);
}

/** Takes one use of the truncation fault; returns the byte budget or undefined. */
function truncation(ctx: Ctx): number | undefined {
  const faults = ctx.state.faults;
  const t = faults.truncateDownloads;
  if (t === undefined) return undefined;
  if (typeof t === "number") return t;
  if (t.count !== undefined) {
    t.count--;
    if (t.count <= 0) delete faults.truncateDownloads;
  }
  return t.bytes;
}

async function stream(ctx: Ctx, file: string, start: number, end: number): Promise<void> {
  const res = ctx.res;
  const rate = ctx.state.faults.slowDownloadBytesPerSec;
  const budget = truncation(ctx);
  if (!rate && budget === undefined) {
    // The fast path: plain piping, errors (client gone) just end the response.
    await pipeline(createReadStream(file, { start, end, highWaterMark: 1 << 20 }), res).catch(() => res.destroy());
    return;
  }
  let sent = 0;
  const input = createReadStream(file, { start, end, highWaterMark: rate ? Math.max(1024, Math.floor(rate / 20)) : 1 << 16 });
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      let piece = chunk;
      if (budget !== undefined && sent + piece.length >= budget) {
        piece = piece.subarray(0, Math.max(0, budget - sent));
        if (piece.length > 0) await write(res, piece);
        await new Promise((r) => setTimeout(r, 20));
        res.destroy();
        return;
      }
      if (!(await write(res, piece))) return;
      sent += piece.length;
      if (rate) await sleep((piece.length / rate) * 1000);
    }
    res.end();
  } finally {
    input.destroy();
  }
}

/** Writes with backpressure; false when the client went away. */
function write(res: Ctx["res"], chunk: Buffer): Promise<boolean> {
  if (res.destroyed) return Promise.resolve(false);
  if (res.write(chunk)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => () => {
      res.off("drain", onDrain);
      res.off("close", onClose);
      resolve(ok);
    };
    const onDrain = done(true);
    const onClose = done(false);
    res.once("drain", onDrain);
    res.once("close", onClose);
  });
}
