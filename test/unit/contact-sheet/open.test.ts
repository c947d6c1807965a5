import { describe, expect, it } from "vitest";
import { opener } from "../../../src/commands/contact-sheet/open.js";

describe("opener", () => {
  it("uses xdg-open only when a display is there", () => {
    expect(opener("linux", {})).toBeUndefined();
    expect(opener("linux", { DISPLAY: ":0" })).toBe("xdg-open");
    expect(opener("linux", { WAYLAND_DISPLAY: "wayland-0" })).toBe("xdg-open");
    expect(opener("darwin", {})).toBe("open");
  });
});
