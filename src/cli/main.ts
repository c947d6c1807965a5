/**
 * The one place that prints errors and picks the exit code. Every binary calls runMain.
 */
import { BugError, ExitCode, InterruptedError, UserError, isKnownError, messageOf } from "../core/errors.js";
import { CommanderError } from "commander";
import { escapeControlKeepLines } from "../core/text/escape-control.js";

export interface MainContext {
  /** Aborted on the first SIGINT/SIGTERM; a second signal exits at once. */
  readonly signal: AbortSignal;
  readonly argv: readonly string[];
}

export async function runMain(program: (ctx: MainContext) => Promise<number | void>): Promise<void> {
  const controller = new AbortController();
  let signals = 0;
  const onSignal = (name: NodeJS.Signals): void => {
    signals++;
    if (signals === 1) {
      process.stderr.write(`\n${name === "SIGINT" ? "Ctrl-C" : name}: stopping cleanly (press Ctrl-C again to quit at once)…\n`);
      controller.abort(new InterruptedError());
    } else {
      process.stderr.write("Quitting now.\n");
      process.exit(ExitCode.cancelled);
    }
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  // `cr-batch --json | head`: a reader that goes away is not an error worth a stack trace.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });

  try {
    const code = await program({ signal: controller.signal, argv: process.argv.slice(2) });
    process.exitCode = code ?? ExitCode.ok;
  } catch (error) {
    process.exitCode = reportError(error);
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

/** Prints the error for a human and returns the exit code. */
export function reportError(error: unknown, write: (text: string) => void = (t) => process.stderr.write(t)): number {
  if (error instanceof CommanderError) {
    // commander already printed its message; exitCode 0 for --help/--version.
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.badInput;
  }
  if (isKnownError(error) && !(error instanceof BugError)) {
    const lines = [`Error: ${error.message}`];
    if (error instanceof UserError && error.issues.length > 1) {
      for (const issue of error.issues) lines.push(`  - ${issue}`);
    }
    if (error.hint) lines.push(`  ${error.hint}`);
    if (error instanceof InterruptedError) lines[0] = error.message;
    // Messages echo file names, flags and config values: never let one act on the terminal.
    write(`${escapeControlKeepLines(lines.join("\n"))}\n`);
    return error.exitCode;
  }
  const stack = error instanceof Error && error.stack ? error.stack : messageOf(error);
  write(`Internal error (a bug in comfy-runner): ${messageOf(error)}\n${stack}\nPlease report this with the command you ran.\n`);
  return ExitCode.bug;
}
