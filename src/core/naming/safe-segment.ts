const MAX_SEGMENT_BYTES = 120;
const REPLACEMENT = "_";
/**
 * Path separators, Windows-reserved characters, control characters (Cc), lone surrogates (Cs)
 * and bidi overrides/isolates, which can make a name display differently from what it is.
 */
const UNSAFE_CHARACTERS = /[/\\<>:"|?*\p{Cc}\p{Cs}\u202a-\u202e\u2066-\u2069]/gu;
const WINDOWS_DEVICE_NAME = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/iu;
const EDGE_DOTS_AND_SPACES = /^[. ]+|[. ]+$/g;

/** Cut to at most maxBytes of UTF-8 without splitting a character. */
function truncateUtf8(text: string, maxBytes: number): string {
  const encoder = new TextEncoder();
  if (encoder.encode(text).length <= maxBytes) return text;
  let out = "";
  let bytes = 0;
  for (const ch of text) {
    const size = encoder.encode(ch).length;
    if (bytes + size > maxBytes) break;
    out += ch;
    bytes += size;
  }
  return out;
}

/**
 * Make any string a single, portable path segment: it can never climb out of its directory,
 * name a hidden file or a Windows device, or exceed 120 UTF-8 bytes. Never returns "".
 */
export function safeSegment(name: string): string {
  let segment = name
    .replace(UNSAFE_CHARACTERS, REPLACEMENT)
    .replace(/\.{2,}/g, REPLACEMENT)
    .replace(EDGE_DOTS_AND_SPACES, "");
  if (WINDOWS_DEVICE_NAME.test(segment)) segment = REPLACEMENT + segment;
  // Truncation can expose a trailing dot or space again, so trim once more afterwards.
  segment = truncateUtf8(segment, MAX_SEGMENT_BYTES).replace(EDGE_DOTS_AND_SPACES, "");
  return segment === "" ? REPLACEMENT : segment;
}
