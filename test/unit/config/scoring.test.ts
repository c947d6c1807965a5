import { describe, expect, it } from "vitest";
import { DEFAULT_THRESHOLDS } from "../../../src/core/score/config-schema.js";
import { config, userErrorOf } from "./fixtures.js";

describe("config: the scoring block", () => {
  it("is undecided (on when ffmpeg is installed) with default thresholds when absent", () => {
    expect(config("").scoring).toEqual({ enabled: undefined, concurrency: undefined, thresholds: DEFAULT_THRESHOLDS, judge: undefined });
  });

  it("scoring: false and enabled: false turn it off", () => {
    expect(config("scoring: false\n").scoring.enabled).toBe(false);
    expect(config("scoring: {enabled: false}\n").scoring.enabled).toBe(false);
  });

  it("thresholds override the defaults one by one; the judge block is kept as written", () => {
    const s = config(
      "scoring:\n  concurrency: 2\n  thresholds: {frozenShare: 0.5, cuts: 2}\n  judge: {url: 'http://127.0.0.1:1/v1', model: m, api_key_env: JUDGE_KEY, frames: 3}\n",
    ).scoring;
    expect(s.thresholds).toEqual({ ...DEFAULT_THRESHOLDS, frozenShare: 0.5, cuts: 2 });
    expect(s.concurrency).toBe(2);
    expect(s.judge).toEqual({ url: "http://127.0.0.1:1/v1", model: "m", api_key_env: "JUDGE_KEY", frames: 3 });
  });

  it("names the file, line and key of a bad threshold or an unknown key", () => {
    const { text } = userErrorOf(() => config("scoring:\n  thresholds: {frozenShare: 2, nope: 1}\n"));
    expect(text).toMatch(/test\.yaml:\d+:\d+.*frozenShare/);
    expect(text).toMatch(/nope/);
  });
});
