import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { batch } from "../../src/commands/batch/execute-batch.js";
import { WebSocketServer } from "ws";
import { run } from "../../src/commands/run/index.js";
import { ComfySocket } from "../../src/core/comfy/socket.js";
import { parseJson } from "../../src/core/json/lossless.js";
import { startSim, type Sim } from "../../src/sim/index.js";
import { batchOptions } from "../helpers/batch-reliability.js";
import { tempDir } from "../helpers/tmp.js";
import { captureUi } from "../helpers/ui.js";
import { repoFile } from "../helpers/workflows.js";

const workflow = repoFile("test/fixtures/model-free/websocket-save.json");
let sim: Sim | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

const ctx = () => ({ ...captureUi(), signal: new AbortController().signal });

describe("SaveImageWebsocket outputs (images sent only as binary websocket frames)", () => {
  it("cr-run saves each image of the batch as a PNG output", async () => {
    sim = await startSim({ runTime: { fixedMs: 20 } });
    const c = ctx();
    const result = await run(
      {
        workflowFile: workflow,
        server: { url: sim.url, headers: {} },
        outDir: await tempDir(),
        sets: [],
        idleTimeoutSeconds: 60,
        includeTemp: false,
        download: true,
      },
      c,
    );
    expect(result.status).toBe("success");
    expect(result.files.map((f) => path.basename(f.path))).toEqual(["websocket_2_00001_.png", "websocket_2_00002_.png", "websocket_2_00003_.png"]);
    for (const file of result.files) {
      const bytes = await readFile(file.path);
      expect(bytes.subarray(1, 4).toString("ascii")).toBe("PNG");
      // Width and height from the IHDR chunk: EmptyImage 32 × 16.
      expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([32, 16]);
    }
    expect(c.out() + c.err()).not.toMatch(/produced no output files/);
  });

  it("a batch records the websocket images as each run's outputs", async () => {
    sim = await startSim({ runTime: { fixedMs: 5 } });
    const dir = await tempDir();
    await writeFile(path.join(dir, "ws.json"), await readFile(workflow));
    const config = [
      "workflow_file: ws.json",
      "sampling_strategy: grid",
      "parameters:",
      "  width:",
      "    values: [24, 40]",
      "    path: nodes.1.inputs.width",
      "output:",
      "  base_dir: output",
      '  run_name_pattern: "w{width}"',
      "comfyui:",
      "  queue_depth: 2",
    ].join("\n");
    await writeFile(path.join(dir, "sweep.yaml"), config);
    const code = await batch(batchOptions(path.join(dir, "sweep.yaml"), [sim.url]), ctx());
    expect(code).toBe(0);
    const { readdir } = await import("node:fs/promises");
    const batchDir = path.join(dir, "output", (await readdir(path.join(dir, "output"))).find((n) => n.startsWith("batch_"))!);
    for (const [name, width] of [
      ["w24", 24],
      ["w40", 40],
    ] as const) {
      const params = parseJson(await readFile(path.join(batchDir, "runs", name, "params.json"), "utf8")) as {
        status: string;
        outputs: { file: string; kind: string }[];
      };
      expect(params.status).toBe("completed");
      expect(params.outputs).toHaveLength(3);
      for (const output of params.outputs) {
        expect(output.kind).toBe("image");
        const bytes = await readFile(path.join(batchDir, "runs", name, output.file));
        expect(bytes.readUInt32BE(16)).toBe(width);
      }
    }
  });

  it("a server without preview metadata: a type 1 frame belongs to the progress before it, and only our prompts' images are kept", async () => {
    const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    await new Promise((r) => wss.once("listening", r));
    const png = Buffer.from("89504e470d0a1a0a", "hex");
    const legacy = Buffer.concat([Buffer.from([0, 0, 0, 1, 0, 0, 0, 2]), png]);
    wss.on("connection", (ws) => {
      ws.once("message", () => {
        // Ours: execution_start reached this client. Theirs ("q"): only broadcast progress and frames.
        ws.send(JSON.stringify({ type: "execution_start", data: { prompt_id: "p" } }));
        ws.send(JSON.stringify({ type: "progress", data: { prompt_id: "p", node: "2", value: 1, max: 1 } }));
        ws.send(legacy);
        ws.send(JSON.stringify({ type: "progress", data: { prompt_id: "q", node: "5", value: 1, max: 1 } }));
        ws.send(legacy);
        ws.send(JSON.stringify({ type: "executing", data: { node: null, prompt_id: "p" } }));
      });
    });
    const { port } = wss.address() as { port: number };
    const socket = new ComfySocket({ baseUrl: `http://127.0.0.1:${port}`, clientId: "c1" });
    const ended = new Promise<void>((resolve) => socket.onMessage((m) => m.type === "executing" && resolve()));
    expect(await socket.start(5_000)).toBe(true);
    await ended;
    const ours = socket.takeImages("p");
    expect(ours.images.map((i) => [i.nodeId, i.mime, i.bytes.toString("hex")])).toEqual([["2", "image/png", png.toString("hex")]]);
    expect(ours.complete).toBe(true);
    expect(socket.takeImages("q").images).toEqual([]);
    socket.close();
    await new Promise((r) => wss.close(r));
  });
});
