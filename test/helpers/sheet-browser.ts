/** Shared by the contact-sheet browser test and bench: chromium launch flags and running the built binary. */
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

export const CHROMIUM = "/usr/bin/chromium";
export const launchArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-quic",
  "--disable-sync",
];

export interface StartedSheet {
  child: ChildProcess;
  htmlPath: string | undefined;
  url: string | undefined;
}

/**
 * Runs `node BIN args…` and resolves once the page is written (or, with --serve --json, once
 * the server listens). Output lines: "… Contact sheet of N runs: PATH" and NDJSON events.
 */
export function startSheet(bin: string, args: string[]): Promise<StartedSheet> {
  const serving = args.includes("--serve");
  const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    let htmlPath: string | undefined;
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const written = /Contact sheet of \d+ runs: (.+)$/.exec(line);
      if (written?.[1]) htmlPath = written[1];
      if (line.startsWith("{")) {
        const event = JSON.parse(line) as { kind: string; path?: string; url?: string };
        if (event.kind === "written") htmlPath = event.path;
        if (event.kind === "serving") resolve({ child, htmlPath, url: event.url });
      }
    });
    child.once("exit", (code) => {
      if (serving || code !== 0) reject(new Error(`cr-contact-sheet exited with ${code}: ${stderr}`));
      else resolve({ child, htmlPath, url: undefined });
    });
  });
}

export async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 100));
  }
}
