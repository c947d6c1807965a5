/** The pure parsers of ffmpeg/ffprobe output and the per-frame summaries. */
import { describe, expect, test } from "vitest";
import { frameFidelity, PSNR_IDENTICAL } from "../../../src/core/score/fidelity.js";
import { summarizeImage } from "../../../src/core/score/image-metrics.js";
import { ffmpegNumber, parseMetadataPrint } from "../../../src/core/score/metadata-print.js";
import { parseProbe } from "../../../src/core/score/probe.js";
import { evenFrameIndices } from "../../../src/core/score/sample-frames.js";
import { lastLine, parseFfmpegVersion } from "../../../src/core/score/tools.js";
import { stripControl } from "../../../src/core/text/strip-control.js";
import { flickerScores, frameInterval, freezeSegments, median } from "../../../src/core/score/video-metrics.js";

const PRINT = `frame:0    pts:0       pts_time:0
lavfi.signalstats.YDIF=0
lavfi.blur=-nan
frame:1    pts:512     pts_time:0.0416667
lavfi.signalstats.YDIF=2.74197
lavfi.blur=4.41
lavfi.freezedetect.freeze_start=0.708333
frame:2    pts:1024    pts_time:0.0833333
lavfi.psnr.psnr_avg=inf
`;

describe("metadata=mode=print output", () => {
  test("frames with their time and tags", () => {
    const frames = parseMetadataPrint(PRINT);
    expect(frames.map((f) => [f.frame, f.time])).toEqual([
      [0, 0],
      [1, 0.0416667],
      [2, 0.0833333],
    ]);
    expect(frames[1]?.tags.get("lavfi.freezedetect.freeze_start")).toBe("0.708333");
    expect(frames[0]?.tags.get("lavfi.blur")).toBe("-nan");
  });

  test("tag lines before any frame line and blank lines are ignored", () => {
    expect(parseMetadataPrint("lavfi.x=1\n\nframe:0 pts:0 pts_time:0.5\nlavfi.y=2\n")).toEqual([{ frame: 0, time: 0.5, tags: new Map([["lavfi.y", "2"]]) }]);
  });

  test.each([
    ["4.41", 4.41],
    ["-0.5", -0.5],
    ["1e-3", 0.001],
    ["-nan", Number.NaN],
    ["nan", Number.NaN],
    ["inf", Number.POSITIVE_INFINITY],
    ["-inf", Number.NEGATIVE_INFINITY],
    ["", undefined],
    ["abc", undefined],
    ["1.2.3", undefined],
    [undefined, undefined],
  ])("ffmpegNumber(%j) = %s", (text, expected) => {
    expect(ffmpegNumber(text)).toEqual(expected);
  });
});

