/**
 * What a server sends (version strings, file names, error texts) must not drive the terminal:
 * a hostile or broken server could clear the screen, move the cursor, set the window title or
 * forge lines. Every human line passes through here on its way out of the Ui, and loses every
 * escape sequence and control character. Our own colours survive because they do not travel as
 * escapes: `ownColours` writes them with a per-process marker no server can guess, and only the
 * marker becomes ESC again, at the very end.
 */
import type { ChalkInstance } from "chalk";
import { stripControl } from "../core/text/strip-control.js";

/**
 * Stands for ESC in our own colour codes (a private-use character and a random nonce). The nonce
 * only has to be unknown to a server, which never sees this process's state, so Math.random (about
 * 100 bits from two draws) does; node:crypto would add ~6 ms to every start.
 */
const OWN_ESC = `\uE000${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
const OWN_SGR = new RegExp(`${OWN_ESC}(\\[[0-9;]*m)`, "g");

export interface SanitizeOptions {
  /** Keep line breaks (a multi-line message); otherwise each becomes a space. Default true. */
  readonly newlines?: boolean;
  /** Turn the colours made by `ownColours` into real ones (tty); otherwise they are removed. */
  readonly colours?: boolean;
}

export function sanitizeForTerminal(text: string, options: SanitizeOptions = {}): string {
  let out = stripControl(text);
  if (options.newlines === false) out = out.replace(/\n/g, " ");
  return out.replace(OWN_SGR, options.colours ? "\x1b$1" : "");
}

/** A server-given name or version shown inside one line: no controls, no line breaks. */
export function oneLine(text: string): string {
  return sanitizeForTerminal(text, { newlines: false });
}

/** The same styles, written with the marker instead of ESC so that sanitizing keeps them. */
export function ownColours(chalk: ChalkInstance): ChalkInstance {
  // The proxy stands on an empty function: chalk freezes the styles it has built, and a proxy
  // may not return anything else for a frozen property of its own target.
  const wrap = <T extends object>(real: T): T =>
    new Proxy(() => undefined, {
      get: (_target, key) => {
        const value: unknown = Reflect.get(real, key);
        // Styles are chainable functions (c.bold.red).
        return typeof value === "function" && typeof key === "string" ? wrap(value) : value;
      },
      apply: (_target, _self, args: unknown[]) => {
        const result: unknown = Reflect.apply(real as (...a: unknown[]) => unknown, undefined, args);
        return typeof result === "string" ? result.replaceAll("\x1b", OWN_ESC) : result;
      },
    }) as unknown as T;
  return wrap(chalk);
}
