/** Server addresses and connection settings shared by every command. */
import { UserError } from "../errors.js";
import { escapeControl } from "../text/escape-control.js";

export interface ServerTarget {
  /** Normalised base URL without a trailing slash, e.g. http://127.0.0.1:8188 */
  readonly url: string;
  /** Extra headers for servers behind a proxy (Authorization, cookies). Never Origin. */
  readonly headers: Readonly<Record<string, string>>;
}

/** Accepts host:port, a bare host, or an http(s) URL (optionally with a path prefix). */
export function normalizeServerUrl(input: string): string {
  const text = input.trim();
  if (text === "") throw new UserError("The server address is empty.", { hint: "Use host:port or http://host:port." });
  const hint = "Use host:port (127.0.0.1:8188) or a URL (https://comfy.example.com).";
  const scheme = /^([^/:]*):\/\//.exec(text)?.[1];
  if (scheme !== undefined && !/^[a-z][a-z0-9+.-]*$/i.test(scheme)) {
    throw new UserError(`Invalid server address '${escapeControl(input)}': '${escapeControl(scheme)}' is not a URL scheme.`, { hint });
  }
  const withScheme = scheme !== undefined ? text : `http://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new UserError(`Invalid server address '${escapeControl(input)}'.`, { hint });
  }
  // WHATWG URLs accept hosts such as "ht!tp" that no resolver will ever find.
  if (url.hostname === "" || !/^(\[[0-9a-f:.]+\]|[a-z0-9._~%-]+)$/i.test(url.hostname)) {
    throw new UserError(`Invalid server address '${escapeControl(input)}': '${escapeControl(url.hostname)}' is not a host name or IP address.`, { hint });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UserError(`Invalid server address '${input}': only http and https are supported.`);
  }
  if (url.search || url.hash) throw new UserError(`Invalid server address '${input}': remove the query or fragment.`);
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, "")}`;
}

/** Parses repeated `--header 'Name: value'` flags; COMFYUI_TOKEN becomes a bearer token. */
export function parseHeaders(flags: readonly string[], token?: string): Record<string, string> {
  const headers: Record<string, string> = {};
  if (token) {
    if (/[^\x21-\x7e]/.test(token.trim())) throw new UserError("COMFYUI_TOKEN contains a space, a line break or another character a header cannot carry.");
    headers["authorization"] = `Bearer ${token.trim()}`;
  }
  for (const flag of flags) {
    const colon = flag.indexOf(":");
    const name = colon > 0 ? flag.slice(0, colon).trim() : "";
    if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) {
      throw new UserError(`Invalid header '${escapeControl(flag)}'.`, { hint: "Write it as 'Name: value', e.g. --header 'Authorization: Bearer abc'." });
    }
    if (name.toLowerCase() === "origin") {
      throw new UserError("An Origin header makes ComfyUI answer 403 for loopback hosts; it is never sent.");
    }
    const value = flag.slice(colon + 1).trim();
    // undici refuses these at request time, where they would look like an unreachable server.
    if (/[^\t\x20-\x7e\x80-\xff]/.test(value)) {
      throw new UserError(`Invalid header '${escapeControl(name)}': its value contains a line break or another control character.`, {
        hint: "Pass the value on one line, without CR, LF or NUL.",
      });
    }
    headers[name.toLowerCase()] = value;
  }
  return headers;
}

/** Flags, then env COMFYUI_URL, then the config's servers, then 127.0.0.1:8188. */
export function resolveServers(
  flagServers: string | readonly string[] | undefined,
  configServers: readonly string[] = [],
  headerFlags: readonly string[] = [],
  env: NodeJS.ProcessEnv = process.env,
): ServerTarget[] {
  const fromFlags = flagServers === undefined ? [] : typeof flagServers === "string" ? [flagServers] : [...flagServers];
  const chosen =
    fromFlags.length > 0 ? fromFlags : env["COMFYUI_URL"] ? [env["COMFYUI_URL"]] : configServers.length > 0 ? [...configServers] : ["127.0.0.1:8188"];
  const headers = parseHeaders(headerFlags, env["COMFYUI_TOKEN"]);
  const urls = [...new Set(chosen.map(normalizeServerUrl))];
  return urls.map((url) => ({ url, headers }));
}
