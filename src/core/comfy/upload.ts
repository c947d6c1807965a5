/**
 * Uploads input images through /upload/image, which works for remote servers too.
 * Files are named by content hash, so the same bytes map to the same server file, and
 * each server gets each content once per process (the cache can be cleared after a restart).
 */
import { createHash } from "node:crypto";
import { openAsBlob } from "node:fs";
import { readFile, stat } from "node:fs/promises";
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

export class Uploader {
  private readonly done = new Map<string, Promise<UploadedImage>>();

  constructor(
    private readonly http: Http,
    private readonly subfolder = "comfy-runner",
  ) {}

  /** Forget what was uploaded (after a server restart that may have lost its inputs). */
  reset(): void {
    this.done.clear();
  }

  async uploadFile(file: string, signal?: AbortSignal): Promise<UploadedImage> {
    const sha256 = await hashFile(file);
    const cached = this.done.get(sha256);
    if (cached) return cached;
    const pending = this.send(file, sha256, signal);
    this.done.set(sha256, pending);
    pending.catch(() => this.done.delete(sha256));
    return pending;
  }

  private async send(file: string, sha256: string, signal?: AbortSignal): Promise<UploadedImage> {
    const ext = path.extname(file).toLowerCase() || ".png";
    const name = `${sha256.slice(0, 16)}${ext}`;
    const size = (await stat(file)).size;
    const form = new FormData();
    form.set("image", await openAsBlob(file), name);
    form.set("subfolder", this.subfolder);
    form.set("type", "input");
    // Same name + same bytes is a no-op on the server; overwrite keeps the content-hash name stable.
    form.set("overwrite", "true");
    const response = await this.http.send("POST", "/upload/image", { form, retry: false, ...(signal ? { signal } : {}) });
    const text = await response.body.text();
    if (response.status === 413) {
      throw new UserError(`${file} (${size} bytes) is larger than the server's upload limit.`, { hint: "Start ComfyUI with a larger --max-upload-size, or shrink the image." });
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

export async function hashFile(file: string): Promise<string> {
  return createHash("sha256").update(await readFile(file)).digest("hex");
}

function safeParse(text: string): unknown {
  try {
    return parseJson(text);
  } catch {
    return undefined;
  }
}
