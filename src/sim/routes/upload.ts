/** POST /upload/image (§7): renaming by content hash, overwrite, subfolders, types. */
import { createHash } from "node:crypto";
import { createReadStream, existsSync, mkdirSync } from "node:fs";
import { copyFile, mkdtemp, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { HttpError, sendEmpty, sendJson, TROUBLE, type Ctx } from "../http-util.js";
import { readMultipart } from "../multipart.js";

const DEFAULT_LIMIT = 100 * 1024 * 1024;

async function sha256(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest("hex");
}

export async function postUploadImage(ctx: Ctx): Promise<void> {
  const declared = Number(ctx.req.headers["content-length"] ?? 0);
  const limit = ctx.state.faults.uploadLimitBytes ?? DEFAULT_LIMIT;
  if (declared > limit) throw new HttpError(413);
  const work = await mkdtemp(path.join(tmpdir(), "cr-sim-upload-"));
  try {
    const form = await readMultipart(ctx.req, limit, work);
    const image = form.files["image"];
    ctx.logEntry.body = { fields: form.fields, ...(image ? { file: { filename: image.filename, size: image.size } } : {}) };
    // A text field named image (aiohttp: no .file attribute) crashes the real handler.
    if (!image) return "image" in form.fields ? sendEmpty(ctx.res, 500) : sendEmpty(ctx.res, 400);
    const type = form.fields["type"] ?? "input";
    const dir = ctx.state.dirFor(type);
    if (!dir) throw new HttpError(500, TROUBLE);
    const subfolder = form.fields["subfolder"] ?? "";
    const folder = path.resolve(dir, path.posix.normalize(subfolder || "."));
    let filename = image.filename;
    if (filename.includes("\0")) throw new HttpError(500, TROUBLE);
    let filepath = path.resolve(folder, filename);
    if (!filepath.startsWith(dir + path.sep)) return sendEmpty(ctx.res, 400);
    mkdirSync(folder, { recursive: true });
    const overwrite = form.fields["overwrite"] === "true" || form.fields["overwrite"] === "1";
    let duplicate = false;
    if (!overwrite) {
      const ext = path.extname(filename);
      const stem = filename.slice(0, filename.length - ext.length);
      const uploaded = await sha256(image.path);
      for (let i = 1; existsSync(filepath); i++) {
        if ((await sha256(filepath)) === uploaded) {
          duplicate = true;
          break;
        }
        filename = `${stem} (${i})${ext}`;
        filepath = path.join(folder, filename);
      }
    }
    if (!duplicate) await rename(image.path, filepath).catch(() => copyFile(image.path, filepath));
    sendJson(ctx.res, { name: filename, subfolder, type });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
