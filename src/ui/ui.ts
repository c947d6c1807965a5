/**
 * Terminal output for the binaries. Three modes:
 *   tty   – colour, spinners and in-place progress (stdout is a terminal, NO_COLOR unset)
 *   plain – one line per event, no escape codes (screen logs, nohup, pipes, NO_COLOR)
 *   json  – NDJSON events on stdout; human lines go to stderr so the stream stays parseable
 * Commands receive a Ui; the core never prints.
 */
import chalk, { Chalk, type ChalkInstance } from "chalk";
import type { Ora } from "ora";
import { ownColours, sanitizeForTerminal } from "./sanitize.js";

export type UiMode = "tty" | "plain" | "json";

export interface Status {
  /** Replace the live status line (tty) or print it when it changed enough (plain). */
  update(text: string): void;
  /** Finish the status line with a final message. */
  done(text?: string): void;
}

export interface Ui {
  readonly mode: UiMode;
  readonly c: ChalkInstance;
  /** Aborted when the terminal went away (SIGHUP): the Ui has stopped writing to it. */
  readonly hangup?: AbortSignal;
  /** A line for humans (stdout, or stderr in json mode). */
  line(text?: string): void;
  info(text: string): void;
  success(text: string): void;
  warn(text: string): void;
  /** A machine-readable event: printed only in json mode. */
  event(kind: string, data: Record<string, unknown>): void;
  status(initial: string): Promise<Status>;
}

export interface UiOptions {
  json?: boolean;
  stdout?: NodeJS.WriteStream;
  stderr?: NodeJS.WriteStream;
  env?: NodeJS.ProcessEnv;
  /** Aborted on SIGHUP (see cli/main.ts): from then on nothing is written to a terminal. */
  hangup?: AbortSignal;
}

/** Width when the terminal reports none: a pty with no size says 0, and ora then never stops clearing lines. */
export const DEFAULT_COLUMNS = 80;

export function pickMode(options: UiOptions): UiMode {
  if (options.json) return "json";
  const env = options.env ?? process.env;
  const stdout = options.stdout ?? process.stdout;
  if (env["NO_COLOR"] !== undefined && env["NO_COLOR"] !== "") return "plain";
  if (env["TERM"] === "dumb" || env["CI"]) return "plain";
  return stdout.isTTY ? "tty" : "plain";
}

export function createUi(options: UiOptions = {}): Ui {
  const mode = pickMode(options);
  const stdout = new Output(options.stdout ?? process.stdout, options.hangup);
  const stderr = new Output(options.stderr ?? process.stderr, options.hangup);
  const human = mode === "json" ? stderr : stdout;
  const c = mode === "tty" ? ownColours(chalk) : new Chalk({ level: 0 });
  let activeSpinner: Ora | undefined;
  options.hangup?.addEventListener("abort", () => activeSpinner?.stop(), { once: true });

  const write = (text: string): void => {
    const clean = sanitizeForTerminal(text, { colours: mode === "tty" });
    if (activeSpinner?.isSpinning) {
      activeSpinner.clear();
      human.write(`${clean}\n`);
      activeSpinner.render();
    } else {
      human.write(`${clean}\n`);
    }
  };

  return {
    mode,
    c,
    ...(options.hangup ? { hangup: options.hangup } : {}),
    ...humanLines(mode, c, write),
    event: (kind, data) => {
      if (mode === "json") stdout.write(`${JSON.stringify({ kind, time: new Date().toISOString(), ...data }, jsonReplacer)}\n`);
    },
    status: async (initial) => {
      if (mode !== "tty") return plainStatus(write, mode, initial);
      if (options.hangup?.aborted) return plainStatus(() => undefined, mode, initial);
      const { default: ora } = await import("ora");
      const spinner = ora({ text: clean(initial), stream: human.forSpinner(), discardStdin: false }).start();
      activeSpinner = spinner;
      return {
        update: (text) => {
          spinner.text = clean(text);
        },
        done: (text) => {
          if (text) spinner.stopAndPersist({ symbol: "", text: clean(text) });
          else spinner.stop();
          activeSpinner = undefined;
        },
      };
    },
  };
}

/**
 * A plain Ui that hands each line to `writeLine` (batch.log): the lines a non-terminal stdout
 * would get, with every control character removed.
 */
export function createLineUi(writeLine: (text: string) => void): Ui {
  const write = (text: string): void => writeLine(sanitizeForTerminal(text));
  const c = new Chalk({ level: 0 });
  return {
    mode: "plain",
    c,
    ...humanLines("plain", c, write),
    event: () => undefined,
    status: async (initial) => plainStatus(write, "plain", initial),
  };
}

