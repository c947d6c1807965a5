import { describe, expect, it } from "vitest";
import { Limiter, mapPool, runPool } from "../../../src/core/async/concurrency.js";

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

describe("mapPool and Limiter", () => {
  it("mapPool keeps order and never exceeds the limit", async () => {
    let active = 0;
    let peak = 0;
    const results = await mapPool([5, 1, 4, 2, 3], 2, async (n) => {
      peak = Math.max(peak, ++active);
      await new Promise((r) => setTimeout(r, n));
      active--;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });
  it("a limiter shared by callers", async () => {
    const limit = new Limiter(1);
    const order: string[] = [];
    await Promise.all(
      ["a", "b", "c"].map((name) =>
        limit.run(async () => {
          order.push(`${name}+`);
          await Promise.resolve();
          order.push(`${name}-`);
        }),
      ),
    );
    expect(order).toEqual(["a+", "a-", "b+", "b-", "c+", "c-"]);
  });
});
