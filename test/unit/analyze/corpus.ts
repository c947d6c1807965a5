/**
 * The corpus of real workflows (test/fixtures/analyze-corpus): each workflow's expected knobs
 * and traps, checked against an analysis. Shared by the corpus test and anything that wants the figures.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Analysis, Candidate } from "../../../src/commands/analyze/types.js";
import { SAMPLER_NAMES, SCHEDULER_NAMES } from "../../../src/core/nodes/builtin-defs.js";
import { parseWorkflowText } from "../../../src/core/workflow/load.js";
import type { Workflow } from "../../../src/core/workflow/model.js";

export const CORPUS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../fixtures/analyze-corpus");

export interface Knob {
  readonly paths: readonly string[];
  readonly type: Candidate["type"];
}

export type Trap =
  | { readonly kind: "inactive" | "absent" | "no-range" | "float01" | "min1" | "no-core-values"; readonly path: string }
  | { readonly kind: "note"; readonly path: string; readonly match: string }
  | { readonly kind: "separate"; readonly paths: readonly string[] };

export interface CorpusEntry {
  readonly file: string;
  readonly family: string;
  /** Where the source lives: owner/name, the file's path and a 40-hex commit. */
  readonly repo: string;
  readonly path: string;
  readonly commit: string;
  readonly packs: readonly string[];
  readonly knobs: readonly Knob[];
  readonly traps: readonly Trap[];
}

export function readManifest(): CorpusEntry[] {
  const manifest = JSON.parse(readFileSync(path.join(CORPUS_DIR, "manifest.json"), "utf8")) as { workflows: CorpusEntry[] };
  return manifest.workflows;
}

export function readCorpusWorkflow(file: string): Workflow {
  return parseWorkflowText(readFileSync(path.join(CORPUS_DIR, "workflows", file), "utf8"), file);
}

const samePaths = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((p) => b.includes(p));

/** Undefined when the knob is there, active, with exactly these paths and this type; else why not. */
export function knobMiss(analysis: Analysis, knob: Knob): string | undefined {
  const found = analysis.candidates.find((c) =>
    samePaths(
      c.refs.map((r) => r.path),
      knob.paths,
    ),
  );
  if (!found) {
    const partial = analysis.candidates.find((c) => c.refs.some((r) => knob.paths.includes(r.path)));
    return partial ? `linked as [${partial.refs.map((r) => r.path).join(", ")}] (${partial.proposed ? "active" : "inactive"})` : "no candidate";
  }
  if (!found.proposed) return `inactive (${found.type})`;
  if (found.type !== knob.type) return `type ${found.type}`;
  return undefined;
}

/** Undefined when the trap is avoided; else what went wrong. */
export function trapHit(analysis: Analysis, trap: Trap): string | undefined {
  if (trap.kind === "separate") {
    const both = analysis.candidates.find((c) => trap.paths.every((p) => c.refs.some((r) => r.path === p)));
    return both ? `linked as ${both.name}` : undefined;
  }
  const c = analysis.candidates.find((x) => x.refs.some((r) => r.path === trap.path));
  switch (trap.kind) {
    case "absent":
      return c ? `listed as ${c.name}` : undefined;
    case "inactive":
      return c?.proposed ? `active as ${c.name}` : undefined;
    case "no-range":
      return c?.range ? `ranged ${c.range.min}–${c.range.max}` : undefined;
    case "float01":
      if (!c) return undefined;
      if (c.type !== "continuous") return `type ${c.type}`;
      return c.range && (c.range.min < 0 || c.range.max > 1) ? `range ${c.range.min}–${c.range.max}` : undefined;
    case "min1":
      return c?.range && c.range.min < 1 ? `min ${c.range.min}` : undefined;
    case "no-core-values": {
      if (!c?.proposed) return undefined;
      const core = new Set([...SAMPLER_NAMES, ...SCHEDULER_NAMES]);
      const foreign = (c.values ?? []).filter((v) => typeof v === "string" && core.has(v) && v !== c.current);
      return foreign.length > 0 ? `offers ${foreign.join(", ")}` : undefined;
    }
    case "note":
      return c && !c.notes.some((n) => new RegExp(trap.match, "i").test(n)) ? `notes: ${c.notes.join(" | ") || "none"}` : undefined;
  }
}

export interface Score {
  readonly knobs: number;
  readonly knobsOk: number;
  readonly traps: number;
  readonly trapsOk: number;
  readonly failures: string[];
}

export function score(entries: readonly CorpusEntry[], analyze: (entry: CorpusEntry) => Analysis): Score {
  const failures: string[] = [];
  let knobs = 0;
  let knobsOk = 0;
  let traps = 0;
  let trapsOk = 0;
  for (const entry of entries) {
    const analysis = analyze(entry);
    for (const knob of entry.knobs) {
      knobs++;
      const miss = knobMiss(analysis, knob);
      if (miss) failures.push(`${entry.file}: knob [${knob.paths.join(", ")}] ${knob.type}: ${miss}`);
      else knobsOk++;
    }
    for (const trap of entry.traps) {
      traps++;
      const hit = trapHit(analysis, trap);
      if (hit) failures.push(`${entry.file}: trap ${trap.kind} ${"path" in trap ? trap.path : trap.paths.join(" + ")}: ${hit}`);
      else trapsOk++;
    }
  }
  return { knobs, knobsOk, traps, trapsOk, failures };
}
