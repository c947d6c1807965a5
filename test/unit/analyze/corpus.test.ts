/**
 * cr-analyze on the corpus of real workflows: the share of expected knobs active with the right
 * shape and the share of traps avoided, with the built-in node table (what a new user gets).
 * The figures are printed; run: npx vitest run test/unit/analyze/corpus.test.ts
 */
import { describe, expect, it } from "vitest";
import { analyze } from "./helpers.js";
import { readCorpusWorkflow, readManifest, score } from "./corpus.js";

const entries = readManifest();

describe("corpus of real workflows", () => {
  it("has at least 20 workflows from at least 10 custom-node packs, each loadable", () => {
    expect(entries.length).toBeGreaterThanOrEqual(20);
    expect(new Set(entries.flatMap((e) => e.packs)).size).toBeGreaterThanOrEqual(10);
    for (const e of entries) expect(Object.keys(readCorpusWorkflow(e.file)).length, e.file).toBeGreaterThan(3);
  });

  it("pins every workflow by repository, path and commit", () => {
    for (const e of entries) {
      expect(e.repo, e.file).toMatch(/^[\w.-]+\/[\w.-]+$/);
      expect(e.path, e.file).not.toBe("");
      expect(e.commit, e.file).toMatch(/^[0-9a-f]{40}$/);
    }
  });

  it("keeps >= 95% of the expected knobs active with the right shape and avoids >= 98% of the traps", () => {
    const result = score(entries, (e) => analyze(readCorpusWorkflow(e.file), "builtin", e.file));
    const knobPct = (100 * result.knobsOk) / result.knobs;
    const trapPct = (100 * result.trapsOk) / result.traps;
    console.log(
      `corpus: ${entries.length} workflows; knobs ${result.knobsOk}/${result.knobs} = ${knobPct.toFixed(1)}%; traps avoided ${result.trapsOk}/${result.traps} = ${trapPct.toFixed(1)}%` +
        (result.failures.length > 0 ? `\n  ${result.failures.join("\n  ")}` : ""),
    );
    expect(knobPct).toBeGreaterThanOrEqual(95);
    expect(trapPct).toBeGreaterThanOrEqual(98);
  });
});
