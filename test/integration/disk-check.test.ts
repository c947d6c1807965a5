import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { warnIfDiskTooSmall } from "../../src/commands/sweep/disk-check.js";
import { tempDir } from "../helpers/tmp.js";
import { captureUi } from "../helpers/ui.js";

async function earlierBatch(baseDir: string, bytesPerRun: number): Promise<void> {
  const dir = path.join(baseDir, "batch_2026-11-20_22-00-00");
  await mkdir(path.join(dir, "runs", "0001"), { recursive: true });
  await writeFile(path.join(dir, "plan.json"), JSON.stringify({ fingerprint: { config: "c", workflow: "w" }, runs: [{ run_id: 1, name: "0001" }] }));
  await writeFile(path.join(dir, "progress.json"), JSON.stringify({ total: 1, completed: 1, failed: 0, runs: { "1": { status: "completed" } } }));
  await writeFile(
    path.join(dir, "runs", "0001", "params.json"),
    JSON.stringify({ run_id: 1, status: "completed", duration_s: 300, outputs: [{ file: "v.mp4", bytes: bytesPerRun }] }),
  );
}

describe("the disk check before a batch", () => {
  it("warns when earlier runs say the disk cannot hold the batch", async () => {
    const base = await tempDir();
    await earlierBatch(base, 1e15);
    const c = captureUi();
    await warnIfDiskTooSmall(c.ui, base, base, "w", 3);
    expect(c.out()).toMatch(/3 run\(s\) need about .* but only .* is free/);
  });

  it("stays quiet when it fits, or when nothing is known", async () => {
    const base = await tempDir();
    await earlierBatch(base, 1000);
    const c = captureUi();
    await warnIfDiskTooSmall(c.ui, base, base, "w", 3);
    await warnIfDiskTooSmall(c.ui, await tempDir(), base, "w", 3);
    expect(c.out()).toBe("");
  });
});
