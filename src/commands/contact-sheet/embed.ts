/** Putting data into HTML so that no value can ever become markup or code. */

/** Text for an HTML text node or a double-quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/**
 * JSON for a `<script type="application/json">` block. `<`, `>` and `&` become \u escapes, so
 * `</script>` and `<!--` cannot appear; U+2028/U+2029 are escaped for older JS parsers.
 * Bigints must be converted by the caller (JSON.parse in the page would round them).
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
