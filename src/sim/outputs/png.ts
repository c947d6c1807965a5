/**
 * A small PNG/APNG encoder (IHDR, IDAT, IEND, tEXt, acTL/fcTL/fdAT) and the pattern generator
 * that makes each simulated image depend on its inputs, so contact sheets show differences.
 */
import { createHash } from "node:crypto";
import { crc32, deflateSync } from "node:zlib";

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data, crc32(head.subarray(4))), 0);
  return Buffer.concat([head, data, crc]);
}

function ihdr(width: number, height: number): Buffer {
  const data = Buffer.alloc(13);
  data.writeUInt32BE(width, 0);
  data.writeUInt32BE(height, 4);
  data[8] = 8; // bit depth
  data[9] = 2; // colour type RGB, as ComfyUI saves
  return pngChunk("IHDR", data);
}

/** Prefixes each row with filter byte 0 and deflates. */
function compress(rgb: Buffer, width: number, height: number): Buffer {
  const stride = width * 3;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) rgb.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  return deflateSync(raw, { level: 6 });
}

function textChunks(text: Record<string, string>): Buffer[] {
  return Object.entries(text).map(([k, v]) => pngChunk("tEXt", Buffer.from(`${k}\0${v}`, "latin1")));
}

export function encodePng(rgb: Buffer, width: number, height: number, text: Record<string, string> = {}): Buffer {
  return Buffer.concat([
    PNG_SIGNATURE,
    ihdr(width, height),
    ...textChunks(text),
    pngChunk("IDAT", compress(rgb, width, height)),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

/** Animated PNG: every frame full size, shown 1/fps seconds, looping forever. */
export function encodeApng(frames: Buffer[], width: number, height: number, fps: number, text: Record<string, string> = {}): Buffer {
  const chunks = [PNG_SIGNATURE, ihdr(width, height), ...textChunks(text)];
  const actl = Buffer.alloc(8);
  actl.writeUInt32BE(frames.length, 0);
  chunks.push(pngChunk("acTL", actl));
  const delayDen = Math.max(1, Math.round(fps * 100));
  let seq = 0;
  frames.forEach((frame, i) => {
    const fctl = Buffer.alloc(26);
    fctl.writeUInt32BE(seq++, 0);
    fctl.writeUInt32BE(width, 4);
    fctl.writeUInt32BE(height, 8);
    fctl.writeUInt16BE(100, 20);
    fctl.writeUInt16BE(delayDen, 22);
    chunks.push(pngChunk("fcTL", fctl));
    const data = compress(frame, width, height);
    if (i === 0) {
      chunks.push(pngChunk("IDAT", data));
    } else {
      const num = Buffer.alloc(4);
      num.writeUInt32BE(seq++, 0);
      chunks.push(pngChunk("fdAT", Buffer.concat([num, data])));
    }
  });
  chunks.push(pngChunk("IEND", Buffer.alloc(0)));
  return Buffer.concat(chunks);
}

/** JSON the way Python's json.dumps writes it into PNG text chunks (ASCII only). */
export function asciiJson(text: string): string {
  return text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function hslToRgb(h: number, s: number, l: number): [number, number, number] {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number): number => {
    const k = (n + h * 12) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

/**
 * RGB pixels for one image: a diagonal gradient between two hash-derived colours with a
 * hash-placed disc; `index` (batch item or frame) moves the disc so animations show motion.
 */
export function renderPattern(signature: string, index: number, width: number, height: number): Buffer {
  const digest = createHash("sha256").update(signature).digest();
  const hue = (digest[0] ?? 0) / 255;
  const c1 = hslToRgb(hue, 0.65, 0.45);
  const c2 = hslToRgb((hue + 0.33 + ((digest[1] ?? 0) / 255) * 0.33) % 1, 0.7, 0.6);
  const disc = hslToRgb((hue + 0.5) % 1, 0.9, 0.85);
  const phase = ((digest[2] ?? 0) / 255 + index * 0.09) % 1;
  const cx = width * (0.2 + 0.6 * phase);
  const cy = height * (0.25 + 0.5 * ((digest[3] ?? 0) / 255));
  const r = Math.max(2, Math.min(width, height) * (0.12 + ((digest[4] ?? 0) / 255) * 0.15));
  const out = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const t = (x / Math.max(1, width - 1) + y / Math.max(1, height - 1)) / 2;
      const inDisc = (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
      const o = (y * width + x) * 3;
      for (let c = 0; c < 3; c++) {
        out[o + c] = inDisc ? (disc[c] ?? 0) : Math.round((c1[c] ?? 0) * (1 - t) + (c2[c] ?? 0) * t);
      }
    }
  }
  return out;
}
