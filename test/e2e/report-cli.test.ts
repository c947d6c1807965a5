/** cr-report as a user runs it: the built binary on a fake batch (needs `npm run build`). */
import { describe, expect, it } from "vitest";
import { saveRatings, type Comparison } from "../../src/core/store/index.js";
import { runBin, type BinResult } from "../helpers/bin.js";
import { writeFakeBatch } from "../helpers/fake-batch.js";
import { tempDir } from "../helpers/tmp.js";

async function ratedBatch(): Promise<string> {
  const batch = await writeFakeBatch(await tempDir("cr-report-e2e-"), { media: false });
  const ratings = new Map(
    batch.runs
      .filter((r) => r.status === "completed" && r.runId !== 2)
      .map((r) => [String(r.runId), { stars: Math.round(Number(r.values["cfg"]) * 2), reject: false, t: 1 }] as const),
  );
  await saveRatings(batch.dir, ratings);
  return batch.dir;
}

function expectOneClearError(result: BinResult, message: RegExp): void {
  expect(result.code).toBe(2);
  expect(result.stderr.split("\n")[0]).toMatch(message);
  expect(result.stderr).not.toMatch(/\n\s+at |Internal error/);
}

describe("cr-report (built)", () => {
  it("prints one JSON object with effects, noise and best runs", async () => {
    const result = await runBin("cr-report", [await ratedBatch(), "--json", "--top", "2"]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { target: string; effects: { name: string }[]; noise: { source: string }; best: { run_id: number }[] };
    expect(report.target).toBe("stars");
    expect(report.effects.map((e) => e.name)).toContain("cfg");
    expect(report.noise.source).toBe("seeds");
    expect(report.best).toHaveLength(2);
  });

  it("--target pairwise ranks by the comparisons in ratings.json", async () => {
    const dir = await ratedBatch();
    // Run 5 (cfg 1.5) beat run 7 (cfg 2) three times, and tied run 6 once.
    const comparisons: Comparison[] = [...[0, 1, 2].map((t) => ({ a: 5, b: 7, choice: "a" as const, t })), { a: 5, b: 6, choice: "tie", t: 3 }];
    await saveRatings(dir, new Map(), new Date(), comparisons);
    const result = await runBin("cr-report", [dir, "--json", "--target", "pairwise"]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { target: string; runs: { used: number }; best: { run_id: number }[] };
    expect(report.target).toBe("pairwise");
    expect(report.runs.used).toBe(3);
    expect(report.best[0]!.run_id).toBe(5);
  });

  it("exits 2 with a clear line for a folder that is not a batch", async () => {
    expectOneClearError(await runBin("cr-report", [await tempDir("cr-report-e2e-")]), /is not a batch folder: it has no plan\.json/);
  });

  it("exits 2 with a clear line for an unknown target", async () => {
    expectOneClearError(await runBin("cr-report", [await ratedBatch(), "--target", "score:-blur"]), /--target score:-blur: no run has it; available: stars/);
  });
});
