/**
 * Judge replies cached by file hash + model + rubric, so a re-run never pays twice. The cache
 * stores ratings and token counts only: never the endpoint's key or headers.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { writeFileAtomic } from "../fs/atomic.js";
import { JudgeVerdictSchema, type JudgeVerdict } from "./judge-types.js";

export interface JudgeCache {
  get(key: string): Promise<JudgeVerdict | undefined>;
  set(key: string, verdict: JudgeVerdict): Promise<void>;
}

export async function hashFile(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

export function judgeCacheKey(fileHash: string, model: string, rubricId: string, frames: number): string {
  return createHash("sha256")
    .update(JSON.stringify([fileHash, model, rubricId, frames]))
    .digest("hex");
}

const CacheFileSchema = z.object({ version: z.literal(1), entries: z.record(z.string(), z.unknown()) });

/** One JSON file; unreadable or foreign content counts as empty and is replaced on the next write. */
export class JsonFileJudgeCache implements JudgeCache {
  private entries: Map<string, JudgeVerdict> | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(readonly file: string) {}

  async get(key: string): Promise<JudgeVerdict | undefined> {
    return (await this.load()).get(key);
  }

  async set(key: string, verdict: JudgeVerdict): Promise<void> {
    const entries = await this.load();
    entries.set(key, verdict);
    // Writes are chained so two concurrent sets never race on the temp file and rename.
    const write = this.writing.then(() => writeFileAtomic(this.file, `${JSON.stringify({ version: 1, entries: Object.fromEntries(entries) }, null, 1)}\n`));
    this.writing = write.catch(() => undefined);
    await write;
  }

  private async load(): Promise<Map<string, JudgeVerdict>> {
    if (this.entries) return this.entries;
    const entries = new Map<string, JudgeVerdict>();
    const text = await readFile(this.file, "utf8").catch(() => undefined);
    let data: unknown;
    try {
      data = text === undefined ? undefined : JSON.parse(text);
    } catch {
      data = undefined;
    }
    const parsed = CacheFileSchema.safeParse(data);
    if (parsed.success) {
      for (const [key, value] of Object.entries(parsed.data.entries)) {
        const verdict = JudgeVerdictSchema.safeParse(value);
        if (verdict.success) entries.set(key, verdict.data);
      }
    }
    this.entries ??= entries;
    return this.entries;
  }
}

/** A cache that remembers for the life of the process (tests, one-off runs). */
export class MemoryJudgeCache implements JudgeCache {
  private readonly entries = new Map<string, JudgeVerdict>();
  async get(key: string): Promise<JudgeVerdict | undefined> {
    return this.entries.get(key);
  }
  async set(key: string, verdict: JudgeVerdict): Promise<void> {
    this.entries.set(key, verdict);
  }
}
