import { describe, expect, it } from "vitest";
import { parseBudget, parseUntil, timeBoxFlag } from "../../../src/cli/time-box-flags.js";
import { UserError } from "../../../src/core/errors.js";

describe("--until and --budget", () => {
  const evening = new Date(2026, 11, 2, 22, 30); // local time

  it("HH:MM is the next occurrence in local time", () => {
    expect(new Date(parseUntil("07:00", evening))).toEqual(new Date(2026, 11, 3, 7, 0));
    expect(new Date(parseUntil("23:15", evening))).toEqual(new Date(2026, 11, 2, 23, 15));
    expect(new Date(parseUntil("22:30", evening))).toEqual(new Date(2026, 11, 3, 22, 30));
    expect(new Date(parseUntil("7:05", evening))).toEqual(new Date(2026, 11, 3, 7, 5));
  });

  it("takes an ISO date and time, local or with an offset", () => {
    expect(parseUntil("2026-12-03T07:00Z", evening)).toBe(Date.UTC(2026, 11, 3, 7, 0));
    expect(parseUntil("2026-12-03T07:00:00+01:00", evening)).toBe(Date.UTC(2026, 11, 3, 6, 0));
    expect(new Date(parseUntil("2026-12-03 07:00", evening))).toEqual(new Date(2026, 11, 3, 7, 0));
  });

  it.each(["7", "24:00", "07:60", "tomorrow", "2026-13-40T07:00", "07:00pm", ""])("refuses %j with an example", (text) => {
    expect(() => parseUntil(text, evening)).toThrow(/expected a time such as 07:00/);
  });

  it("refuses a moment already past", () => {
    expect(() => parseUntil("2026-12-01T07:00", evening)).toThrow(/already past/);
  });

  it.each([
    ["90m", 90 * 60_000],
    ["8h", 8 * 3_600_000],
    ["1h30m", 90 * 60_000],
    ["1.5h", 90 * 60_000],
    ["45s", 45_000],
    ["2H", 7_200_000],
  ])("budget %s", (text, ms) => expect(parseBudget(text)).toBe(ms));

  it.each(["", "0m", "8", "h", "30m1h", "-1h", "8 hours"])("refuses budget %j", (text) => {
    expect(() => parseBudget(text)).toThrow(/expected a length of time such as 90m, 8h or 1h30m/);
  });

  it("one time box at a time", () => {
    expect(timeBoxFlag({})).toBeUndefined();
    expect(timeBoxFlag({ budget: 5 })).toEqual({ budgetMs: 5 });
    expect(timeBoxFlag({ until: 7 })).toEqual({ untilMs: 7 });
    expect(() => timeBoxFlag({ until: 7, budget: 5 })).toThrow(UserError);
  });
});

describe("cr-batch with both", () => {
  it("is one UserError (exit 2) naming both flags", async () => {
    const { parseBatchArgs } = await import("../../../src/cli/batch.js");
    expect(() => parseBatchArgs(["c.yaml", "--until", "07:00", "--budget", "8h"])).toThrow(/--until and --budget both set a time box/);
    expect(() => parseBatchArgs(["c.yaml", "--dry-run", "--until", "07:00", "--budget", "8h"])).toThrow(/--until and --budget both set a time box/);
    expect(parseBatchArgs(["c.yaml", "--dry-run", "--budget", "8h"]).options).toMatchObject({ timeBox: { budgetMs: 8 * 3_600_000 } });
  });
});
