import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLineUi, createUi, teeUi } from "../../../src/ui/ui.js";

const HOSTILE = "0.3.64\x1b[2J\x1b[31mEVIL\x1b]0;pwned\x07\r\nOK forged\x9b2J";

function terminal(): { stream: NodeJS.WriteStream; text: () => string } {
  const stream = new PassThrough();
  let text = "";
  stream.on("data", (chunk: Buffer) => (text += chunk.toString()));
  return { stream: Object.assign(stream, { isTTY: true, columns: 0, rows: 0 }) as unknown as NodeJS.WriteStream, text: () => text };
}

describe("the Ui boundary", () => {
  it("in a terminal keeps our colours and drops everything a string brings", () => {
    const out = terminal();
    const ui = createUi({ stdout: out.stream, env: {} });
    expect(ui.mode).toBe("tty");
    ui.line(`${ui.c.green("✔")} Connected to ComfyUI ${HOSTILE}`);
    const colours = ui.c.level > 0 ? "\x1b[32m✔\x1b[39m" : "✔";
    expect(out.text()).toBe(`${colours} Connected to ComfyUI 0.3.64EVIL\nOK forged2J\n`);
  });

  it("a line Ui (batch.log) and a tee: no escape at all in the log, each Ui its own format", () => {
    const lines: string[] = [];
    const out = terminal();
    const ui = teeUi(
      createUi({ stdout: out.stream, env: {} }),
      createLineUi((line) => lines.push(line)),
    );
    ui.success(`done ${ui.c.bold("bold")} ${HOSTILE}`);
    ui.warn("careful");
    expect(lines).toEqual(["OK done bold 0.3.64EVIL\nOK forged2J", "WARNING: careful"]);
    expect(out.text()).toContain("⚠");
  });

  it("after a hang-up writes nothing more to a terminal, but still to a file or pipe", () => {
    const hangup = new AbortController();
    const tty = terminal();
    const pipe = new PassThrough();
    let piped = "";
    pipe.on("data", (chunk: Buffer) => (piped += chunk.toString()));
    const onTty = createUi({ stdout: tty.stream, env: {}, hangup: hangup.signal });
    const onPipe = createUi({ stdout: pipe as unknown as NodeJS.WriteStream, env: { NO_COLOR: "1" }, hangup: hangup.signal });
    onTty.info("before");
    onPipe.info("before");
    hangup.abort();
    onTty.info("after");
    onPipe.info("after");
    expect(tty.text()).toBe("before\n");
    expect(piped).toBe("before\nafter\n");
  });
});
