/**
 * process.stdout and process.stderr are built on first use, and building one is not free: for a
 * pipe it loads node:net and the stream machinery (~8 ms of cr-analyze's start). These helpers let
 * a command that prints one text and exits (cr-analyze --print) never build them.
 */
import { writeSync } from "node:fs";

type StdioName = "stdout" | "stderr";

/**
 * Calls `use` with process[name] as soon as something builds it (at once if it is already built
 * or cannot be watched). Node defines both as configurable getters that build the stream once;
 * the first read puts Node's own getter back. `owner` is for tests.
 */
export function whenStdioBuilt(name: StdioName, use: (stream: NodeJS.WriteStream) => void, owner: Pick<NodeJS.Process, StdioName> = process): void {
  const descriptor = Object.getOwnPropertyDescriptor(owner, name);
  const build = descriptor?.get;
  if (descriptor === undefined || build === undefined || !descriptor.configurable) {
    use(owner[name]);
    return;
  }
  Object.defineProperty(owner, name, {
    configurable: true,
    enumerable: descriptor.enumerable ?? true,
    get(): NodeJS.WriteStream {
      Object.defineProperty(owner, name, descriptor);
      const stream = build.call(owner) as NodeJS.WriteStream;
      use(stream);
      return stream;
    },
  });
}

/**
 * Writes all of `text` to standard output without building process.stdout. A reader that has gone
 * away (EPIPE: `cr-analyze --print | head`) ends the writing quietly; a non-blocking descriptor
 * that is full (EAGAIN) hands the rest to process.stdout, which waits for it.
 */
export function writeStdoutSync(text: string): void {
  const data = Buffer.from(text, "utf8");
  let offset = 0;
  while (offset < data.length) {
    try {
      offset += writeSync(1, data, offset);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EPIPE") return;
      if (code !== "EAGAIN") throw error;
      process.stdout.write(data.subarray(offset));
      return;
    }
  }
}
