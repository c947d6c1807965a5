/**
 * User-given text echoed in a message must not act on the terminal: a NUL, an escape
 * sequence or a bidi override would hide or forge what the message says. Each such
 * character is shown as a visible escape instead (\0, \n, \x1b, \u202e).
 */
// C0 and C1 controls, DEL, line/paragraph separators and the bidi embedding/override/isolate marks.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { "\0": "\\0", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function visible(ch: string): string {
  const named = NAMED[ch];
  if (named !== undefined) return named;
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/** Every control character escaped: for one value quoted inside a message. */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, visible);
}

/** The same, but line feeds and tabs are kept: for a whole multi-line message. */
export function escapeControlKeepLines(text: string): string {
  return text.replace(CONTROL_BUT_LINES, visible);
}
