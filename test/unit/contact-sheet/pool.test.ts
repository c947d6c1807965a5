import { describe, expect, it } from "vitest";
import { runPool } from "../../../src/commands/contact-sheet/pool.js";

describe("runPool", () => {
  it("keeps exactly `concurrency` items in flight and visits each once", async () => {
    let inFlight = 0;
    let most = 0;
    const seen: number[] = [];
    await runPool([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      seen.push(item);
      inFlight--;
    });
    expect(most).toBe(3);
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it("stops taking items once aborted", async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    await runPool(
      [1, 2, 3, 4],
      1,
      async (item) => {
        seen.push(item);
        if (item === 2) controller.abort();
      },
      controller.signal,
    );
    expect(seen).toEqual([1, 2]);
  });
});
