/** shots.json of a cr-shots batch: each shot's prompt and negative, shown in the player. */
import type { BatchReader } from "../../core/store/index.js";
import type { ShotInfo } from "./model.js";

export async function readShots(batch: BatchReader, names: readonly string[], warnings: string[]): Promise<ShotInfo[]> {
  if (names.length === 0) return [];
  const byName = new Map<string, { prompt?: string | null | undefined; negative?: string | null | undefined }>();
  const read = await batch.shots();
  if (read.problem !== undefined) warnings.push(read.problem);
  const file = read.value;
  const list = file === undefined ? [] : Array.isArray(file) ? file : file.shots;
  const entries = Array.isArray(list) ? list.map((s) => [s.name ?? "", s] as const) : Object.entries(list);
  for (const [name, shot] of entries) byName.set(name, shot);
  return names.map((name) => ({ name, prompt: byName.get(name)?.prompt ?? undefined, negative: byName.get(name)?.negative ?? undefined }));
}
