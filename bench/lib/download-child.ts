/**
 * Downloads one file with the code under test (downloadOutput) and prints
 * {"bytes", "ms"} on stdout. Run as its own process so its peak RSS is the download's alone:
 *   node download-child.js BASE_URL FILENAME DEST_DIR
 */
import { performance } from "node:perf_hooks";
import { downloadOutput } from "../../src/core/comfy/download.js";
import { Http } from "../../src/core/comfy/http.js";

const [url, filename, destDir] = process.argv.slice(2);
if (!url || !filename || !destDir) throw new Error("usage: node download-child.js BASE_URL FILENAME DEST_DIR");

const http = new Http({ url, headers: {} });
const item = { nodeId: "1", key: "images", filename, subfolder: "", type: "output", animated: false };
const start = performance.now();
const file = await downloadOutput(http, item, destDir);
const ms = performance.now() - start;
await http.close();
process.stdout.write(`${JSON.stringify({ bytes: file.bytes, ms, path: file.path })}\n`);
