/** Collects every config problem with its location, so the user fixes them all in one go. */
import { UserError } from "../errors.js";
import { formatConfigPath, type ConfigPath, type ConfigSource } from "./source.js";

export class IssueList {
  private readonly items: { line: number; column: number; text: string }[] = [];

  constructor(private readonly source: Pick<ConfigSource, "locate" | "file">) {}

  add(path: ConfigPath, message: string, at: "key" | "value" = "value"): void {
    const where = path.length > 0 ? ` ${formatConfigPath(path)}:` : "";
    this.addRaw(`${this.source.locate(path, at)}${where} ${message}`);
  }

  /** An already-located line (`file:line:column …`), e.g. a YAML syntax error. */
  addRaw(text: string): void {
    const match = /:(\d+):(\d+)(?: |$)/.exec(text.slice(this.source.file.length));
    this.items.push({ line: Number(match?.[1] ?? 0), column: Number(match?.[2] ?? 0), text });
  }

  get count(): number {
    return this.items.length;
  }

  throwIfAny(what = "config"): void {
    if (this.items.length === 0) return;
    // In file order, as the user reads the file; sort is stable for one place.
    const sorted = [...this.items].sort((a, b) => a.line - b.line || a.column - b.column);
    throw issuesError(
      this.source.file,
      sorted.map((item) => item.text),
      what,
    );
  }
}

export function issuesError(file: string, issues: readonly string[], what = "config"): UserError {
  const message = issues.length === 1 ? (issues[0] ?? "") : `${file}: ${issues.length} problems in the ${what}:`;
  return new UserError(message, { issues: [...issues] });
}

/** The candidate closest to `input` by edit distance, when it is close enough to be a likely typo. */
export function closestMatch(input: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates];
  // An abbreviation ("euler_a" for "euler_ancestral") is a likelier meaning than a near spelling.
  const extended = input.length >= 3 ? list.filter((c) => c.toLowerCase().startsWith(input.toLowerCase()) && c.length > input.length) : [];
  if (extended.length > 0) return extended.reduce((a, b) => (b.length < a.length ? b : a));
  let best: string | undefined;
  let bestDistance = Infinity;
  const needle = input.toLowerCase();
  for (const candidate of list) {
    const distance = editDistance(needle, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const tolerance = Math.max(2, Math.floor(input.length / 3));
  return best !== undefined && bestDistance <= tolerance ? best : undefined;
}

export function didYouMean(input: string, candidates: Iterable<string>): string {
  const match = closestMatch(input, candidates);
  return match === undefined ? "" : ` (did you mean "${match}"?)`;
}

/** Optimal string alignment distance: a swap of two neighbours ("stpe" → "step") counts as one edit. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number): number => rows[i]?.[j] ?? 0;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      row[j] = best;
    }
  }
  return at(a.length, b.length);
}
