/** The contract between bench/run-all.ts and each benchmark module in bench/. */

export interface BenchResult {
  /** The headline number as a human reads it, e.g. "1.04x curl, 61 MB RSS". */
  readonly figure: string;
  /** Whether the target was met; undefined when the benchmark has no pass/fail target. */
  readonly pass: boolean | undefined;
  readonly details?: Record<string, unknown>;
}

export interface BenchContext {
  /** Aborted when the benchmark runs out of its time budget: kill children, stop early. */
  readonly signal: AbortSignal;
  /** Date.now() value by which run() should have returned. */
  readonly deadline: number;
}

export interface Bench {
  readonly name: string;
  /** The target in words, e.g. "<= 1.10x curl, RSS < 100 MB". */
  readonly target: string;
  /** Time this benchmark may take (default: the harness's per-benchmark default). */
  readonly budgetMs?: number;
  readonly run: (context: BenchContext) => Promise<BenchResult>;
}

/** Each module in bench/ exports `bench`; checked at run time because modules are found by listing. */
export function isBench(value: unknown): value is Bench {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate["name"] === "string" && typeof candidate["target"] === "string" && typeof candidate["run"] === "function";
}
