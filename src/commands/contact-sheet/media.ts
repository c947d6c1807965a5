/** Which output of a run stands for it on its card: the first video, else the first image. */
import type { SheetOutput, SheetRun } from "./model.js";

export function primaryOutput(run: SheetRun): SheetOutput | undefined {
  return run.outputs.find((o) => o.kind === "video") ?? run.outputs.find((o) => o.kind === "image");
}

/** A batch-relative path as a relative URL from the page's folder: each segment percent-encoded. */
export function mediaUrl(prefix: string, file: string): string {
  const segments = [...(prefix === "" ? [] : prefix.split("/")), ...file.split("/")];
  return segments.map((s) => (s === ".." ? s : encodeURIComponent(s))).join("/");
}
