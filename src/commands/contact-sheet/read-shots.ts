/** shots.json of a cr-shots batch: each shot's prompt and negative, shown in the player. */
import path from "node:path";
import { messageOf } from "../../core/errors.js";
import type { ShotInfo } from "./model.js";
import { readJson } from "./json-file.js";
import { shotsFileSchema } from "./schemas.js";

export async function readShots(batchDir: string, names: readonly string[], warnings: string[]): Promise<ShotInfo[]> {
  if (names.length === 0) return [];
  const byName = new Map<string, { prompt?: string | null | undefined; negative?: string | null | undefined }>();
  try {
    const file = await readJson(path.join(batchDir, "shots.json"), shotsFileSchema, false);
    const list = file === undefined ? [] : Array.isArray(file) ? file : file.shots;
    const entries = Array.isArray(list) ? list.map((s) => [s.name ?? "", s] as const) : Object.entries(list);
    for (const [name, shot] of entries) byName.set(name, shot);
  } catch (error) {
    warnings.push(messageOf(error));
  }
  return names.map((name) => ({ name, prompt: byName.get(name)?.prompt ?? undefined, negative: byName.get(name)?.negative ?? undefined }));
}
