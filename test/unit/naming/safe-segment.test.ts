import { describe, expect, it } from "vitest";
import { safeSegment } from "../../../src/core/naming/pattern.js";

function assertSafe(segment: string): void {
  expect(segment).not.toBe("");
  expect(segment).not.toMatch(/[/\\<>:"|?*\u0000-\u001f\u007f]/);
  expect(segment).not.toContain("..");
  expect(segment).not.toMatch(/^[. ]|[. ]$/);
  expect(new TextEncoder().encode(segment).length).toBeLessThanOrEqual(120);
}

describe("safeSegment", () => {
  it.each([
    ["../..", "___"],
    ["..", "_"],
    [".", "_"],
    ["a/b", "a_b"],
    ["a\\b", "a_b"],
    ["\u0000", "_"],
    ["", "_"],
    [" . ", "_"],
    ["x/{s}/../y", "x_{s}___y"],
    ["a..b", "a_b"],
    [".hidden", "hidden"],
    ["name. ", "name"],
    ['q<>:"|?*', "q_______"],
    ["tab\there\nnewline", "tab_here_newline"],
    ["CON", "_CON"],
    ["nul.txt", "_nul.txt"],
    ["COM1", "_COM1"],
    ["console", "console"],
    ["0007_euler_cfg6.5", "0007_euler_cfg6.5"],
    ["évolution ✓", "évolution ✓"],
    ["bidi\u202egnp.exe", "bidi_gnp.exe"],
  ])("%j → %j", (input, expected) => {
    const segment = safeSegment(input);
    expect(segment).toBe(expected);
    assertSafe(segment);
  });

  it("cuts long names to 120 UTF-8 bytes without splitting a character", () => {
    expect(safeSegment("a".repeat(300))).toBe("a".repeat(120));
    const emoji = safeSegment("😀".repeat(100)); // 4 bytes each
    expect(emoji).toBe("😀".repeat(30));
    const mixed = safeSegment(`${"é".repeat(59)}xé`); // 118 + 1 + 2 bytes
    expect(new TextEncoder().encode(mixed).length).toBe(119);
    expect(mixed.endsWith("x")).toBe(true);
  });

  it("trims dots exposed by truncation and replaces lone surrogates", () => {
    expect(safeSegment(`${"a".repeat(119)}.b`)).toBe("a".repeat(119));
    expect(safeSegment("a\ud800b")).toBe("a_b");
  });

  it("is idempotent", () => {
    for (const input of ["../..", "a/b", " x ", "CON", "é".repeat(100), "a..b"]) {
      expect(safeSegment(safeSegment(input))).toBe(safeSegment(input));
    }
  });
});
