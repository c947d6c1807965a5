import { PassThrough } from "node:stream";
import { createUi, type Ui } from "../../src/ui/ui.js";

export interface CapturedUi {
  ui: Ui;
  out: () => string;
  err: () => string;
}

/** A plain-mode Ui writing into strings (json: true gives NDJSON on `out`). */
export function captureUi(options: { json?: boolean } = {}): CapturedUi {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
  const ui = createUi({
    ...(options.json ? { json: true } : {}),
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: stderr as unknown as NodeJS.WriteStream,
    env: { NO_COLOR: "1" },
  });
  return { ui, out: () => out, err: () => err };
}

/** The NDJSON events a json-mode Ui wrote (lines that are not JSON are skipped). */
export function ndjsonEvents(text: string): Array<Record<string, unknown>> {
  return text
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
