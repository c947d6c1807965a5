/** Shapes shared by the simulator's modules. Wire shapes follow docs/comfyui-protocol.md. */
import type { JsonObject, JsonValue } from "../core/json/lossless.js";

export type { JsonObject, JsonValue };

export interface FaultOptions {
  /** Raise an execution error (protocol §4.2) when a node of this class or id starts. */
  failNode?: { classType?: string; nodeId?: string; message?: string; exceptionType?: string };
  /** Terminate every client socket once this many websocket messages have been sent (then cleared). */
  dropWebsocketAfterMessages?: number;
  /** The next `count` requests whose path matches answer 500 like aiohttp does. */
  http500?: { path?: RegExp | string; count: number };
  /** Throttle /view bodies to this rate. */
  slowDownloadBytesPerSec?: number;
  /**
   * Send only this many bytes of /view bodies, then destroy the socket (full Content-Length is
   * announced). A number applies to every download while set; `count` limits it to the next N.
   */
  truncateDownloads?: number | { bytes: number; count?: number };
  /**
   * History and `executed` report path-traversal style names, then valid but long ones (a 244-byte
   * UTF-8 name, a 6,000-character subfolder), in turn; /view still serves the real file.
   */
  hostileFilenames?: boolean;
  /**
   * Terminal escapes in what the server says: the version in /system_stats, and the reported
   * output names (history and `executed`); /view still serves the real file under that name.
   */
  hostileText?: boolean;
  /** Request bodies above this get 413 (default 100 MB, as --max-upload-size). */
  uploadLimitBytes?: number;
  /**
   * Requests whose path (without /api) matches get a hostile reply: `endless` (a body that never
   * ends), `trickle` (1 byte per second) or `lying-length` (2 GB announced, a few bytes, held open).
   */
  hostileReply?: { path?: RegExp | string; kind: "endless" | "trickle" | "lying-length" };
  /**
   * The websocket misbehaves: `ignore-close` completes the handshake but never answers (not even a
   * close frame), `bad-handshake` answers 101 with a wrong accept key, `silent-handshake` never
   * answers; all three hold the connection open.
   */
  hostileWebsocket?: "ignore-close" | "bad-handshake" | "silent-handshake";
}

export interface RunTime {
  /** Total time of a prompt's non-sampler nodes, split evenly between them. */
  fixedMs?: number;
  /** Time per sampler step (KSampler & co. take steps × perStepMs). */
  perStepMs?: number;
  /** Delay between execution_success/error and the history write (the §8.3 race); default: next tick. */
  historyDelayMs?: number | undefined;
}

export type FileType = "output" | "temp" | "input";

/** A type alias (not an interface) so it is assignable to JsonObject. */
export type FileItem = {
  filename: string;
  subfolder: string;
  type: FileType;
};

/** One entry of the pending heap or the running slot, as the 5-tuple of §2. */
export interface QueueItem {
  number: number;
  promptId: string;
  prompt: JsonObject;
  extraData: JsonObject;
  outputs: string[];
  /** Insertion order, only to keep the heap total when number and id tie. */
  seq: number;
}

export type HistoryEntry = {
  prompt: JsonValue[];
  outputs: JsonObject;
  status: { status_str: "success" | "error"; completed: boolean; messages: Array<[string, JsonObject]> };
  meta: JsonObject;
};

export type Log = (line: string) => void;
