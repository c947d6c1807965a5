import { describe, expect, it } from "vitest";
import { escapeHtml, jsonForScript } from "../../../src/commands/contact-sheet/embed.js";
import { HOSTILE_ERROR, HOSTILE_PROMPT, HOSTILE_SAMPLER } from "../../helpers/fake-batch.js";

describe("jsonForScript", () => {
  const hostile = { a: HOSTILE_SAMPLER, b: HOSTILE_PROMPT, c: HOSTILE_ERROR, d: "<!-- <script", e: "\u2029", f: "]]>" };

  it("contains no character that could end or confuse a script block", () => {
    const text = jsonForScript(hostile);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(text.toLowerCase()).not.toContain("</script");
  });

  it("parses back to exactly the same values", () => {
    expect(JSON.parse(jsonForScript(hostile))).toEqual(hostile);
  });
});

describe("escapeHtml", () => {
  it("escapes markup and both quote kinds", () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe("&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#60;/a&#62;");
  });
});
