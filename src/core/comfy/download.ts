/**
 * Downloads one output file from /view. Streams to a temp name beside the target,
 * checks the byte count against Content-Length, then renames: a file with its final
 * name is always complete. Memory stays bounded whatever the size.
 */
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { get as httpGet, type IncomingMessage } from "node:http";
import { get as httpsGet } from "node:https";
import { ServerError } from "../errors.js";
import { isDiskFull, tempNameFor } from "../fs/atomic.js";
import { resolveInside, sanitizeRelative } from "../fs/safe-path.js";
import { sleep } from "../time.js";
import { errorCode, type Http } from "./http.js";
import type { OutputItem } from "./outputs.js";

const WRITE_BUFFER_BYTES = 1024 * 1024;

export interface DownloadOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (received: number, total: number | undefined) => void;
  /** Attempts for connection errors and short bodies (default 4). */
  readonly attempts?: number;
  /** Keep the server's subfolder structure under destDir (default true). */
  readonly keepSubfolders?: boolean;
  /** Subfolder to use locally instead of the server's (e.g. with a batch namespace removed). */
  readonly localSubfolder?: string;
  /** Names already claimed by this run, so two items never land on one path. */
  readonly claimed?: Set<string>;
}

export interface DownloadedFile {
  /** Absolute local path. */
  readonly path: string;
  readonly bytes: number;
  readonly item: OutputItem;
}

/**
 * GET with node:http rather than undici: for files of hundreds of MB it peaks at less memory
 * and less CPU (bench/download.ts), and downloads need none of undici's pooling.
 */
function streamGet(http: Http, route: string, signal?: AbortSignal): Promise<IncomingMessage> {
  const url = new URL(http.url(route));
  const get = url.protocol === "https:" ? httpsGet : httpGet;
  return new Promise((resolve, reject) => {
    const request = get(url, { headers: { ...http.target.headers }, ...(signal ? { signal } : {}), timeout: 120_000 }, resolve);
    request.on("timeout", () => request.destroy(Object.assign(new Error("no data for 120 s"), { code: "ETIMEDOUT" })));
    request.on("error", reject);
  });
}

export function viewPath(item: Pick<OutputItem, "filename" | "subfolder" | "type">): string {
  const query = new URLSearchParams({ filename: item.filename, subfolder: item.subfolder, type: item.type });
  return `/view?${query.toString()}`;
}

/** Picks a local path inside destDir that no other item of this run uses and no file occupies. */
export async function localPathFor(destDir: string, item: Pick<OutputItem, "filename" | "subfolder">, options: Pick<DownloadOptions, "keepSubfolders" | "localSubfolder" | "claimed">): Promise<string> {
  const subfolder = options.keepSubfolders === false ? "" : (options.localSubfolder ?? item.subfolder);
  const relative = sanitizeRelative(subfolder, item.filename);
  const claimed = options.claimed ?? new Set<string>();
  const ext = path.extname(relative);
  const stem = relative.slice(0, relative.length - ext.length);
  for (let n = 1; n < 10_000; n++) {
    const candidate = resolveInside(destDir, n === 1 ? relative : `${stem} (${n})${ext}`);
    if (claimed.has(candidate)) continue;
    const exists = await stat(candidate).then(() => true, () => false);
    if (exists) continue;
    claimed.add(candidate);
    return candidate;
  }
  throw new ServerError(`Too many files named ${relative} in ${destDir}.`);
}

export async function downloadOutput(http: Http, item: OutputItem, destDir: string, options: DownloadOptions = {}): Promise<DownloadedFile> {
  const target = await localPathFor(destDir, item, options);
  await mkdir(path.dirname(target), { recursive: true });
  const attempts = options.attempts ?? 4;
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    options.signal?.throwIfAborted();
    try {
      const bytes = await downloadOnce(http, item, target, options);
      return { path: target, bytes, item };
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason ?? error;
      if (isDiskFull(error) || (error instanceof ServerError && error.status !== undefined && error.status < 500)) throw error;
      lastError = error;
      if (attempt < attempts) await sleep(500 * attempt, options.signal);
    }
  }
  const why = lastError instanceof Error ? lastError.message : String(lastError);
  throw new ServerError(`Download of ${item.filename} failed after ${attempts} attempts: ${why}`, { cause: lastError, url: http.url(viewPath(item)) });
}

async function downloadOnce(http: Http, item: OutputItem, target: string, options: DownloadOptions): Promise<number> {
  const route = viewPath(item);
  const response = await streamGet(http, route, options.signal);
  if (response.statusCode !== 200) {
    response.resume();
    const hint = response.statusCode === 404 ? "The file is gone from the server (a cached run can point at a deleted file)." : undefined;
    throw new ServerError(`GET ${http.url(route)} answered HTTP ${response.statusCode ?? "?"}`, { ...(response.statusCode ? { status: response.statusCode } : {}), url: http.url(route), ...(hint ? { hint } : {}) });
  }
  const body = response;
  const lengthHeader = response.headers["content-length"];
  const expected = typeof lengthHeader === "string" && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : undefined;
  const temp = tempNameFor(target);
  let received = 0;
  let lastReport = 0;
  // Counted with a 'data' listener rather than a Transform: one stream hop less per 64 KiB
  // chunk. pipeline() still drives flow and backpressure (pause() stops this listener too).
  body.on("data", (chunk: Buffer) => {
    received += chunk.length;
    const now = Date.now();
    if (options.onProgress && now - lastReport > 200) {
      lastReport = now;
      options.onProgress(received, expected);
    }
  });
  try {
    // A 1 MiB buffer lets chunks that arrive during a disk write go out together in one
    // writev instead of one write each (bench/download.ts: ~1.5x faster, memory +1 MiB).
    await pipeline(body, createWriteStream(temp, { flags: "wx", highWaterMark: WRITE_BUFFER_BYTES }), options.signal ? { signal: options.signal } : {});
    if (expected !== undefined && received !== expected) {
      throw Object.assign(new Error(`short body: got ${received} of ${expected} bytes`), { code: "ESHORTBODY" });
    }
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    if (errorCode(error) === "ECONNRESET" || (error as Error).message === "aborted") {
      throw Object.assign(new Error(`connection closed after ${received} of ${expected ?? "?"} bytes`), { code: "ESHORTBODY", cause: error });
    }
    throw error;
  }
  options.onProgress?.(received, expected);
  return received;
}
