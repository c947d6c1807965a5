/**
 * progress.json and metadata.csv. params.json in each run folder is the source of truth:
 * on resume both files are rebuilt from the params.json files, so a kill between any two
 * writes can neither lose a finished run nor duplicate a CSV row.
 */
import { open, readFile, readdir, rm } from "node:fs/promises";
import path from "node:path";
import { stringify } from "csv-stringify/sync";
import { writeFileAtomic } from "../fs/atomic.js";
import { parseJson, stringifyJson } from "../json/lossless.js";
import type { BatchPaths } from "./folder.js";
import { runDirRelative } from "./folder.js";
import { z } from "zod";
import type { PlannedParameter, RunRecord, SubmittedRecord } from "./types.js";

export interface ProgressFile {
  version: 1;
  updated_at: string;
  total: number;
  completed: number;
  failed: number;
  runs: Record<string, { status: RunRecord["status"]; attempts: number; error: string | null }>;
}

export class ProgressBook {
  private readonly records = new Map<number, RunRecord>();
  private csvHandle: Awaited<ReturnType<typeof open>> | undefined;
  /** The largest recorded run_id: a run above it can be appended without breaking plan order. */
  private highestId = -Infinity;

  constructor(
    private readonly paths: BatchPaths,
    private readonly parameters: readonly PlannedParameter[],
    private readonly total: number,
    private readonly withShots: boolean,
  ) {}

  get(runId: number): RunRecord | undefined {
    return this.records.get(runId);
  }

  counts(): { completed: number; failed: number } {
    let completed = 0;
    let failed = 0;
    for (const r of this.records.values()) r.status === "completed" ? completed++ : failed++;
    return { completed, failed };
  }

  /** Reads every params.json under the batch and rewrites metadata.csv and progress.json from them. */
  async recover(runDirs: ReadonlyMap<number, string>): Promise<void> {
    // A process killed inside writeFileAtomic leaves its temp file; nothing else will remove it.
    for (const name of await dirEntries(this.paths.dir)) {
      if (/^\.(progress\.json|metadata\.csv|plan\.json)\.[0-9a-f]+\.part$/.test(name)) await rm(path.join(this.paths.dir, name), { force: true });
    }
    for (const [runId, dir] of runDirs) {
      const record = await readRecord(path.join(this.paths.dir, dir, "params.json"));
      if (record && record.run_id === runId) this.remember(record);
    }
    await this.rewriteCsv();
    await this.writeProgress();
  }

  /**
   * Records a finished run. metadata.csv stays in plan order (run_id): a row that sorts after
   * every recorded run is appended and synced; any other (a run finishing before an earlier
   * one on another server, or a retried failure) gets the whole file rewritten atomically,
   * so there is always exactly one row per run, in run_id order.
   */
  async record(record: RunRecord): Promise<void> {
    const appendable = record.run_id > this.highestId;
    this.remember(record);
    if (!appendable) {
      await this.close();
      await this.rewriteCsv();
    } else {
      this.csvHandle ??= await open(this.paths.metadata, "a");
      await this.csvHandle.write(this.row(record));
      await this.csvHandle.datasync();
    }
    await this.writeProgress();
  }

  private remember(record: RunRecord): void {
    this.records.set(record.run_id, record);
    this.highestId = Math.max(this.highestId, record.run_id);
  }

  private async rewriteCsv(): Promise<void> {
    const sorted = [...this.records.values()].sort((a, b) => a.run_id - b.run_id);
    await writeFileAtomic(this.paths.metadata, this.header() + sorted.map((r) => this.row(r)).join(""));
  }

  async close(): Promise<void> {
    await this.csvHandle?.close();
    this.csvHandle = undefined;
  }

  async writeProgress(): Promise<void> {
    const { completed, failed } = this.counts();
    const runs: ProgressFile["runs"] = {};
    for (const r of [...this.records.values()].sort((a, b) => a.run_id - b.run_id)) {
      runs[String(r.run_id)] = { status: r.status, attempts: r.attempts, error: r.error };
    }
    const file: ProgressFile = { version: 1, updated_at: new Date().toISOString(), total: this.total, completed, failed, runs };
    await writeFileAtomic(this.paths.progress, `${JSON.stringify(file, null, 2)}\n`);
  }

  header(): string {
    return stringify([this.columns()]);
  }

  private columns(): string[] {
    return [
      "run_id",
      "run_name",
      ...(this.withShots ? ["shot"] : []),
      ...this.parameters.map((p) => p.name),
      "status",
      "error",
      "prompt_id",
      "server",
      "started_at",
      "finished_at",
      "duration_s",
      "outputs",
      "output_dir",
    ];
  }

  private row(r: RunRecord): string {
    const cell = (v: unknown): string => (v === null || v === undefined ? "" : typeof v === "bigint" ? v.toString() : String(v));
    return stringify([
      [
        r.run_id,
        r.run_name,
        ...(this.withShots ? [r.shot ?? ""] : []),
        ...this.parameters.map((p) => cell(r.values[p.name])),
        r.status,
        cell(r.error),
        cell(r.prompt_id),
        cell(r.server),
        cell(r.started_at),
        cell(r.finished_at),
        r.duration_s === null ? "" : r.duration_s.toFixed(2),
        r.outputs.map((o) => o.file).join(";"),
        runDirRelative({ name: r.run_name, ...(r.shot ? { shot: r.shot } : {}) }),
      ].map(cell),
    ]);
  }
}

export async function readRecord(file: string): Promise<RunRecord | undefined> {
  try {
    const data = parseJson(await readFile(file, "utf8"));
    if (data && typeof data === "object" && !Array.isArray(data) && typeof data["run_id"] === "number" && (data["status"] === "completed" || data["status"] === "failed")) {
      return data as unknown as RunRecord;
    }
  } catch {
    // Missing or torn params.json: the run is simply not done.
  }
  return undefined;
}

const submittedSchema = z.looseObject({
  run_id: z.number(),
  status: z.literal("submitted"),
  prompt_id: z.string().min(1),
  server: z.string().min(1),
  attempts: z.number().int().positive(),
  queued_at: z.string().nullable(),
  patches: z.record(z.string(), z.unknown()),
});

/** The run's params.json when it says a prompt was sent and not yet finished (see SubmittedRecord). */
export async function readSubmitted(file: string): Promise<SubmittedRecord | undefined> {
  try {
    const parsed = submittedSchema.safeParse(parseJson(await readFile(file, "utf8")));
    return parsed.success ? (parsed.data as unknown as SubmittedRecord) : undefined;
  } catch {
    return undefined;
  }
}

export async function writeRecord(runDir: string, record: RunRecord | SubmittedRecord): Promise<void> {
  await writeFileAtomic(path.join(runDir, "params.json"), `${stringifyJson(record, 2)}\n`);
}

export async function readProgressSummary(file: string): Promise<{ total: number; completed: number; failed: number } | undefined> {
  try {
    const data = JSON.parse(await readFile(file, "utf8")) as Partial<ProgressFile>;
    if (typeof data.total === "number") return { total: data.total, completed: data.completed ?? 0, failed: data.failed ?? 0 };
  } catch {
    // Unreadable: treated as no progress.
  }
  return undefined;
}

async function dirEntries(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => []);
}
