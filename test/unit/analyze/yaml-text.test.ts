/**
 * cr-analyze writes its configs without the yaml package (start time); the text must be what
 * yaml's stringify writes (the goldens were made with it) and must read back as the same values.
 */
import { describe, expect, it } from "vitest";
import { Document, isMap, isSeq, parse } from "yaml";
import { type YamlMap, yamlBlock, yamlComment } from "../../../src/commands/analyze/yaml-text.js";

const YAML_OPTIONS = { lineWidth: 0, singleQuote: true, flowCollectionPadding: false, nullStr: "" } as const;

/** What yaml's Document API writes for the same map, lists in flow style. */
function viaYaml(map: YamlMap): string {
  const doc = new Document(map);
  const flowLists = (node: unknown): void => {
    if (!isMap(node)) return;
    for (const item of node.items) {
      if (isSeq(item.value)) item.value.flow = true;
      flowLists(item.value);
    }
  };
  flowLists(doc.contents);
  return doc.toString(YAML_OPTIONS);
}

const TRICKY = [
  "",
  "euler",
  "null",
  "Null",
  "~",
  "true",
  "FALSE",
  "1",
  "-12",
  "1.5",
  ".5",
  "1e5",
  "0x1F",
  "0o17",
  ".inf",
  "-.Inf",
  ".nan",
  "a: b",
  "a:b",
  "x:",
  "#x",
  "a #b",
  "a#b",
  "-",
  "- a",
  "-a",
  "?",
  "? a",
  "[x]",
  "a,b",
  "a]b",
  "{run_id:04d}",
  "{run_id:04d}_seed{seed}",
  "it's",
  'say "hi"',
  `both ' and "`,
  "---",
  "...",
  "--- x",
  "%x",
  "@x",
  "`x",
  "&a",
  "*a",
  "!a",
  "|a",
  ">a",
  "a\tb",
  "trailing ",
  " leading",
  "wan2.2_i2v_lightx2v_4steps_lora_v1_high_noise.safetensors",
  "loras/Wan 2.2/style, v2 (high).safetensors",
  "C:\\models\\x.safetensors",
  "127.0.0.1:8188",
  "http://host:8188/x",
  "héllo ✓ 中文",
];

describe("yamlBlock", () => {
  it.each(TRICKY)("writes %j as yaml does, as a value, a key and a list item", (text) => {
    const map: YamlMap = { value: text, [text]: 1, list: [text, "x"], nested: { deeper: { v: text } } };
    expect(`${yamlBlock(map).join("\n")}\n`).toBe(viaYaml(map));
    expect(parse(yamlBlock(map).join("\n"))).toEqual(map);
  });

  it("writes numbers, booleans, big integers, null and empty lists as yaml does", () => {
    const map: YamlMap = { a: 0, b: -0, c: 1.25, d: 1e21, e: 2 ** 53 + 2, f: true, g: false, h: null, i: [], j: [1, 2.5, true, "x"] };
    expect(`${yamlBlock(map).join("\n")}\n`).toBe(viaYaml(map));
    expect(yamlBlock({ seed: 18446744073709551615n })).toEqual(["seed: 18446744073709551615"]);
  });

  it("leaves out undefined values, as yaml does", () => {
    expect(yamlBlock({ a: undefined, b: 1 })).toEqual(["b: 1"]);
  });

  // Line breaks and control characters are written with JSON's escapes (yaml folds or uses its own): still the same string.
  it.each(["two\nlines", "ends with a break\n", "tab\tthen\x1b[31mescape", "\u0085next line", "nul\x00"])("reads %j back unchanged", (text) => {
    const lines = yamlBlock({ value: text, list: [text] });
    expect(lines).toHaveLength(2);
    expect(parse(lines.join("\n"))).toEqual({ value: text, list: [text] });
  });
});

describe("yamlComment", () => {
  it("comments and indents each line as yaml does, keeping empty lines empty", () => {
    const comment = " first\n\n# title\n \n  indented";
    const doc = new Document({ key: 1 });
    doc.commentBefore = comment;
    expect(yamlComment(comment).join("\n")).toBe(doc.toString(YAML_OPTIONS).replace(/\n\nkey: 1\n$/, ""));
    expect(yamlComment(comment, "  ")).toEqual(["  # first", "", "  ## title", "  #", "  #  indented"]);
  });
});