/** Every human line and status goes to each Ui; events and colours are the first one's. */
export function teeUi(first: Ui, ...others: Ui[]): Ui {
  const all = [first, ...others];
  return {
    mode: first.mode,
    c: first.c,
    ...(first.hangup ? { hangup: first.hangup } : {}),
    line: (text) => all.forEach((ui) => ui.line(text)),
    info: (text) => all.forEach((ui) => ui.info(text)),
    success: (text) => all.forEach((ui) => ui.success(text)),
    warn: (text) => all.forEach((ui) => ui.warn(text)),
    event: (kind, data) => first.event(kind, data),
    status: async (initial) => {
      const statuses = await Promise.all(all.map((ui) => ui.status(initial)));
      return {
        update: (text) => statuses.forEach((s) => s.update(text)),
        done: (text) => statuses.forEach((s) => s.done(text)),
      };
    },
  };
}

function humanLines(mode: UiMode, c: ChalkInstance, write: (text: string) => void): Pick<Ui, "line" | "info" | "success" | "warn"> {
  return {
    line: (text = "") => write(text),
    info: (text) => write(text),
    success: (text) => write(mode === "tty" ? `${c.green("✔")} ${text}` : `OK ${text}`),
    warn: (text) => write(mode === "tty" ? `${c.yellow("⚠")} ${c.yellow(text)}` : `WARNING: ${text}`),
  };
}

function clean(text: string): string {
  return sanitizeForTerminal(text, { colours: true });
}

/**
 * One output stream. It goes quiet when it is a terminal and the terminal hung up, or when a
 * write failed because the reader or terminal is gone (EIO, EPIPE): a batch must outlive its
 * SSH session, and a dead terminal is no reason to stop.
 */
class Output {
  private lost = false;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    hangup: AbortSignal | undefined,
  ) {
    if (stream.isTTY) hangup?.addEventListener("abort", () => (this.lost = true), { once: true });
    if (hangup) {
      stream.on("error", (error: NodeJS.ErrnoException) => {
        if (error.code === "EIO" || error.code === "EPIPE") this.lost = true;
      });
    }
  }

  write(text: string): void {
    if (!this.lost) this.stream.write(text);
  }

  /**
   * What ora draws on: the terminal with a sane width (a pty with no size reports 0 columns, and
   * ora would then clear an infinite number of lines, blocking the event loop and every signal),
   * and nothing at all once the terminal is gone.
   */
  forSpinner(): NodeJS.WriteStream {
    const target = this.stream;
    const alive = (): boolean => !this.lost;
    const adapter = {
      isTTY: true,
      get columns(): number {
        return target.columns > 0 ? target.columns : DEFAULT_COLUMNS;
      },
      get rows(): number {
        return target.rows;
      },
      write: (chunk: string) => (alive() ? target.write(chunk) : true),
      cursorTo: (x: number, y?: number) => (alive() ? target.cursorTo(x, y as number) : true),
      moveCursor: (dx: number, dy: number) => (alive() ? target.moveCursor(dx, dy) : true),
      clearLine: (dir: -1 | 0 | 1) => (alive() ? target.clearLine(dir) : true),
      once: (event: string, listener: () => void) => {
        target.once(event, listener);
        return adapter;
      },
      removeListener: (event: string, listener: () => void) => {
        target.removeListener(event, listener);
        return adapter;
      },
    };
    return adapter as unknown as NodeJS.WriteStream;
  }
}

/**
 * Plain mode: a status line is printed when what it says changes (another node, another
 * run), not when only its numbers or bar move; those repeat at most every 15 s.
 */
function plainStatus(write: (t: string) => void, mode: UiMode, initial: string): Status {
  const shape = (text: string): string => text.replace(/[█░]+/g, "").replace(/\d+(\.\d+)?/g, "#");
  let lastShape = "";
  let lastAt = 0;
  const emit = (text: string, force: boolean): void => {
    if (mode === "json") return;
    const now = Date.now();
    if (force || shape(text) !== lastShape || now - lastAt > 15_000) {
      write(text);
      lastShape = shape(text);
      lastAt = now;
    }
  };
  emit(initial, true);
  return { update: (text) => emit(text, false), done: (text) => text && emit(text, true) };
}

function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? (Number.isSafeInteger(Number(value)) ? Number(value) : value.toString()) : value;
}
