import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempNameFor } from "../../../src/core/fs/atomic.js";
import { fitName, resolveInside, sanitizeRelative, sanitizeSegment, truncateUtf8 } from "../../../src/core/fs/safe-path.js";

describe("server-provided names", () => {
  it.each([
    ["../../evil.png", "", "__/__/evil.png"],
    ["/etc/passwd", "", "etc/passwd"],
    ["a\\b.png", "", "a/b.png"],
    ["x.png", "../../..", "__/__/__/x.png"],
    ["..", "", "__"],
    ["n\u0000ul.png", "", "n_ul.png"],
    ["ok.png", "video/sub", "video/sub/ok.png"],
  ])("filename %j subfolder %j stays inside", (filename, subfolder, expected) => {
    const rel = sanitizeRelative(subfolder, filename);
    expect(rel.split(path.sep).join("/")).toBe(expected);
    const root = "/tmp/root";
    expect(resolveInside(root, rel).startsWith(`${root}/`)).toBe(true);
  });

  it("never returns an empty or dot segment", () => {
    for (const s of ["", ".", "..", "...", " "]) {
      const clean = sanitizeSegment(s);
      expect(clean).not.toBe("");
      expect(/^\.+$/.test(clean)).toBe(false);
    }
  });

  it("resolveInside refuses escapes", () => {
    expect(() => resolveInside("/tmp/root", "../x")).toThrow(/outside/);
    expect(() => resolveInside("/tmp/root", "/etc/passwd")).toThrow(/outside/);
  });

  it("keeps a valid 244-byte UTF-8 name whole, and its temp name fits in 255 bytes", () => {
    const name = `${"あ".repeat(80)}.png`;
    expect(Buffer.byteLength(name)).toBe(244);
    expect(sanitizeSegment(name)).toBe(name);
    const temp = path.basename(tempNameFor(`/tmp/x/${name}`));
    expect(Buffer.byteLength(temp)).toBeLessThanOrEqual(255);
    expect(temp).toMatch(/^\.あ+\.[0-9a-f]{8}\.part$/);
  });

  it.each([
    ["three-byte characters", `${"あ".repeat(120)}.png`],
    ["four-byte characters", `${"😀".repeat(100)}.png`],
    ["ASCII", `${"a".repeat(400)}.png`],
    ["a name ending in .png.png", `${"b".repeat(300)}.png.png`],
  ])("truncates %s by bytes, never inside a character, keeping one extension", (_what, name) => {
    const clean = sanitizeSegment(name);
    expect(Buffer.byteLength(clean)).toBeLessThanOrEqual(255);
    expect(Buffer.byteLength(clean)).toBeGreaterThan(240);
    expect(clean).not.toContain("\ufffd");
    expect(clean.endsWith(".png")).toBe(true);
    expect(clean.endsWith(".png.png.png")).toBe(false);
    expect(name.startsWith(clean.slice(0, -4))).toBe(true);
  });

  it("does not treat a long tail after the last dot as an extension", () => {
    const clean = fitName(`a.${"x".repeat(300)}`, 255);
    expect(Buffer.byteLength(clean)).toBe(255);
    expect(clean.startsWith("a.xxx")).toBe(true);
  });

  it("truncateUtf8 never splits a character", () => {
    expect(truncateUtf8("aあb", 3)).toBe("a");
    expect(truncateUtf8("aあb", 4)).toBe("aあ");
    expect(truncateUtf8("😀😀", 5)).toBe("😀");
  });

  it("flattens a subfolder too long or too deep for the local file system into one short folder", () => {
    for (const subfolder of [
      "s".repeat(6_000),
      Array.from({ length: 500 }, () => "d").join("/"),
      Array.from({ length: 40 }, () => "x".repeat(200)).join("/"),
    ]) {
      const rel = sanitizeRelative(subfolder, "f.png");
      const segments = rel.split(path.sep);
      expect(segments.at(-1)).toBe("f.png");
      expect(segments.length).toBeLessThanOrEqual(17);
      for (const segment of segments) expect(Buffer.byteLength(segment)).toBeLessThanOrEqual(255);
      expect(Buffer.byteLength(rel)).toBeLessThan(4096);
    }
  });
});
