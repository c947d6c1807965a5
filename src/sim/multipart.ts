/**
 * A streaming multipart/form-data reader: file parts go straight to temp files so large
 * uploads never sit in memory; text fields are collected.
 */
import { createWriteStream, type WriteStream } from "node:fs";
import type { IncomingMessage } from "node:http";
import path from "node:path";
import { HttpError } from "./http-util.js";

export interface UploadedFile {
  filename: string;
  path: string;
  size: number;
}

export interface FormData {
  fields: Record<string, string>;
  files: Record<string, UploadedFile>;
}

interface Sink {
  write(chunk: Buffer): Promise<void>;
  end(): Promise<void>;
}

function fileSink(out: WriteStream, file: UploadedFile): Sink {
  return {
    write: (chunk) => {
      file.size += chunk.length;
      return out.write(chunk) ? Promise.resolve() : new Promise((r) => out.once("drain", () => r()));
    },
    end: () => new Promise((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve()))),
  };
}

function fieldSink(onDone: (value: string) => void): Sink {
  const chunks: Buffer[] = [];
  return {
    write: (chunk) => {
      chunks.push(chunk);
      return Promise.resolve();
    },
    end: () => {
      onDone(Buffer.concat(chunks).toString("utf8"));
      return Promise.resolve();
    },
  };
}

function disposition(headers: string): { name?: string; filename?: string } {
  const line = headers.split("\r\n").find((h) => /^content-disposition:/i.test(h)) ?? "";
  const get = (key: string): string | undefined => {
    const m = new RegExp(`[; ]${key}="((?:[^"\\\\]|\\\\.)*)"`, "i").exec(line) ?? new RegExp(`[; ]${key}=([^;]*)`, "i").exec(line);
    return m?.[1]?.replace(/\\(.)/g, "$1");
  };
  const name = get("name");
  const filename = get("filename");
  return { ...(name !== undefined ? { name } : {}), ...(filename !== undefined ? { filename } : {}) };
}

export async function readMultipart(req: IncomingMessage, limit: number, tempDir: string): Promise<FormData> {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(String(req.headers["content-type"] ?? ""));
  const key = boundary?.[1] ?? boundary?.[2];
  if (!key) throw new HttpError(400);
  const delimiter = Buffer.from(`\r\n--${key}`);
  const form: FormData = { fields: {}, files: {} };
  // The leading CRLF lets the first boundary match the same delimiter as the others.
  let buf = Buffer.from("\r\n");
  // Widened with "as" so TypeScript does not narrow it across the closure below.
  let mode = "preamble" as "preamble" | "after" | "headers" | "body" | "done";
  let sink: Sink | undefined;
  let total = 0;
  let fileNo = 0;
  const step = async (): Promise<boolean> => {
    if (mode === "preamble" || mode === "body") {
      const at = buf.indexOf(delimiter);
      const keep = at >= 0 ? at : Math.max(0, buf.length - delimiter.length);
      if (sink && keep > 0) await sink.write(buf.subarray(0, keep));
      if (at < 0) {
        buf = buf.subarray(keep);
        return false;
      }
      await sink?.end();
      sink = undefined;
      buf = buf.subarray(at + delimiter.length);
      mode = "after";
      return true;
    }
    if (mode === "after") {
      if (buf.length < 2) return false;
      mode = buf.subarray(0, 2).toString() === "--" ? "done" : "headers";
      if (mode === "headers") buf = buf.subarray(2);
      return mode === "headers";
    }
    if (mode === "headers") {
      const end = buf.indexOf("\r\n\r\n");
      if (end < 0) return false;
      const { name, filename } = disposition(buf.subarray(0, end).toString("utf8"));
      buf = buf.subarray(end + 4);
      mode = "body";
      if (filename) {
        const file = { filename, path: path.join(tempDir, `part-${fileNo++}`), size: 0 };
        if (name !== undefined) form.files[name] = file;
        sink = fileSink(createWriteStream(file.path), file);
      } else {
        sink = fieldSink((v) => {
          if (name !== undefined) form.fields[name] = v;
        });
      }
      return true;
    }
    return false;
  };
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > limit) {
      await sink?.end();
      throw new HttpError(413);
    }
    if (mode === "done") continue;
    buf = Buffer.concat([buf, chunk]);
    while (await step());
  }
  await sink?.end();
  return form;
}
