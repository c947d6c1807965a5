/**
 * Name tests written as word lists rather than large regular expressions. V8 compiles a regex on
 * its first use, and compiling the big alternations the analysis needs cost cr-analyze several
 * milliseconds of its start (issue 16: within 40 ms of a bare `node -e 0`); set and substring
 * look-ups cost nothing to prepare. Words are lower case; case-blind rules lower the name first.
 */
export interface WordRule {
  /** The whole name is one of these. */
  readonly exact?: readonly string[];
  readonly prefix?: readonly string[];
  readonly suffix?: readonly string[];
  /** The name contains one of these. */
  readonly within?: readonly string[];
  /** Compare in lower case (a regex's /i). */
  readonly anyCase?: boolean;
}

export type NameTest = (name: string) => boolean;

export function wordTest(rule: WordRule): NameTest {
  const exact = new Set(rule.exact ?? []);
  const { prefix = [], suffix = [], within = [], anyCase = false } = rule;
  return (raw) => {
    const name = anyCase ? raw.toLowerCase() : raw;
    return exact.has(name) || prefix.some((p) => name.startsWith(p)) || suffix.some((s) => name.endsWith(s)) || within.some((w) => name.includes(w));
  };
}
