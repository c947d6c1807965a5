/** Flags from values and thresholds, the scoring config block and rubric replies. */
import { describe, expect, test } from "vitest";
import { DEFAULT_THRESHOLDS, resolveThresholds, ScoringConfigSchema } from "../../../src/core/score/config-schema.js";
import { fidelityFlags, imageFlags, raisedFlags, videoFlags } from "../../../src/core/score/flags.js";
import { DEFAULT_RUBRIC, parseRatings, rubricHash } from "../../../src/core/score/judge-rubric.js";
import { chatCompletionsUrl } from "../../../src/core/score/judge.js";
import type { VideoValues } from "../../../src/core/score/types.js";

const CLEAN: VideoValues = {
  frames: 81,
  duration: 5.06,
  freeze_share: 0,
  freezes: 0,
  black_share: 0,
  flicker: 0.98,
  flicker_worst: 0.97,
  ti_mean: 12,
  ti_max: 20,
  si_mean: 60,
  cuts: 0,
  cut_score_max: 2,
  blur: 5,
  blur_nan_frames: 0,
  blockiness: 12,
  duplicate_share: 0,
  luma_mean: 100,
  saturation_mean: 40,
};

describe("flags", () => {
  test("a clean clip raises nothing", () => {
    expect(raisedFlags(videoFlags(CLEAN, DEFAULT_THRESHOLDS))).toEqual([]);
  });
  test.each<[Partial<VideoValues>, string]>([
    [{ freeze_share: 0.5 }, "frozen"],
    [{ black_share: 0.3 }, "black"],
    [{ flicker_worst: 0.7 }, "flicker"],
    [{ ti_mean: 0.2 }, "static"],
    [{ cuts: 1 }, "cut"],
    [{ blur: 15 }, "blurry"],
    [{ blockiness: 70 }, "blocky"],
    [{ duplicate_share: 0.5 }, "duplicates"],
    [{ luma_mean: 16 }, "dark"],
  ])("%j raises %s alone", (change, flag) => {
    expect(raisedFlags(videoFlags({ ...CLEAN, ...change }, DEFAULT_THRESHOLDS))).toEqual([flag]);
  });
  test("unmeasurable values (null) never raise a flag", () => {
    expect(
      raisedFlags(
        videoFlags({ ...CLEAN, blur: null, blockiness: null, flicker: null, flicker_worst: null, ti_mean: null, luma_mean: null }, DEFAULT_THRESHOLDS),
      ),
    ).toEqual([]);
    expect(
      raisedFlags(imageFlags({ blur: null, si: null, entropy: null, luma_mean: null, luma_range: null, saturation_mean: null }, DEFAULT_THRESHOLDS)),
    ).toEqual([]);
  });
  test("drift from either end frame", () => {
    expect(fidelityFlags({ last: { ssim: 0.3, psnr: 12, identical: false } }, DEFAULT_THRESHOLDS)).toEqual({ drift: true });
    expect(fidelityFlags({ first: { ssim: 0.95, psnr: 35, identical: false } }, DEFAULT_THRESHOLDS)).toEqual({ drift: false });
  });
});

describe("the scoring: config block", () => {
  test("false, an empty block, thresholds and a judge", () => {
    expect(ScoringConfigSchema.parse(false)).toBe(false);
    expect(ScoringConfigSchema.parse({})).toEqual({});
    const config = ScoringConfigSchema.parse({
      thresholds: { cuts: 2, blur: 12 },
      judge: { url: "http://127.0.0.1:11434/v1", model: "qwen2.5vl", api_key_env: "JUDGE_KEY" },
    });
    expect(config !== false && resolveThresholds(config.thresholds)).toEqual({ ...DEFAULT_THRESHOLDS, cuts: 2, blur: 12 });
  });
  test.each<[unknown, string]>([
    [{ thresholds: { frozen: 0.2 } }, "unknown key"],
    [{ thresholds: { frozenShare: 2 } }, "share above 1"],
    [{ judge: { url: "http://x", model: "m", api_key: "sk-1" } }, "a key written into the config"],
    [{ judge: { url: "http://x", model: "m", api_key_env: "not a name" } }, "a bad variable name"],
    [{ judge: { url: "http://x", model: "m", ratings: ["sharpness"] } }, "ratings without a rubric"],
    [true, "true"],
  ])("rejects %j (%s)", (value) => {
    expect(ScoringConfigSchema.safeParse(value).success).toBe(false);
  });
});

describe("rubric replies", () => {
  const good = { motion_physics: 7, character_consistency: 8, temporal_coherence: 6, visual_fidelity: 7, overall_realism: 7.5 };
  test("plain JSON, JSON in a markdown fence, a summary", () => {
    expect(parseRatings(JSON.stringify(good), DEFAULT_RUBRIC)).toEqual({ ratings: good, summary: undefined });
    expect(parseRatings(`\`\`\`json\n${JSON.stringify({ ...good, summary: "ok" })}\n\`\`\``, DEFAULT_RUBRIC)).toEqual({ ratings: good, summary: "ok" });
  });
  test("the summary loses control characters (it is the endpoint's text)", () => {
    expect(parseRatings(JSON.stringify({ ...good, summary: "fine\u001b[2J\u0007 clip" }), DEFAULT_RUBRIC)).toMatchObject({ summary: "fine clip" });
  });
  test.each([
    ["Overall 7/10", /not a JSON object/],
    [JSON.stringify({ ...good, overall_realism: 11 }), /overall_realism/],
    [JSON.stringify({ ...good, motion_physics: "7" }), /motion_physics/],
    [JSON.stringify({ motion_physics: 7 }), /does not match the rubric/],
    ["[1,2,3]", /does not match/],
  ])("rejects %j", (content, reason) => {
    expect(parseRatings(content, DEFAULT_RUBRIC)).toMatch(reason);
  });
  test("a replaced rubric asks for its own keys and hashes differently", () => {
    const custom = { prompt: "Rate sharpness.", ratings: ["sharpness"] };
    expect(parseRatings('{"sharpness": 3}', custom)).toEqual({ ratings: { sharpness: 3 }, summary: undefined });
    expect(rubricHash(custom)).not.toBe(rubricHash(DEFAULT_RUBRIC));
  });
  test("endpoint URLs", () => {
    expect(chatCompletionsUrl("http://127.0.0.1:11434/v1/")).toBe("http://127.0.0.1:11434/v1/chat/completions");
    expect(chatCompletionsUrl("https://api.example/v1/chat/completions")).toBe("https://api.example/v1/chat/completions");
  });
});
