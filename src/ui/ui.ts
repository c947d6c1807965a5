/**
 * Terminal output for the binaries. Three modes:
 *   tty   – colour, spinners and in-place progress (stdout is a terminal, NO_COLOR unset)
 *   plain – one line per event, no escape codes (screen logs, nohup, pipes, NO_COLOR)
 *   json  – NDJSON events on stdout; human lines go to stderr so the stream stays parseable
 * Commands receive a Ui; the core never prints.
 */
import chalk, { Chalk, type ChalkInstance } from "chalk";
import type { Ora } from "ora";

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
}

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
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const c = mode === "tty" ? chalk : new Chalk({ level: 0 });
  const human = mode === "json" ? stderr : stdout;
  let activeSpinner: Ora | undefined;

  const write = (text: string): void => {
    if (activeSpinner?.isSpinning) {
      activeSpinner.clear();
      human.write(`${text}\n`);
      activeSpinner.render();
    } else {
      human.write(`${text}\n`);
    }
  };

  return {
    mode,
    c,
    line: (text = "") => write(text),
    info: (text) => write(text),
    success: (text) => write(mode === "tty" ? `${c.green("✔")} ${text}` : `OK ${text}`),
    warn: (text) => write(mode === "tty" ? `${c.yellow("⚠")} ${c.yellow(text)}` : `WARNING: ${text}`),
    event: (kind, data) => {
      if (mode === "json") stdout.write(`${JSON.stringify({ kind, time: new Date().toISOString(), ...data }, jsonReplacer)}\n`);
    },
    status: async (initial) => {
      if (mode !== "tty") return plainStatus(write, mode, initial);
      const { default: ora } = await import("ora");
      const spinner = ora({ text: initial, stream: human, discardStdin: false }).start();
      activeSpinner = spinner;
      return {
        update: (text) => {
          spinner.text = text;
        },
        done: (text) => {
          if (text) spinner.stopAndPersist({ symbol: "", text });
          else spinner.stop();
          activeSpinner = undefined;
        },
      };
    },
  };
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
