/**
 * Output naming (folder_paths.get_save_image_path) and writing. Files can be padded to a target
 * size for download benchmarks; the padding is a sparse hole, so gigabytes cost no memory.
 */
import { mkdirSync, readdirSync } from "node:fs";
import { open } from "node:fs/promises";
import path from "node:path";
import { crc32 } from "node:zlib";
import { PNG_SIGNATURE } from "./png.js";

export class NodeExecutionError extends Error {
  constructor(
    message: string,
    readonly pyType = "Exception",
    readonly traceback: string[] = [],
  ) {
    super(message);
  }
}

export interface SavePath {
  folder: string;
  filename: string;
  counter: number;
  subfolder: string;
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

/** The %width%/%height%/%year%… substitutions of compute_vars(). */
function computeVars(prefix: string, width: number, height: number): string {
  const now = new Date();
  return prefix
    .replaceAll("%width%", String(width))
    .replaceAll("%height%", String(height))
    .replaceAll("%year%", String(now.getFullYear()))
    .replaceAll("%month%", pad2(now.getMonth() + 1))
    .replaceAll("%day%", pad2(now.getDate()))
    .replaceAll("%hour%", pad2(now.getHours()))
    .replaceAll("%minute%", pad2(now.getMinutes()))
    .replaceAll("%second%", pad2(now.getSeconds()));
}

export function getSavePath(prefixIn: string, outputDir: string, width = 0, height = 0): SavePath {
  const prefix = path.posix.normalize(computeVars(prefixIn, width, height));
  let subfolder = path.posix.dirname(prefix);
  if (subfolder === ".") subfolder = "";
  const filename = path.posix.basename(prefix);
  const folder = path.resolve(outputDir, subfolder);
  const common = commonPath(outputDir, folder);
  if (common !== outputDir) {
    throw new NodeExecutionError(
      "**** ERROR: Saving image outside the output folder is not allowed." +
        `\n full_output_folder: ${folder}\n         output_dir: ${outputDir}\n         commonpath: ${common}`,
      "Exception",
      ['  File "<comfy>/folder_paths.py", line 397, in get_save_image_path\n    raise Exception(err)\n'],
    );
  }
  let counter = 1;
  try {
    for (const name of readdirSync(folder)) {
      const rest = name.slice(filename.length + 1);
      if (name.slice(0, filename.length) !== filename || name[filename.length] !== "_") continue;
      const digits = Number.parseInt(rest.split("_")[0] ?? "", 10);
      if (Number.isInteger(digits) && /^\d+$/.test(rest.split("_")[0] ?? "")) counter = Math.max(counter, digits + 1);
    }
  } catch {
    mkdirSync(folder, { recursive: true });
  }
  return { folder, filename, counter, subfolder };
}

function commonPath(a: string, b: string): string {
  const pa = path.resolve(a).split(path.sep);
  const pb = path.resolve(b).split(path.sep);
  const out: string[] = [];
  for (let i = 0; i < Math.min(pa.length, pb.length) && pa[i] === pb[i]; i++) out.push(pa[i] ?? "");
  return out.join(path.sep) || path.sep;
}

export function counterName(base: string, counter: number, ext: string): string {
  return `${base}_${String(counter).padStart(5, "0")}_.${ext}`;
}

const CHUNK = 1 << 20;
const MAX_PNG_CHUNK = 0x7fffffff;

/**
 * Writes `bytes`, padded to `targetSize` when that is larger. PNGs are padded with private
 * ancillary chunks before IEND so they still decode; other formats get trailing zeros.
 */
export async function writeOutput(file: string, bytes: Buffer, targetSize?: number): Promise<void> {
  const fh = await open(file, "w");
  try {
    if (!targetSize || targetSize <= bytes.length) {
      await fh.write(bytes);
      return;
    }
    const isPng = bytes.subarray(0, 8).equals(PNG_SIGNATURE) && bytes.length >= 20;
    if (!isPng) {
      await fh.write(bytes);
      await fh.truncate(targetSize);
      return;
    }
    const iend = bytes.subarray(bytes.length - 12);
    await fh.write(bytes.subarray(0, bytes.length - 12), 0, undefined, 0);
    let pos = bytes.length - 12;
    let remaining = targetSize - bytes.length;
    while (remaining >= 12) {
      const len = Math.min(MAX_PNG_CHUNK, remaining - 12);
      const head = Buffer.alloc(8);
      head.writeUInt32BE(len, 0);
      head.write("smPd", 4, "latin1");
      await fh.write(head, 0, 8, pos);
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(zeroCrc(len, crc32(head.subarray(4))), 0);
      await fh.write(crc, 0, 4, pos + 8 + len);
      pos += 12 + len;
      remaining -= 12 + len;
    }
    await fh.write(iend, 0, 12, pos);
    if (remaining > 0) await fh.truncate(targetSize);
  } finally {
    await fh.close();
  }
}

const ZEROS = Buffer.alloc(CHUNK);

function zeroCrc(length: number, seed: number): number {
  let crc = seed;
  for (let done = 0; done < length; done += CHUNK) crc = crc32(ZEROS.subarray(0, Math.min(CHUNK, length - done)), crc);
  return crc;
}