describe("clip summaries", () => {
  test("a freeze with an end, and one that lasts to the end of the clip (start only)", () => {
    expect(freezeSegments([0, 0.9], [0.5], 1.5)).toEqual([
      { start: 0, end: 0.5, toEnd: false },
      { start: 0.9, end: 1.5, toEnd: true },
    ]);
    expect(freezeSegments([], [], 2)).toEqual([]);
  });

  test("VBench flicker: 1 − mean|ΔY|/255 without the first frame, and the worst window", () => {
    const ydif = [0, 2, 2, 2, 2, 51, 51, 2, 2];
    const { score, worst, worstIndex } = flickerScores(ydif, 2);
    expect(score).toBeCloseTo(1 - (2 * 6 + 102) / 8 / 255, 6);
    expect(worst).toBeCloseTo(1 - 51 / 255, 6);
    expect(worstIndex).toBe(5);
    expect(flickerScores([0], 4)).toEqual({ score: null, worst: null, worstIndex: 0 });
  });

  test("frame interval from timestamps, else from the container's rate", () => {
    expect(frameInterval([0, 0.0625, 0.125, 0.1875], undefined)).toBeCloseTo(0.0625, 9);
    expect(frameInterval([0], 16)).toBe(0.0625);
    expect(frameInterval([], undefined)).toBe(0);
    expect(median([3, 1, 2, 10])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  test("a still image: nan blur on a flat image becomes null", () => {
    const tags = new Map([
      ["lavfi.blur", "-nan"],
      ["lavfi.signalstats.YAVG", "126"],
      ["lavfi.signalstats.YHIGH", "126"],
      ["lavfi.signalstats.YLOW", "126"],
      ["lavfi.entropy.entropy.normal.Y", "0.000000"],
    ]);
    expect(summarizeImage(tags)).toEqual({ blur: null, si: null, entropy: 0, luma_mean: 126, luma_range: 0, saturation_mean: null });
  });
});

describe("ssim + psnr tags", () => {
  test("different frames", () => {
    expect(
      frameFidelity(
        new Map([
          ["lavfi.ssim.All", "0.995420"],
          ["lavfi.psnr.psnr_avg", "41.246807"],
          ["lavfi.psnr.mse_avg", "4.879774"],
        ]),
      ),
    ).toEqual({ ssim: 0.99542, psnr: 41.247, identical: false });
  });
  test("identical frames: PSNR inf is stored as a finite cap", () => {
    expect(
      frameFidelity(
        new Map([
          ["lavfi.ssim.All", "1.000000"],
          ["lavfi.psnr.psnr_avg", "inf"],
          ["lavfi.psnr.mse_avg", "0.000000"],
        ]),
      ),
    ).toEqual({ ssim: 1, psnr: PSNR_IDENTICAL, identical: true });
  });
  test("missing figures", () => {
    expect(frameFidelity(new Map([["lavfi.ssim.All", "0.5"]]))).toBeUndefined();
  });
});

describe("ffprobe -of json", () => {
  const mp4 = JSON.stringify({
    streams: [{ codec_name: "h264", width: 128, height: 72, avg_frame_rate: "24/1", duration: "1.000000", nb_frames: "24" }],
    format: { format_name: "mov,mp4,m4a,3gp,3g2,mj2", duration: "1.000000" },
  });
  test("a video", () => {
    expect(parseProbe(mp4)).toEqual({ kind: "video", codec: "h264", width: 128, height: 72, frames: 24, fps: 24, duration: 1 });
  });
  test("an image (png_pipe) without frame count or rate", () => {
    expect(
      parseProbe(
        JSON.stringify({
          streams: [{ codec_name: "png", width: 64, height: 64, avg_frame_rate: "0/0", nb_frames: "N/A" }],
          format: { format_name: "png_pipe" },
        }),
      ),
    ).toMatchObject({ kind: "image", frames: undefined, fps: undefined });
  });
  test.each([
    ["not json", /no readable answer/],
    ["{}", /no video or image stream/],
    [JSON.stringify({ streams: [{ codec_name: "h264" }] }), /no picture stream with a size/],
    [JSON.stringify({ streams: [{ codec_name: "h264", width: 0, height: 0 }] }), /no picture stream with a size/],
    [JSON.stringify({ streams: [{ codec_name: "webp", width: 0, height: 0 }], format: { format_name: "webp_pipe" } }), /cannot decode animated WebP/],
  ])("unusable answer %j", (text, reason) => {
    expect(parseProbe(text)).toMatch(reason);
  });
});

describe("tool output", () => {
  test("the ffmpeg version", () => {
    expect(parseFfmpegVersion("ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026")).toBe("5.1.9-0+deb12u1");
    expect(parseFfmpegVersion("nope")).toBeUndefined();
  });
  test("the last lines of stderr, without control characters", () => {
    expect(lastLine("a\n\x1b[31mb\x07\n\n")).toBe("b");
    expect(lastLine("a\nb\nc", 2)).toBe("b / c");
    expect(lastLine("  \n")).toBeUndefined();
    expect(stripControl("x\u009by")).toBe("xy");
  });
  test("evenly spread frame indices", () => {
    expect(evenFrameIndices(81, 5)).toEqual([8, 24, 40, 56, 72]);
    expect(evenFrameIndices(3, 5)).toEqual([0, 1, 2]);
    expect(evenFrameIndices(1, 5)).toEqual([0]);
  });
});
