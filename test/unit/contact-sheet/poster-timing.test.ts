/** Poster and strip timing: pure arithmetic on a probed clip (the ffmpeg side is in test/integration). */
import { describe, expect, it } from "vitest";
import { posterTime, stripFrameCount } from "../../../src/commands/contact-sheet/ffmpeg.js";

describe("poster timing", () => {
  it("takes 40 % in, but never past the last frame of a half-second clip", () => {
    expect(posterTime({ duration: 10, fps: 24, width: 1, height: 1 })).toBe(4);
    expect(posterTime({ duration: 0.04, fps: 24, width: 1, height: 1 })).toBeCloseTo(0, 5);
    expect(stripFrameCount({ duration: 0.5, fps: 24, width: 1, height: 1 })).toBe(4);
    expect(stripFrameCount({ duration: 0.1, fps: 24, width: 1, height: 1 })).toBe(2);
    expect(stripFrameCount({ duration: 60, fps: 24, width: 1, height: 1 })).toBe(12);
  });
});
