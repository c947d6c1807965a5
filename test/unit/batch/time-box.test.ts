import { describe, expect, it } from "vitest";
import { decideNextRun, estimateRunTime, runsThatFit, TimeBox, timeBoxStopMessage } from "../../../src/core/batch/time-box.js";

const MIN = 60_000;

describe("the time box's stop decision", () => {
  it.each([
    // [case, now, deadline, ahead, measured (s), past (s), submit]
    ["no estimate at all: send (nothing to go on)", 0, 10 * MIN, 0, [], undefined, true],
    ["no estimate, but the deadline has passed", 10 * MIN, 10 * MIN, 0, [], undefined, false],
    ["earlier batches say 5m: fits in 10m", 0, 10 * MIN, 0, [], 300, true],
    ["earlier batches say 5m: 1 ahead → 10m, exactly fits", 0, 10 * MIN, 1, [], 300, true],
    ["earlier batches say 5m: 2 ahead → 15m, too late", 0, 10 * MIN, 2, [], 300, false],
    ["measured runs win over earlier batches", 0, 10 * MIN, 0, [660, 700, 720], 60, false],
    ["measured median (odd count)", 0, 10 * MIN, 0, [100, 500, 900], undefined, true],
    ["measured median (even count): 550s, 1 ahead → 1100s > 600s", 0, 10 * MIN, 1, [100, 500, 600, 900], undefined, false],
    ["deadline already past with an estimate", 11 * MIN, 10 * MIN, 0, [1], undefined, false],
  ] as const)("%s", (_, nowMs, deadlineMs, ahead, measured, past, submit) => {
    expect(decideNextRun({ nowMs, deadlineMs, ahead, measured, ...(past !== undefined ? { pastSecondsPerRun: past } : {}) }).submit).toBe(submit);
  });

  it("says when the run would finish and what the run time rests on", () => {
    const d = decideNextRun({ nowMs: 1000, deadlineMs: 2000, ahead: 1, measured: [1, 3, 2] });
    expect(d).toEqual({ submit: false, estimate: { seconds: 2, basis: "this batch", runs: 3 }, finishAtMs: 5000 });
    expect(estimateRunTime([], 42)).toEqual({ seconds: 42, basis: "earlier batches", runs: 0 });
    expect(estimateRunTime([], Number.NaN)).toBeUndefined();
  });

  it("TimeBox measures only uncached runs with a time, on the injected clock", () => {
    let now = 0;
    const box = new TimeBox(10_000, { now: () => now, pastSecondsPerRun: 1 });
    expect(box.decide(0)).toMatchObject({ submit: true, estimate: { basis: "earlier batches" } });
    box.observe(0.01, true);
    box.observe(null, false);
    expect(box.decide(0).estimate?.basis).toBe("earlier batches");
    box.observe(4, false);
    expect(box.decide(0)).toMatchObject({ submit: true, finishAtMs: 4000 });
    now = 6500;
    expect(box.decide(0)).toMatchObject({ submit: false, finishAtMs: 10_500 });
    expect(timeBoxStopMessage(box.decide(0), box.deadlineMs)).toMatch(
      /the next run would finish about [\d-]* ?\d\d:\d\d, after [\d-]* ?\d\d:\d\d \(a run takes 4s, median of 1 run\(s\) of this batch\)/,
    );
  });
});

describe("the dry run's count of runs that fit", () => {
  it.each([
    [0, 60 * MIN, 600, 1, 100, 6],
    [0, 60 * MIN, 600, 2, 100, 12],
    [0, 60 * MIN, 600, 2, 10, 10],
    [0, 59 * MIN, 600, 1, 100, 5],
    [60 * MIN, 60 * MIN, 600, 1, 100, 0],
    [0, 60 * MIN, 0, 1, 100, 100],
  ])("now %d, deadline %d, %d s per run on %d server(s), %d planned → %d", (now, deadline, seconds, servers, total, fit) => {
    expect(runsThatFit(now, deadline, seconds, servers, total)).toBe(fit);
  });
});
