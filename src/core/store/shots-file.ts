/** shots.json: written once when a cr-shots batch begins. */
import { writeFileAtomic } from "../fs/atomic.js";
import { SHOTS_VERSION, shotsFileSchema, type ShotsFile } from "./file-schemas.js";
import type { BatchPaths } from "./layout.js";

export async function writeShotsFile(paths: BatchPaths, content: Omit<ShotsFile, "version">): Promise<void> {
  const file = shotsFileSchema.parse({ version: SHOTS_VERSION, ...content });
  await writeFileAtomic(paths.shots, `${JSON.stringify(file, null, 2)}\n`);
}
