/**
 * The `scoring:` block alone, from a batch/shots config or a file holding only that block
 * (cr-score --config): the rest of the file is not checked, so any config of a batch will do.
 */
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { UserError } from "../errors.js";
import { normalizeScoring, ScoringConfigSchema, type ScoringSettings } from "../score/config-schema.js";
import { IssueList } from "./issues.js";
import { parseConfigSource } from "./source.js";
import { reportZodIssues } from "./zod-issues.js";

const withScoring = z.object({ scoring: ScoringConfigSchema.optional() });

export function parseScoringBlock(text: string, file: string): ScoringSettings {
  const source = parseConfigSource(text, file);
  const issues = new IssueList(source);
  source.syntaxErrors.forEach((line) => issues.addRaw(line));
  issues.throwIfAny();
  const data = source.data ?? {};
  const parsed = withScoring.safeParse(data);
  if (!parsed.success) {
    reportZodIssues(parsed.error.issues, withScoring, issues);
    issues.throwIfAny();
  }
  if (parsed.data?.scoring === undefined)
    throw new UserError(`${file} has no scoring: block.`, { hint: "See docs/scoring.md for the block (thresholds, judge)." });
  return normalizeScoring(parsed.data.scoring);
}

export async function loadScoringBlock(file: string): Promise<ScoringSettings> {
  const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new UserError(error.code === "ENOENT" ? `Config file not found: ${file}` : `Cannot read ${file}: ${error.message}`);
  });
  return parseScoringBlock(text, file);
}
