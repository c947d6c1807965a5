/**
 * The server's in-memory state (§0: lost on restart): counter, queue, history, cache, plus the
 * simulator's own bookkeeping for tests.
 */
import { existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { ClassicCache } from "./graph.js";
import type { NodeCatalog } from "./nodes.js";
import { PromptHeap } from "./queue.js";
import type { FaultOptions, FileType, HistoryEntry, JsonObject, Log, QueueItem, RunTime } from "./types.js";

export const MAX_HISTORY = 10_000;

export interface SimConfig {
  outputDir: string;
  inputDir: string;
  tempDir: string;
  runTime: Required<Pick<RunTime, "fixedMs" | "perStepMs">> & Pick<RunTime, "historyDelayMs">;
  cacheMode: "classic" | "none";
  ffmpeg: boolean;
  landscape: boolean;
  outputSizeBytes: number | undefined;
  log: Log;
}

export class SimState {
  counter = 0;
  seq = 0;
  readonly queue = new PromptHeap();
  running: QueueItem | undefined;
  /** Node the running prompt is executing; reported to a reconnecting owner (§8.1). */
  currentNode: string | undefined;
  interrupted = false;
  readonly history = new Map<string, HistoryEntry>();
  readonly cache: ClassicCache;
  /** Bumped by restart() so an in-flight run notices it belongs to a dead server. */
  generation = 0;
  readonly busy: Array<{ start: number; end: number; prompt_id: string }> = [];
  /** Every prompt that began executing, even one a restart cut short (busy has only finished ones). */
  readonly executions: Array<{ start: number; prompt_id: string }> = [];
  readonly submitted: Array<{ prompt_id: string; prompt: JsonObject; client_id?: string }> = [];
  /** Hostile names reported by the fault → the real file, so /view still serves bytes. */
  readonly hostile = new Map<string, string>();
  hostileCount = 0;

  constructor(
    readonly config: SimConfig,
    readonly catalog: NodeCatalog,
    readonly faults: FaultOptions,
  ) {
    this.cache = new ClassicCache(config.cacheMode === "classic");
  }

  /** A server restart: everything in memory goes, and the temp folder is emptied (§0). */
  reset(): void {
    this.generation++;
    this.counter = 0;
    this.seq = 0;
    this.queue.clear();
    this.running = undefined;
    this.currentNode = undefined;
    this.interrupted = false;
    this.history.clear();
    this.cache.clear();
    this.hostile.clear();
    rmSync(this.config.tempDir, { recursive: true, force: true });
    mkdirSync(this.config.tempDir, { recursive: true });
  }

  queueRemaining(): number {
    return this.queue.size + (this.running ? 1 : 0);
  }

  dirFor(type: string): string | undefined {
    if (type === "output") return this.config.outputDir;
    if (type === "input") return this.config.inputDir;
    if (type === "temp") return this.config.tempDir;
    return undefined;
  }

  /** folder_paths.get_annotated_filepath(): "a.png [temp]" → temp dir; default input. */
  resolveAnnotated(name: string, defaultType: FileType = "input"): string | undefined {
    let type: string = defaultType;
    let base = name;
    const m = /^(.*) \[(output|input|temp)\]$/.exec(name);
    if (m?.[1] !== undefined && m[2] !== undefined) {
      base = m[1];
      type = m[2];
    }
    const dir = this.dirFor(type);
    if (!dir || base.includes("\0")) return undefined;
    const file = path.resolve(dir, base);
    if (!file.startsWith(dir + path.sep)) return undefined;
    return existsSync(file) && statSync(file).isFile() ? file : undefined;
  }

  hostileKey(type: string, subfolder: string, filename: string): string {
    return `${type}\0${subfolder}\0${filename}`;
  }
}
