import { describe, expect, it } from "vitest";
import { whenStdioBuilt } from "../../../src/cli/stdio.js";

/** An owner whose stdout is built on first read, as Node's process.stdout is. */
function lazyOwner(): { owner: Pick<NodeJS.Process, "stdout" | "stderr">; builds: () => number; getter: () => unknown } {
  let built = 0;
  const stream = { fake: true } as unknown as NodeJS.WriteStream;
  const owner = {} as Pick<NodeJS.Process, "stdout" | "stderr">;
  const getter = (): NodeJS.WriteStream => {
    built++;
    return stream;
  };
  Object.defineProperty(owner, "stdout", { configurable: true, enumerable: true, get: getter });
  Object.defineProperty(owner, "stderr", { configurable: false, enumerable: true, value: stream });
  return { owner, builds: () => built, getter: () => Object.getOwnPropertyDescriptor(owner, "stdout")?.get === getter };
}

describe("whenStdioBuilt", () => {
  it("waits for the first read, hands over the built stream once, and puts the original getter back", () => {
    const { owner, builds, getter } = lazyOwner();
    const seen: unknown[] = [];
    whenStdioBuilt("stdout", (stream) => seen.push(stream), owner);
    expect(builds()).toBe(0);
    expect(seen).toEqual([]);
    const first = owner.stdout;
    expect(seen).toEqual([first]);
    expect(getter()).toBe(true);
    expect(owner.stdout).toBe(first);
    expect(seen).toHaveLength(1);
  });

  it("uses a stream that cannot be watched at once", () => {
    const { owner } = lazyOwner();
    const seen: unknown[] = [];
    whenStdioBuilt("stderr", (stream) => seen.push(stream), owner);
    expect(seen).toEqual([owner.stderr]);
  });
});
