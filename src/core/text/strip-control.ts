/**
 * Text from outside (a server, a tool's stderr, a judge's reply) loses every escape sequence and
 * control character before anyone shows or stores it for people: a hostile or broken peer could
 * otherwise clear the screen, move the cursor, set the window title or forge lines.
 */

/**
 * ESC sequences: CSI (ESC [ … final), OSC / DCS / SOS / PM / APC strings (up to BEL or ESC \,
 * or to the end of the line when unterminated), and the two-character forms (ESC 7, ESC c, ESC ( B…).
 */
const ESCAPE_SEQUENCE = /\x1b(?:\[[0-?]*[ -/]*[@-~]?|[\]PX^_][^\x07\x1b\n]*(?:\x07|\x1b\\)?|[ -/]*[0-~]?)/g;
/** C0 controls except tab and newline, DEL, and C1 controls (0x80-0x9f, e.g. the 8-bit CSI). */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

/** Escape sequences and control characters removed; tabs kept, line breaks normalised to \n. */
export function stripControl(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, "").replace(/\r\n?/g, "\n").replace(CONTROL, "");
}
