import { describe, expect, it } from "vitest";
import { escapeControl, escapeControlKeepLines } from "../../../src/core/text/escape-control.js";

describe("escapeControl", () => {
  it("shows NUL, escape sequences, C1 controls and bidi overrides as visible escapes", () => {
    expect(escapeControl("a\u0000b\u001b[2J\u0007c\u009bd\u202ee\r\n\t")).toBe("a\\0b\\x1b[2J\\x07c\\x9bd\\u202ee\\r\\n\\t");
  });

  it("keeps line feeds and tabs when escaping a whole message, and leaves ordinary text alone", () => {
    expect(escapeControlKeepLines("line 1\n\tline 2 \u0000 é あ")).toBe("line 1\n\tline 2 \\0 é あ");
  });
});
