/** The demo sweep (workflows/demo/txt2img*) copied into a temp folder, and cr-batch options for a simulator. */
import { cp, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { BatchOptions } from "../../src/commands/batch/execute-batch.js";
import { batchOptions } from "./batch-reliability.js";
import { tempDir } from "./tmp.js";
import { repoFile } from "./workflows.js";

export async function demoConfig(): Promise<{ dir: string; config: string }> {
  const dir = await tempDir();
  await cp(repoFile("workflows/demo/txt2img.json"), path.join(dir, "txt2img.json"));
  const text = (await readFile(repoFile("workflows/demo/txt2img_sweep.yaml"), "utf8")).replace("base_dir: ../../output", "base_dir: output");
  await writeFile(path.join(dir, "sweep.yaml"), text);
  return { dir, config: path.join(dir, "sweep.yaml") };
}

export function demoOptions(server: string, config: string, extra: Partial<BatchOptions> = {}): BatchOptions {
  return batchOptions(config, [server], extra);
}
