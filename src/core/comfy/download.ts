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
import { ServerError, UserError } from "../errors.js";
import { tempNameFor, writeFileAtomic } from "../fs/atomic.js";
import { fitName, MAX_SEGMENT_BYTES, resolveInside, sanitizeRelative, truncateUtf8 } from "../fs/safe-path.js";
import { sleep } from "../time.js";
import { errorCode, withDeadline, type Http } from "./http.js";
import type { OutputItem } from "./outputs.js";

const WRITE_BUFFER_BYTES = 1024 * 1024;
/** Without --timeout a download has no total limit, only the idle one (setTimeout's maximum). */
const NO_DEADLINE_MS = 2 ** 31 - 1;

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
  /** No byte for this long fails the download (--idle-timeout; default 120 s). */
  readonly idleTimeoutMs?: number;
  /** One attempt may take at most this long (--timeout; default none). */
  readonly timeoutMs?: number;
}

export interface DownloadedFile {
  /** Absolute local path. */
  readonly path: string;
  readonly bytes: number;
  readonly item: OutputItem;
}

/** Writing the file here failed: a local problem (permissions, full disk, read-only), never the server's. */
export class LocalWriteError extends UserError {
  constructor(
    message: string,
    readonly code: string,
    cause: unknown,
  ) {
    super(message, { cause, hint: "Check the output folder: that it exists, is writable and has free space." });
  }
}

const LOCAL_FS_CODES = new Set([
  "ENAMETOOLONG",
  "EACCES",
  "EPERM",
  "ENOSPC",
  "EDQUOT",
  "EROFS",
  "EISDIR",
  "ENOTDIR",
  "EEXIST",
  "EMFILE",
  "ENFILE",
  "ELOOP",
  "EFBIG",
  "EIO",
  "ENOENT",
]);

/** A file-system error from this machine (it names a local path), as opposed to a network one. */
export function isLocalFsError(error: unknown): error is NodeJS.ErrnoException & { code: string } {
  const e = error as NodeJS.ErrnoException | undefined;
  return typeof e?.code === "string" && LOCAL_FS_CODES.has(e.code) && typeof e.syscall === "string" && e.syscall !== "connect";
}

/** Failures a second attempt cannot fix: the server sent more than it announced, stalled, or ran out of time. */
class FatalDownloadError extends ServerError {}

/**
 * GET with node:http rather than undici: for files of hundreds of MB it peaks at less memory
 * and less CPU (bench/download.ts), and downloads need none of undici's pooling.
 */
function streamGet(http: Http, route: string, idleMs: number, onIdle: () => void, signal?: AbortSignal): Promise<IncomingMessage> {
  const url = new URL(http.url(route));
  const get = url.protocol === "https:" ? httpsGet : httpGet;
  return new Promise((resolve, reject) => {
    const request = get(url, { headers: { ...http.target.headers }, ...(signal ? { signal } : {}), timeout: idleMs }, resolve);
    // The socket timeout counts silence on the connection, so it covers the headers and every gap in the body.
    request.on("timeout", () => {
      onIdle();
      request.destroy(new Error(`no data for ${seconds(idleMs)}`));
    });
    request.on("error", reject);
  });
}

export function viewPath(item: Pick<OutputItem, "filename" | "subfolder" | "type">): string {
  const query = new URLSearchParams({ filename: item.filename, subfolder: item.subfolder, type: item.type });
  return `/view?${query.toString()}`;
}

/** Picks a local path inside destDir that no other item of this run uses and no file occupies. */
export async function localPathFor(
  destDir: string,
  item: Pick<OutputItem, "filename" | "subfolder">,
  options: Pick<DownloadOptions, "keepSubfolders" | "localSubfolder" | "claimed">,
): Promise<string> {
  const subfolder = options.keepSubfolders === false ? "" : (options.localSubfolder ?? item.subfolder);
  const relative = sanitizeRelative(subfolder, item.filename);
  const claimed = options.claimed ?? new Set<string>();
  const dir = path.dirname(relative);
  const name = path.basename(relative);
  const ext = path.extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let n = 1; n < 10_000; n++) {
    const numbered = n === 1 ? name : fitName(`${truncateUtf8(stem, MAX_SEGMENT_BYTES - Buffer.byteLength(` (${n})${ext}`))} (${n})${ext}`);
    const candidate = resolveInside(destDir, path.join(dir, numbered));
    if (claimed.has(candidate)) continue;
    const exists = await stat(candidate).then(
      () => true,
      () => false,
    );
    if (exists) continue;
    claimed.add(candidate);
    return candidate;
  }
  throw new ServerError(`Too many files named ${relative} in ${destDir}.`);
}

