/**
 * The one place that prints errors and picks the exit code. Only src/bin/ calls runMain, with a cli
 * module's `main`; the cli layer alone turns a command's result into an exit code.
 */
import { BugError, ExitCode, InterruptedError, UserError, isKnownError, messageOf } from "../core/errors.js";
import { escapeControlKeepLines } from "../core/text/escape-control.js";
import { sanitizeForTerminal } from "../ui/sanitize.js";
import { whenStdioBuilt } from "./stdio.js";

export interface MainContext {
  /** Aborted on the first SIGINT/SIGTERM (and SIGHUP unless the command outlives its terminal); a second signal exits at once. */
  readonly signal: AbortSignal;
  /** Aborted on SIGHUP: the terminal is gone (give it to createUi so nothing more is written to it). */
  readonly hangup: AbortSignal;
  readonly argv: readonly string[];
}

export interface MainOptions {
  /**
   * What SIGHUP (the SSH session or terminal went away) means. "cancel": stop like Ctrl-C.
   * "continue": keep working without the terminal (cr-batch, cr-shots: the night goes on, batch.log
   * has the output).
   */
  readonly onHangup?: "cancel" | "continue";
}

export async function runMain(program: (ctx: MainContext) => Promise<unknown>, options: MainOptions = {}): Promise<void> {
  const controller = new AbortController();
  const hangup = new AbortController();
  const toStderr = (text: string): void => {
    // A terminal that hung up answers every write with EIO; there is no one to tell.
    if (!(hangup.signal.aborted && process.stderr.isTTY)) process.stderr.write(text);
  };
  let signals = 0;
  const stop = (name: string): void => {
    signals++;
    if (signals === 1) {
      toStderr(`\n${name}: stopping cleanly (press Ctrl-C again to quit at once)…\n`);
      controller.abort(new InterruptedError());
    } else {
      toStderr("Quitting now.\n");
      process.exit(ExitCode.cancelled);
    }
  };
  const onSignal = (name: NodeJS.Signals): void => stop(name === "SIGINT" ? "Ctrl-C" : name);
  const onHangup = (): void => {
    hangup.abort();
    // Only the first SIGHUP counts as a stop: a hung-up terminal may send more than one.
    if (options.onHangup !== "continue" && signals === 0) stop("SIGHUP (terminal closed)");
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  process.on("SIGHUP", onHangup);
  const onStreamError = (error: NodeJS.ErrnoException): void => {
    // `cr-batch --json | head`: a reader that goes away is not an error worth a stack trace.
    if (error.code === "EPIPE" && !hangup.signal.aborted) process.exit(process.exitCode ?? 0);
    // The terminal or its reader is gone after a hang-up: the Ui stops writing; the work goes on.
    if (error.code === "EPIPE" || error.code === "EIO") return;
    throw error;
  };
  // Attached when each stream is built, not by building it here (src/cli/stdio.ts says why).
  whenStdioBuilt("stdout", (stream) => stream.on("error", onStreamError));
  whenStdioBuilt("stderr", (stream) => stream.on("error", onStreamError));

  try {
    const code = await program({ signal: controller.signal, hangup: hangup.signal, argv: process.argv.slice(2) });
    process.exitCode = typeof code === "number" ? code : ExitCode.ok;
  } catch (error) {
    process.exitCode = reportError(error, toStderr);
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    process.off("SIGHUP", onHangup);
  }
}

/** commander's own errors, told by their code so that runMain does not load commander (cr-analyze's fast path never does). */
function isCommanderError(error: unknown): error is Error & { readonly exitCode: number } {
  const { code, exitCode } = (error ?? {}) as { code?: unknown; exitCode?: unknown };
  return error instanceof Error && typeof code === "string" && code.startsWith("commander.") && typeof exitCode === "number";
}

/** Prints the error for a human and returns the exit code. */
export function reportError(error: unknown, writeRaw: (text: string) => void = (t) => process.stderr.write(t)): number {
  // Messages quote what servers said (node errors, reply bodies): nothing in them may drive the terminal.
  const write = (text: string): void => writeRaw(sanitizeForTerminal(text));
  if (isCommanderError(error)) {
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
    // Messages echo file names, flags and config values: show their control characters (\0, \x1b) rather than drop them.
    write(`${escapeControlKeepLines(lines.join("\n"))}\n`);
    return error.exitCode;
  }
  const stack = error instanceof Error && error.stack ? error.stack : messageOf(error);
  write(`Internal error (a bug in comfy-runner): ${messageOf(error)}\n${stack}\nPlease report this with the command you ran.\n`);
  return ExitCode.bug;
}
