/** The demo FLF2V shots project (workflows/demo/flf2v_shots.yaml + shots/) in a temp folder, config text adjustable. */
import { cp, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { tempDir } from "./tmp.js";
import { repoFile } from "./workflows.js";

export async function shotsProject(edit: (yaml: string) => string = (y) => y): Promise<{ dir: string; config: string }> {
  const dir = await tempDir();
  await cp(repoFile("workflows/demo/flf2v-small.json"), path.join(dir, "flf2v-small.json"));
  await cp(repoFile("shots"), path.join(dir, "shots"), { recursive: true });
  const text = (await readFile(repoFile("workflows/demo/flf2v_shots.yaml"), "utf8"))
    .replace("directory: ../../shots", "directory: shots")
    .replace("base_dir: ../../output", "base_dir: output");
  await writeFile(path.join(dir, "shots.yaml"), edit(text));
  return { dir, config: path.join(dir, "shots.yaml") };
}
