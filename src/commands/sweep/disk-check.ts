/**
 * Before the night starts: will the disk hold it? Runs of earlier batches in the same base_dir
 * give the size of one run; a warning names the shortfall so it is fixed now, not at 3 a.m.
 */
import type { Ui } from "../../ui/ui.js";
import { pastRunFigures } from "../../core/batch/history.js";
import { freeBytes } from "../../core/fs/free-bytes.js";
import { formatBytes } from "../../ui/format.js";

export async function warnIfDiskTooSmall(ui: Ui, baseDir: string, batchDir: string, workflowFingerprint: string, runsToDo: number): Promise<void> {
  if (runsToDo === 0) return;
  const [free, past] = await Promise.all([freeBytes(batchDir), pastRunFigures(baseDir, workflowFingerprint)]);
  if (free === undefined || past?.bytesPerRun === undefined) return;
  const needed = past.bytesPerRun * runsToDo;
  if (needed > free * 0.95) {
    ui.warn(
      `${runsToDo} run(s) need about ${formatBytes(needed)} (earlier runs: ${formatBytes(past.bytesPerRun)} each) but only ${formatBytes(free)} is free: the batch will stop when the disk is full. Free space now, or lower the run count.`,
    );
    ui.event("disk_warning", { needed_bytes: needed, free_bytes: free });
  }
}
