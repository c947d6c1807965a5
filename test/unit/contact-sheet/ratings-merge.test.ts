import { describe, expect, it } from "vitest";
import { mergeRatings, ratingsMapSchema, ratingsObject, type Rating } from "../../../src/core/store/index.js";
import { parseJson } from "../../../src/core/json/lossless.js";

const r = (stars: number, t?: number, reject = false): Rating => ({ stars, reject, ...(t !== undefined ? { t } : {}) });
const map = (entries: Record<string, Rating>): Map<string, Rating> => new Map(Object.entries(entries));

describe("mergeRatings", () => {
  it("keeps the saved runs the incoming set does not mention", () => {
    const merged = mergeRatings(map({ "1": r(4, 10) }), map({ "2": r(2, 20) }), 99);
    expect(ratingsObject(merged)).toEqual({ "1": r(4, 10), "2": r(2, 20) });
  });

  it("an empty save changes nothing", () => {
    expect(ratingsObject(mergeRatings(map({ "1": r(4, 10) }), new Map(), 99))).toEqual({ "1": r(4, 10) });
  });

  it.each([
    ["newer incoming wins", r(1, 10), r(5, 20), r(5, 20)],
    ["older incoming loses (a stale tab)", r(5, 20), r(1, 10), r(5, 20)],
    ["a tie goes to the incoming one", r(1, 10), r(3, 10), r(3, 10)],
    ["a saved rating without a time loses to any timed one", r(5), r(0, 1, true), r(0, 1, true)],
  ])("per run, last write wins: %s", (_name, saved, incoming, expected) => {
    expect(mergeRatings(map({ "7": saved }), map({ "7": incoming }), 99).get("7")).toEqual(expected);
  });

  it("stamps an incoming rating that has no time with now", () => {
    expect(mergeRatings(new Map(), map({ "3": r(2) }), 1234).get("3")).toEqual(r(2, 1234));
  });

  it("writes runs in numeric order", () => {
    const merged = mergeRatings(map({ "10": r(1, 1) }), map({ "9": r(1, 1), "100": r(1, 1) }), 0);
    expect(Object.keys(ratingsObject(merged))).toEqual(["9", "10", "100"]);
  });
});

describe("ratingsMapSchema", () => {
  it("refuses a __proto__ key instead of dropping it", () => {
    const parsed = ratingsMapSchema.safeParse(parseJson('{"__proto__": {"stars": 5, "reject": false}}'));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ["__proto__"], message: "a run id is a number" });
  });

  it("reads run ids and entries into a Map, naming the run of a bad entry", () => {
    expect(ratingsMapSchema.parse({ "1": r(3, 5) })).toEqual(new Map([["1", r(3, 5)]]));
    const bad = ratingsMapSchema.safeParse({ "2": { stars: 9, reject: false } });
    expect(bad.error?.issues[0]?.path).toEqual(["2", "stars"]);
    expect(ratingsMapSchema.safeParse([]).success).toBe(false);
  });
});