export async function downloadOutput(http: Http, item: OutputItem, destDir: string, options: DownloadOptions = {}): Promise<DownloadedFile> {
  const target = await localPathFor(destDir, item, options);
  await local(target, () => mkdir(path.dirname(target), { recursive: true }));
  if (item.inline) {
    // Sent over the websocket (SaveImageWebsocket): the bytes are already here.
    await local(target, () => writeFileAtomic(target, item.inline!));
    options.onProgress?.(item.inline.length, item.inline.length);
    return { path: target, bytes: item.inline.length, item };
  }
  const attempts = options.attempts ?? 4;
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    options.signal?.throwIfAborted();
    try {
      const bytes = await downloadOnce(http, item, target, options);
      return { path: target, bytes, item };
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason ?? error;
      if (isLocalFsError(error)) throw localError(target, error);
      if (error instanceof FatalDownloadError || (error instanceof ServerError && error.status !== undefined && error.status < 500)) throw error;
      lastError = error;
      if (attempt < attempts) await sleep(500 * attempt, options.signal);
    }
  }
  const why = lastError instanceof Error ? lastError.message : String(lastError);
  throw new ServerError(`Download of ${item.filename} failed after ${attempts} attempts: ${why}`, { cause: lastError, url: http.url(viewPath(item)) });
}

/** Runs a local file-system step; its errors become LocalWriteError (never a server problem). */
async function local<T>(target: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw isLocalFsError(error) ? localError(target, error) : error;
  }
}

function localError(target: string, error: NodeJS.ErrnoException & { code: string }): LocalWriteError {
  const where = error.message.includes(target) ? "" : ` (writing ${target})`;
  return new LocalWriteError(`${error.message}${where}`, error.code, error);
}

async function downloadOnce(http: Http, item: OutputItem, target: string, options: DownloadOptions): Promise<number> {
  const route = viewPath(item);
  const idleMs = options.idleTimeoutMs ?? 120_000;
  // One deadline for the whole attempt (headers and body), on top of the caller's signal.
  const deadline = withDeadline(options.timeoutMs ?? NO_DEADLINE_MS, options.signal);
  const signal = deadline.signal;
  const overDeadline = (): FatalDownloadError =>
    new FatalDownloadError(`Download of ${item.filename} did not finish within ${seconds(options.timeoutMs ?? 0)} (--timeout).`, { url: http.url(route) });
  const temp = tempNameFor(target);
  let received = 0;
  let expected: number | undefined;
  let idle = false;
  try {
    const response = await streamGet(http, route, idleMs, () => (idle = true), signal);
    if (response.statusCode !== 200) {
      response.destroy();
      const hint = response.statusCode === 404 ? "The file is gone from the server (a cached run can point at a deleted file)." : undefined;
      throw new ServerError(`GET ${http.url(route)} answered HTTP ${response.statusCode ?? "?"}`, {
        ...(response.statusCode ? { status: response.statusCode } : {}),
        url: http.url(route),
        ...(hint ? { hint } : {}),
      });
    }
    const lengthHeader = response.headers["content-length"];
    expected = typeof lengthHeader === "string" && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : undefined;
    let lastReport = 0;
    // Counted with a 'data' listener rather than a Transform: one stream hop less per 64 KiB
    // chunk. pipeline() still drives flow and backpressure (pause() stops this listener too).
    response.on("data", (chunk: Buffer) => {
      received += chunk.length;
      if (expected !== undefined && received > expected) {
        response.destroy(new FatalDownloadError(`GET ${http.url(route)} sent more than the ${expected} bytes it announced.`, { url: http.url(route) }));
        return;
      }
      const now = Date.now();
      if (options.onProgress && now - lastReport > 200) {
        lastReport = now;
        options.onProgress(received, expected);
      }
    });
    // A 1 MiB buffer lets chunks that arrive during a disk write go out together in one
    // writev instead of one write each (bench/download.ts: ~1.5x faster, memory +1 MiB).
    await pipeline(response, createWriteStream(temp, { flags: "wx", highWaterMark: WRITE_BUFFER_BYTES }), { signal });
    if (expected !== undefined && received !== expected) {
      throw Object.assign(new Error(`short body: got ${received} of ${expected} bytes`), { code: "ESHORTBODY" });
    }
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    if (deadline.expired && !options.signal?.aborted) throw overDeadline();
    if (idle) {
      throw new FatalDownloadError(`Download of ${item.filename} stalled: no data for ${seconds(idleMs)} (--idle-timeout), after ${received} bytes.`, {
        url: http.url(route),
        cause: error,
      });
    }
    if (errorCode(error) === "ECONNRESET" || (error as Error).message === "aborted") {
      throw Object.assign(new Error(`connection closed after ${received} of ${expected ?? "?"} bytes`), { code: "ESHORTBODY", cause: error });
    }
    throw error;
  } finally {
    deadline.release();
  }
  options.onProgress?.(received, expected);
  return received;
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
