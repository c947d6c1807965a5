/**
 * Child-process side of the simulator download measurement:
 *   node sim-server.js OUTPUT_SIZE_BYTES
 * starts the simulator with every output padded to that size, runs one EmptyImage → SaveImage
 * prompt, and prints {"url","filename","subfolder"} of the saved file, then serves until SIGTERM.
 */
import { startSim } from "../../src/sim/index.js";
import { exitOnSigterm } from "./child-server.js";

interface SavedItem {
  filename: string;
  subfolder: string;
}

async function waitForImage(url: string, promptId: string): Promise<SavedItem> {
  for (let tries = 0; tries < 600; tries++) {
    const history = (await (await fetch(`${url}/history/${promptId}`)).json()) as Record<string, { outputs?: Record<string, { images?: SavedItem[] }> }>;
    const image = history[promptId]?.outputs?.["2"]?.images?.[0];
    if (image) return image;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`prompt ${promptId} produced no image within 60 s`);
}

const size = Number(process.argv[2]);
if (!Number.isSafeInteger(size) || size <= 0) throw new Error("usage: node sim-server.js OUTPUT_SIZE_BYTES");
const sim = await startSim({ outputSizeBytes: size, ffmpeg: false });
exitOnSigterm(() => sim.stop()); // stop() removes the simulator's temp output folder
const prompt = {
  "1": { class_type: "EmptyImage", inputs: { width: 64, height: 64, batch_size: 1, color: 0 } },
  "2": { class_type: "SaveImage", inputs: { images: ["1", 0], filename_prefix: "bench" } },
};
const reply = await fetch(`${sim.url}/prompt`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ prompt }) });
if (!reply.ok) throw new Error(`POST /prompt answered ${reply.status}: ${await reply.text()}`);
const { prompt_id: promptId } = (await reply.json()) as { prompt_id: string };
const image = await waitForImage(sim.url, promptId);
process.stdout.write(`${JSON.stringify({ url: sim.url, filename: image.filename, subfolder: image.subfolder })}\n`);
