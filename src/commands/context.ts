/**
 * What every command receives besides its options: `verb(options, ctx) → result`. The cli layer
 * builds it (cli/main.ts gives the signal) and alone turns the result into an exit code.
 */
import type { Ui } from "../ui/ui.js";

export interface CommandContext {
  readonly ui: Ui;
  /** Aborted on Ctrl-C/SIGTERM; tests may leave it out (the command then cannot be cancelled). */
  readonly signal?: AbortSignal;
  /** Where machine output (--json plans, --print) goes; stdout by default. */
  readonly write?: (text: string) => void;
  /** The folder relative paths are resolved against and shown from; process.cwd() by default. */
  readonly cwd?: string;
  /** The clock (ms since 1970) for deadlines such as cr-batch --until; Date.now by default (tests inject one). */
  readonly now?: () => number;
}

const NEVER = new AbortController().signal;

/** The context's signal, or one that never aborts. */
export function signalOf(ctx: CommandContext): AbortSignal {
  return ctx.signal ?? NEVER;
}
