import path from "node:path";
import { describe, expect, it } from "vitest";
import { resolveInside, sanitizeRelative, sanitizeSegment } from "../../../src/core/fs/safe-path.js";

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
});
