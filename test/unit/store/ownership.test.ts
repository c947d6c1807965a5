import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoFile } from "../../helpers/workflows.js";

/** Every .ts file under src/<dir>, as repository-relative paths. */
async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(repoFile(dir), { recursive: true });
  return entries.filter((e) => e.endsWith(".ts")).map((e) => path.join(dir, e).split(path.sep).join("/"));
}

async function matching(files: readonly string[], pattern: RegExp): Promise<string[]> {
  const hits: string[] = [];
  for (const file of files) {
    const lines = (await readFile(repoFile(file), "utf8")).split("\n");
    lines.forEach((line, i) => {
      if (pattern.test(line) && !/^\s*(\*|\/\/)/.test(line)) hits.push(`${file}:${i + 1}`);
    });
  }
  return hits;
}

describe("the store alone knows the batch folder", () => {
  it("no file outside src/core/store names a batch file", async () => {
    const files = (await sources("src")).filter((f) => !f.startsWith("src/core/store/"));
    const hits = await matching(
      files,
      /["'`](plan\.json|progress\.json|params\.json|metadata\.csv|ratings\.json|shots\.json|scores\.json|batch\.log|config\.yaml)["'`]/,
    );
    expect(hits).toEqual([]);
  });

  it("no command or engine file parses JSON itself, except ffprobe's reply and the page's script", async () => {
    const files = [...(await sources("src/commands")), ...(await sources("src/core/batch"))];
    const hits = await matching(files, /JSON\.parse\(/);
    expect(hits.filter((h) => !/^src\/commands\/contact-sheet\/(ffmpeg\.ts:|[^:]*page)/.test(h))).toEqual([]);
  });
});
