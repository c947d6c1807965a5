/**
 * A plain HTTP file server for download benchmarks, run in its own child process so its
 * memory and CPU never mix with the client being measured.
 *
 * Parent side: `startFileServer(dir)` spawns this file and resolves with the base URL.
 * Child side (`node file-server.js DIR`): serves DIR's files by name, either as
 * /view?filename=NAME (ComfyUI's route) or /NAME, with Content-Length, via fs.createReadStream.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { exitOnSigterm, startChildServer } from "./child-server.js";

export interface FileServer {
  readonly url: string;
  close(): Promise<void>;
}

const self = fileURLToPath(import.meta.url);

export async function startFileServer(dir: string, signal?: AbortSignal): Promise<FileServer> {
  const child = await startChildServer<{ port: number }>(self, [dir], signal);
  return { url: `http://127.0.0.1:${child.info.port}`, close: () => child.close() };
}

function serve(dir: string): void {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const requested = url.pathname === "/view" ? (url.searchParams.get("filename") ?? "") : decodeURIComponent(url.pathname.slice(1));
    // Basename only: the bench serves one flat folder, nothing outside it.
    const file = path.join(dir, path.basename(requested));
    stat(file).then(
      (info) => {
        if (!info.isFile()) throw new Error("not a file");
        res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(info.size) });
        createReadStream(file).pipe(res);
      },
      () => {
        res.writeHead(404).end();
      },
    );
  });
  server.listen(0, "127.0.0.1", () => {
    const address = server.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    process.stdout.write(`${JSON.stringify({ port })}\n`);
  });
  exitOnSigterm();
}

if (process.argv[1] === self) {
  const dir = process.argv[2];
  if (!dir) throw new Error("usage: node file-server.js DIR");
  serve(dir);
}
