/**
 * Uploads input images through /upload/image, which works for remote servers too.
 * Files are named by content hash, so the same bytes map to the same server file, and
 * each server gets each content once per process (the cache can be cleared after a restart).
 */
import { createHash } from "node:crypto";
import { createReadStream, openAsBlob } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { FormData } from "undici";
import { ServerError, UserError } from "../errors.js";
import { parseJson } from "../json/lossless.js";
import type { Http } from "./http.js";
import { uploadReplySchema } from "./schemas.js";

export interface UploadedImage {
  /** The value to put in LoadImage's `image` input. */
  readonly value: string;
  readonly sha256: string;
  readonly bytes: number;
}

/** An upload sends a whole file (a video input can be hundreds of MB over a tunnel). */
const UPLOAD_TIMEOUT_MS = 15 * 60_000;

/** Where uploads go in ComfyUI's input folder. */
export const UPLOAD_SUBFOLDER = "comfy-runner";

/** The content-hash file name an input is stored under (same bytes, same name, on every server). */
export function contentName(file: string, sha256: string): string {
  return `${sha256.slice(0, 16)}${path.extname(file).toLowerCase() || ".png"}`;
}

export class Uploader {
  private readonly done = new Map<string, Promise<UploadedImage>>();

  constructor(
    private readonly http: Http,
    private readonly subfolder = UPLOAD_SUBFOLDER,
  ) {}

  /** Forget what was uploaded (after a server restart that may have lost its inputs). */
  reset(): void {
    this.done.clear();
  }

  /** `knownSha256`: the caller already hashed the file (cr-shots does, once per image). */
  async uploadFile(file: string, signal?: AbortSignal, knownSha256?: string): Promise<UploadedImage> {
    const sha256 = knownSha256 ?? (await hashFile(file));
    const cached = this.done.get(sha256);
    if (cached) return cached;
    const pending = this.send(file, sha256, signal);
    this.done.set(sha256, pending);
    pending.catch(() => this.done.delete(sha256));
    return pending;
  }

  private async send(file: string, sha256: string, signal?: AbortSignal): Promise<UploadedImage> {
    const name = contentName(file, sha256);
    const size = (await stat(file)).size;
    const form = new FormData();
    form.set("image", await openAsBlob(file), name);
    form.set("subfolder", this.subfolder);
    form.set("type", "input");
    // Same name + same bytes is a no-op on the server; overwrite keeps the content-hash name stable.
    form.set("overwrite", "true");
    const response = await this.http.send("POST", "/upload/image", { form, retry: false, timeoutMs: UPLOAD_TIMEOUT_MS, ...(signal ? { signal } : {}) });
    const text = await response.body.text();
    if (response.status === 413) {
      throw new UserError(`${file} (${size} bytes) is larger than the server's upload limit.`, {
        hint: "Start ComfyUI with a larger --max-upload-size, or shrink the image.",
      });
    }
    if (response.status !== 200) throw this.http.statusError("POST", "/upload/image", response.status, text);
    const parsed = uploadReplySchema.safeParse(safeParse(text));
    if (!parsed.success) throw new ServerError(`Unexpected /upload/image reply: ${text.slice(0, 200)}`);
    const reply = parsed.data;
    const base = reply.subfolder ? `${reply.subfolder}/${reply.name}` : reply.name;
    const value = reply.type && reply.type !== "input" ? `${base} [${reply.type}]` : base;
    return { value, sha256, bytes: size };
  }
}

/** Streamed, so a large input (a video for a video-to-video workflow) is never held in memory. */
export async function hashFile(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

function safeParse(text: string): unknown {
  try {
    return parseJson(text);
  } catch {
    return undefined;
  }
}
