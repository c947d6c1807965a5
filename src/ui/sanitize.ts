/**
 * What a server sends (version strings, file names, error texts) must not drive the terminal:
 * a hostile or broken server could clear the screen, move the cursor, set the window title or
 * forge lines. Every human line passes through here on its way out of the Ui.
 */

/**
 * ESC sequences: CSI (ESC [ … final), OSC / DCS / SOS / PM / APC strings (up to BEL or ESC \,
 * or to the end when unterminated), and the two-character forms (ESC 7, ESC c, ESC ( B…).
 */
const ESCAPE_SEQUENCE = /\x1b(?:\[[0-?]*[ -/]*[@-~]?|[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?|[ -/]*[0-~]?)/g;
/** Select Graphic Rendition (colours, bold): the only sequences our own tty output is made of. */
const SGR = /^\x1b\[[0-9;]*m$/;
/**
 * C0 controls except tab, newline and ESC, DEL, and C1 controls (0x80-0x9f, e.g. the 8-bit CSI).
 * ESC is not listed: every ESC left after ESCAPE_SEQUENCE starts a colour we chose to keep.
 */
const CONTROL = /[\x00-\x08\x0b-\x1a\x1c-\x1f\x7f-\x9f]/g;

export interface SanitizeOptions {
  /** Keep line breaks (a multi-line message); otherwise each becomes a space. Default true. */
  readonly newlines?: boolean;
  /** Keep colour/bold sequences (tty mode: ours are needed, and they cannot move the cursor or erase). */
  readonly colours?: boolean;
}

export function sanitizeForTerminal(text: string, options: SanitizeOptions = {}): string {
  let out = text.replace(ESCAPE_SEQUENCE, (sequence) => (options.colours && SGR.test(sequence) ? sequence : ""));
  out = out.replace(/\r\n?/g, "\n");
  if (options.newlines === false) out = out.replace(/\n/g, " ");
  return out.replace(CONTROL, "");
}

/** A server-given name or version shown inside one line: no controls, no line breaks. */
export function oneLine(text: string): string {
  return sanitizeForTerminal(text, { newlines: false });
}
