/**
 * The small set of error classes every module throws. Only the binary entry point
 * (src/cli/main.ts) turns them into a message and an exit code.
 *
 * Exit codes (fixed by the foundation issue):
 *   0 success · 1 a run failed or was interrupted on the server · 2 bad input
 *   3 server unreachable or timed out · 130 cancelled by the user · 70 internal bug
 */

export const ExitCode = {
  ok: 0,
  runFailed: 1,
  badInput: 2,
  server: 3,
  bug: 70,
  cancelled: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

abstract class ComfyRunnerError extends Error {
  abstract readonly exitCode: ExitCode;
  /** One optional line telling the user what to do about it. */
  readonly hint: string | undefined;

  constructor(message: string, options?: { hint?: string | undefined; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.hint = options?.hint;
  }
}

/** Bad input the user can fix: a file, a flag, a config, a workflow, a rejected prompt. */
export class UserError extends ComfyRunnerError {
  readonly exitCode = ExitCode.badInput;
  /** Every problem found, when there is more than one (config validation reports all at once). */
  readonly issues: readonly string[];

  constructor(message: string, options?: { hint?: string | undefined; cause?: unknown; issues?: readonly string[] }) {
    super(message, options);
    this.issues = options?.issues ?? [];
  }
}

/** The server could not be reached, answered with something unusable, or timed out. */
export class ServerError extends ComfyRunnerError {
  readonly exitCode = ExitCode.server;
  readonly url: string | undefined;
  readonly status: number | undefined;

  constructor(message: string, options?: { hint?: string | undefined; cause?: unknown; url?: string; status?: number }) {
    super(message, options);
    this.url = options?.url;
    this.status = options?.status;
  }
}

/** A run reached the server and failed or was interrupted there. */
export class RunFailedError extends ComfyRunnerError {
  readonly exitCode = ExitCode.runFailed;
}

/** The user asked us to stop (Ctrl-C, SIGTERM). */
export class InterruptedError extends ComfyRunnerError {
  readonly exitCode = ExitCode.cancelled;
  constructor(message = "Cancelled.", options?: { hint?: string | undefined; cause?: unknown }) {
    super(message, options);
  }
}

/** A state that should be impossible. Printed with its stack and a request to report it. */
export class BugError extends ComfyRunnerError {
  readonly exitCode = ExitCode.bug;
}

export type KnownError = UserError | ServerError | RunFailedError | InterruptedError | BugError;

export function isKnownError(error: unknown): error is KnownError {
  return error instanceof ComfyRunnerError;
}

/** The error's own message, or a readable stand-in for non-Error throwables. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
