/** Streams a metadata-print file through the parser, with a size cap so a huge file cannot exhaust memory. */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createInterface } from "node:readline";
import { MetadataPrintParser, type FrameTags } from "./metadata-print.js";

export const MAX_TAG_FILE_BYTES = 512 * 1024 * 1024;

/** Feeds every frame to `onFrame`; "missing" when the filter never wrote the file, "too-big" past the cap. */
export async function readTagFile(file: string, onFrame: (frame: FrameTags) => void, maxBytes = MAX_TAG_FILE_BYTES): Promise<"read" | "missing" | "too-big"> {
  const info = await stat(file).catch(() => undefined);
  if (!info) return "missing";
  if (info.size > maxBytes) return "too-big";
  const parser = new MetadataPrintParser(onFrame);
  const lines = createInterface({ input: createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity });
  for await (const line of lines) parser.line(line);
  parser.end();
  return "read";
}
