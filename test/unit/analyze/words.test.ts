import { describe, expect, it } from "vitest";
import { wordTest } from "../../../src/commands/analyze/words.js";

describe("wordTest", () => {
  const test = wordTest({ exact: ["crf"], prefix: ["save_"], suffix: ["_fps"], within: ["tile"] });

  it("matches a whole word, a start, an end or a part, each only where it says", () => {
    expect(["crf", "save_output", "video_fps", "tile_size", "use_tiled"].map(test)).toEqual([true, true, true, true, true]);
    expect(["crf2", "xcrf", "autosave_x", "fps_video", "til", "Tile_size"].map(test)).toEqual([false, false, false, false, false, false]);
  });

  it("ignores case only when asked", () => {
    const anyCase = wordTest({ exact: ["image save"], within: ["preview"], anyCase: true });
    expect(["Image Save", "PreviewImage", "IMAGE SAVE"].map(anyCase)).toEqual([true, true, true]);
    expect(anyCase("Image Saver")).toBe(false);
  });
});
