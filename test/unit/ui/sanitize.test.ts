import { describe, expect, it } from "vitest";
import { Chalk } from "chalk";
import { oneLine, ownColours, sanitizeForTerminal } from "../../../src/ui/sanitize.js";

const ESC = "\x1b";

describe("sanitizeForTerminal", () => {
  it.each([
    ["clear screen and colour", `0.3.64 ${ESC}[2J${ESC}[31mEVIL`, "0.3.64 EVIL"],
    ["cursor up and erase line", `a${ESC}[1A${ESC}[2Kb`, "ab"],
    ["window title (OSC … BEL)", `x${ESC}]0;pwned${ESC}\\y${ESC}]2;t\x07z`, "xyz"],
    ["hyperlink (OSC 8)", `${ESC}]8;;http://evil\x07link${ESC}]8;;\x07`, "link"],
    ["OSC 52 clipboard write", `${ESC}]52;c;ZWNobyBldmls\x07ok`, "ok"],
    ["DCS string", `${ESC}P1$qm${ESC}\\ok`, "ok"],
    ["two-character escapes", `${ESC}7${ESC}cok${ESC}(B`, "ok"],
    ["an unterminated OSC ends with its line", `a${ESC}]0;title\nnext line`, "a\nnext line"],
    ["unterminated CSI at the end", `ok${ESC}[12`, "ok"],
    ["lone ESC at the end", `ok${ESC}`, "ok"],
    ["ESC and one character is one escape (ESC k, ESC M)", `o${ESC}k${ESC}Mk`, "ok"],
    ["8-bit CSI and other C1", "a\x9b2Jb\x85c\x90d", "a2Jbcd"],
    ["BEL, backspace, NUL, DEL", "a\x07b\x08c\x00d\x7fe", "abcde"],
    ["carriage returns become line breaks", "one\r\ntwo\rthree", "one\ntwo\nthree"],
    ["tab and unicode stay", "é\tあ ✔ █░", "é\tあ ✔ █░"],
  ])("%s", (_name, input, expected) => {
    expect(sanitizeForTerminal(input)).toBe(expected);
  });

  it("drops a server's colours too, but keeps ours (made by ownColours) when asked", () => {
    const c = ownColours(new Chalk({ level: 1 }));
    const text = `${c.green("✔")} run ${c.bold.red("x")} ${ESC}[2J${ESC}[1;31mred${ESC}[0m${ESC}]0;t\x07`;
    expect(sanitizeForTerminal(text, { colours: true })).toBe(`${ESC}[32m✔${ESC}[39m run ${ESC}[1m${ESC}[31mx${ESC}[39m${ESC}[22m red`);
    expect(sanitizeForTerminal(text)).toBe("✔ run x red");
  });

  it("a server cannot forge our colour marker", () => {
    const ours = ownColours(new Chalk({ level: 1 })).red("x");
    const marker = ours.slice(0, ours.indexOf("["));
    const forged = `\uE000${"0".repeat(marker.length - 1)}[2J`;
    expect(sanitizeForTerminal(forged, { colours: true })).not.toContain(ESC);
  });

  it("cannot be fooled into building an escape out of the pieces it removes", () => {
    for (const input of [`${ESC}\x00[2J`, `\x00${ESC}${ESC}[[2J`, `${ESC}${ESC}]0;x`, `\x9b${ESC}[2J`]) {
      expect(sanitizeForTerminal(input)).not.toContain(ESC);
      expect(sanitizeForTerminal(input, { colours: true })).not.toContain(ESC);
    }
  });

  it("oneLine keeps a server-given name on its line", () => {
    expect(oneLine(`evil.png\r\nOK Done: 1 file(s)`)).toBe("evil.png OK Done: 1 file(s)");
    expect(oneLine("a\nb")).toBe("a b");
  });
});
