import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { runInNewContext } from "node:vm";
import { afterAll, describe, expect, it } from "vitest";
import { bundlePage } from "../../../scripts/page-bundler.mjs";
import { PAGE_JS } from "../../../src/commands/contact-sheet/page-bundle.generated.js";

const root = path.resolve(import.meta.dirname, "../../..");

describe("the page bundle", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it("is up to date with src/page (run `node scripts/bundle-page.mjs` when this fails)", async () => {
    const generated = await readFile(path.join(root, "src/commands/contact-sheet/page-bundle.generated.ts"), "utf8");
    const { code, module } = await bundlePage(root);
    expect(generated).toBe(module);
    expect(PAGE_JS).toBe(code);
  });

  it("is one strict IIFE that cannot end its script element", () => {
    expect(PAGE_JS).toMatch(/^\(function\(\) \{\s*"use strict";/);
    expect(PAGE_JS).not.toMatch(/<\/script|<!--|^\s*(import|export)\s/im);
  });

  it("can import a pure module of src/core (its ./x.js imports resolve to .ts)", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "page-bundle-"));
    dirs.push(dir);
    const entry = path.join(dir, "entry.ts");
    const core = path.join(root, "src/core/analysis/bradley-terry.js");
    await writeFile(
      entry,
      `import { fitBradleyTerry, ranking } from ${JSON.stringify(core)};\n(globalThis as { result?: number[] }).result = ranking(fitBradleyTerry(3, [{ a: 2, b: 0, outcome: "a" }, { a: 2, b: 1, outcome: "a" }, { a: 1, b: 0, outcome: "a" }]));\n`,
    );
    const { code } = await bundlePage(root, entry);
    const context: { result?: number[] } = {};
    runInNewContext(code, context);
    expect(context.result).toEqual([2, 1, 0]);
  });
});
