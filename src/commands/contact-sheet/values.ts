/** Turning raw JSON and CSV cells into the values the sheet shows and sorts. */
import path from "node:path";
import type { CellValue, OutputKind } from "./model.js";
import { stringifyJson } from "../../core/json/lossless.js";

export function toCell(value: unknown): CellValue {
  if (value === undefined || value === null) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return value;
  return stringifyJson(value);
}

/** A CSV cell: numbers become numbers (exact bigints past 2^53), everything else stays text. */
export function cellFromCsv(text: string): CellValue {
  if (text === "") return null;
  if (/^[+-]?\d+$/.test(text)) {
    const big = BigInt(text);
    return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
  }
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return Number(text);
  if (text === "true" || text === "false") return text === "true";
  return text;
}

/** A stable text form, used to tell values apart and to write `--set` arguments. */
export function cellText(value: CellValue): string {
  if (value === null) return "";
  return typeof value === "bigint" ? value.toString() : String(value);
}

const VIDEO = new Set([".mp4", ".webm", ".mov", ".mkv", ".m4v", ".avi"]);
const IMAGE = new Set([".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp", ".avif"]);
const AUDIO = new Set([".wav", ".mp3", ".flac", ".ogg", ".m4a", ".opus"]);

export function kindFromExtension(file: string): OutputKind {
  const ext = path.extname(file).toLowerCase();
  if (VIDEO.has(ext)) return "video";
  if (IMAGE.has(ext)) return "image";
  if (AUDIO.has(ext)) return "audio";
  if (ext === ".latent") return "latent";
  if (ext === ".safetensors" || ext === ".ckpt") return "model";
  return "other";
}

export function normalizeKind(kind: string | undefined, file: string): OutputKind {
  const known: readonly string[] = ["image", "video", "audio", "latent", "model", "other"];
  const fromExt = kindFromExtension(file);
  // Animated WEBP/GIF "images" play like videos but a browser shows them with <img>.
  if (kind && known.includes(kind) && !(kind === "video" && fromExt === "image")) return kind as OutputKind;
  return fromExt;
}
