/**
 * Input files in subfolders. /object_info lists only the top level of ComfyUI's input folder,
 * yet LoadImage & co. accept "sub/name.png" (ComfyUI checks that the file exists instead of the
 * list). Such a value is checked with /view before a prompt is sent, never refused on the list.
 */
import { UserError } from "../errors.js";
import { viewPath } from "./download.js";
import type { Http } from "./http.js";
import type { InputSpec } from "./object-info.js";

export interface ServerFileRef {
  readonly filename: string;
  readonly subfolder: string;
  readonly type: "input" | "output" | "temp";
}

/** The file a value of a file input names, when it is in a subfolder (so absent from the options list). */
export function subfolderFile(spec: InputSpec, value: unknown): ServerFileRef | undefined {
  if (!spec.upload || typeof value !== "string") return undefined;
  const annotated = /^(.*) \[(input|output|temp)\]$/.exec(value);
  const name = annotated?.[1] ?? value;
  const type = (annotated?.[2] ?? "input") as ServerFileRef["type"];
  const slash = name.lastIndexOf("/");
  if (slash <= 0 || slash === name.length - 1) return undefined;
  return { subfolder: name.slice(0, slash), filename: name.slice(slash + 1), type };
}

/**
 * Refuses, with a hint to upload it, a file the server does not have. Asks for its first byte
 * only: /view answers 206 (or 200) when it exists, 404 when not.
 */
export async function requireServerFile(http: Http, file: ServerFileRef, where: string, signal?: AbortSignal): Promise<void> {
  const response = await http.send("GET", viewPath(file), { headers: { range: "bytes=0-0" }, maxBytes: 64 * 1024, ...(signal ? { signal } : {}) });
  await response.body.dump();
  if (response.status === 200 || response.status === 206) return;
  if (response.status >= 500) throw http.statusError("GET", viewPath(file), response.status, "");
  const shown = `${file.subfolder}/${file.filename}`;
  throw new UserError(`${where}: '${shown}' is not in ComfyUI's ${file.type} folder on ${http.target.url} (GET /view answered ${response.status}).`, {
    hint: `Upload it first (cr-shots uploads its images under ${file.type === "input" ? "comfy-runner/" : "the input folder"}), or copy it to <ComfyUI>/${file.type}/${shown}.`,
  });
}
