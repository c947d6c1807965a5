/**
 * <batch>/batch.log: the plain lines a non-terminal stdout gets, appended and written through
 * line by line, so a second SSH session can `tail -f` the night, and the record survives a lost
 * terminal. Each start (new or resumed) begins with a separator line.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { messageOf } from "../../core/errors.js";
import { batchPaths } from "../../core/store/index.js";
import { createLineUi, type Ui } from "../../ui/ui.js";

export interface BatchLog {
  /** A plain Ui writing into the log (every control character removed). */
  readonly ui: Ui;
  close(): void;
}

/** Never throws: a log that cannot be written costs a warning, not the batch. */
export function openBatchLog(dir: string, heading: string, warn: (text: string) => void): BatchLog {
  const file = batchPaths(dir).log;
  let fd: number | undefined;
  const fail = (error: unknown): void => {
    warn(`${file}: ${messageOf(error)}; the batch goes on without its log.`);
    close();
  };
  const close = (): void => {
    if (fd === undefined) return;
    const open = fd;
    fd = undefined;
    try {
      closeSync(open);
    } catch {
      // Closing a log we can no longer write changes nothing for the batch.
    }
  };
  const writeLine = (text: string): void => {
    if (fd === undefined) return;
    try {
      writeSync(fd, `${text}\n`);
    } catch (error) {
      fail(error);
    }
  };
  try {
    fd = openSync(file, "a");
  } catch (error) {
    fail(error);
  }
  writeLine(`==== ${heading} ====`);
  return { ui: createLineUi(writeLine), close };
}
