// Contact-sheet bench, run from the build: `npx tsc -p tsconfig.build.json && node bench/contact-sheet.mjs [runs]`
// Makes a batch of short MP4s (one clip encoded once, copied), then measures preview generation
// with every core and with one, the HTML generation, and the first render in headless chromium.
import { execFileSync } from "node:child_process";
import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { detectTools } from "../dist/commands/contact-sheet/ffmpeg.js";
import { DEFAULT_PAGE, sheetHtml } from "../dist/commands/contact-sheet/index.js";
import { makePreviews } from "../dist/commands/contact-sheet/previews.js";
import { readBatch } from "../dist/commands/contact-sheet/read-batch.js";

const RUNS = Number(process.argv[2] ?? 1000);
const CHROMIUM = "/usr/bin/chromium";
const LAUNCH_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-quic",
  "--disable-sync",
];

async function makeBatch(runs) {
  const dir = path.join(await mkdtemp(path.join(os.tmpdir(), "cr-bench-")), "batch_2026-11-24_22-00-00");
  await mkdir(dir, { recursive: true });
  const clip = path.join(dir, "..", "clip.mp4");
  execFileSync("ffmpeg", [
    "-hide_banner",
    "-loglevel",
    "error",
    "-f",
    "lavfi",
    "-i",
    "testsrc2=size=320x180:rate=24:duration=1.5",
    "-pix_fmt",
    "yuv420p",
    "-c:v",
    "libx264",
    "-preset",
    "ultrafast",
    clip,
  ]);
  const parameters = [
    { name: "cfg", type: "continuous", paths: ["nodes.57.inputs.cfg"], varies: true },
    { name: "shift", type: "continuous", paths: ["nodes.54.inputs.shift"], varies: true },
    { name: "sampler", type: "values", paths: ["nodes.57.inputs.sampler_name"], varies: true },
    { name: "seed", type: "random_seed", paths: ["nodes.57.inputs.noise_seed"], varies: true },
  ];
  const samplers = ["euler", "dpmpp_2m", "uni_pc", "lcm"];
  const planRuns = [];
  const rows = [
    [
      "run_id",
      "run_name",
      "cfg",
      "shift",
      "sampler",
      "seed",
      "status",
      "error",
      "prompt_id",
      "server",
      "started_at",
      "finished_at",
      "duration_s",
      "outputs",
      "output_dir",
    ].join(","),
  ];
  for (let i = 1; i <= runs; i++) {
    const name = String(i).padStart(4, "0");
    const values = { cfg: 1 + ((i * 0.618) % 1) * 5, shift: 1 + ((i * 0.414) % 1) * 10, sampler: samplers[i % 4], seed: 1000 + i };
    const patches = {
      "nodes.57.inputs.cfg": values.cfg,
      "nodes.54.inputs.shift": values.shift,
      "nodes.57.inputs.sampler_name": values.sampler,
      "nodes.57.inputs.noise_seed": values.seed,
    };
    planRuns.push({ run_id: i, name, point: i - 1, seed_index: 0, values, patches });
    const runDir = path.join(dir, "runs", name);
    await mkdir(path.join(runDir, "video"), { recursive: true });
    await copyFile(clip, path.join(runDir, "video", `ComfyUI_${name}_.mp4`));
    const outputs = [{ file: `video/ComfyUI_${name}_.mp4`, bytes: 1, node_id: "61", kind: "video", animated: true }];
    await writeFile(
      path.join(runDir, "params.json"),
      JSON.stringify({ run_id: i, run_name: name, values, patches, status: "completed", error: null, duration_s: 30, outputs }),
    );
    rows.push(
      [
        i,
        name,
        values.cfg,
        values.shift,
        values.sampler,
        values.seed,
        "completed",
        "",
        `p${i}`,
        "http://127.0.0.1:8188",
        "",
        "",
        30,
        outputs[0].file,
        `runs/${name}`,
      ].join(","),
    );
  }
  await writeFile(
    path.join(dir, "plan.json"),
    JSON.stringify({ version: 1, created_at: "2026-11-24T22:00:00.000Z", strategy: "sobol", parameters, runs: planRuns }),
  );
  await writeFile(path.join(dir, "metadata.csv"), `${rows.join("\n")}\n`);
  await writeFile(path.join(dir, "workflow.json"), "{}");
  return dir;
}

async function timePreviews(model, tools, concurrency) {
  await rm(path.join(model.dir, "thumbnails"), { recursive: true, force: true });
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = await makePreviews(model, { tools, concurrency });
  const ms = performance.now() - started;
  return { ms, made: result.made, failed: result.failed, cpuBefore };
}

async function firstRender(htmlPath) {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS, headless: true });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(pathToFileURL(htmlPath).href, { waitUntil: "commit" });
  await page.waitForSelector("body[data-ready] .card img");
  const timing = await page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0];
    const fcp = performance.getEntriesByName("first-contentful-paint")[0];
    return {
      ready: performance.now(),
      fcp: fcp ? fcp.startTime : null,
      domContentLoaded: nav ? nav.domContentLoadedEventEnd : null,
      cards: document.querySelectorAll(".card").length,
    };
  });
  // Scroll to the bottom through every chunk: the whole grid gets built.
  const scrollStart = Date.now();
  const built = await page.evaluate(async (total) => {
    for (let i = 0; i < 500 && document.querySelectorAll(".card").length < total; i++) {
      window.scrollTo(0, document.body.scrollHeight);
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50)));
    }
    return document.querySelectorAll(".card").length;
  }, RUNS);
  const scrollMs = Date.now() - scrollStart;
  await browser.close();
  return { ...timing, scrollMs, built };
}

const tools = await detectTools();
if (typeof tools === "string") throw new Error(`bench needs ffmpeg: ${tools}`);
const cores = os.availableParallelism();
console.log(`contact-sheet bench: ${RUNS} runs of 1.5 s 320x180 MP4, ${cores} cores (${os.cpus()[0]?.model ?? "?"})`);
const dir = await makeBatch(RUNS);
const model = await readBatch(dir);
const parallel = await timePreviews(model, tools, cores);
console.log(
  `previews, ${cores} at a time: ${(parallel.ms / 1000).toFixed(1)} s (${parallel.made} made, ${parallel.failed} failed, ${(parallel.ms / RUNS).toFixed(1)} ms/run)`,
);
const single = await timePreviews(model, tools, 1);
console.log(`previews, 1 at a time:  ${(single.ms / 1000).toFixed(1)} s → speed-up ${(single.ms / parallel.ms).toFixed(2)}× with ${cores} workers`);
const cachedStart = performance.now();
const cached = await makePreviews(model, { tools, concurrency: cores });
console.log(`previews, all cached:   ${((performance.now() - cachedStart) / 1000).toFixed(2)} s (${cached.reused} reused)`);
const htmlStart = performance.now();
const again = await readBatch(dir);
const html = await sheetHtml(again, cached.previews, dir, undefined);
const htmlPath = path.join(dir, DEFAULT_PAGE);
await writeFile(htmlPath, html);
console.log(`HTML (read batch + render + write): ${(performance.now() - htmlStart).toFixed(0)} ms, ${(html.length / 1024).toFixed(0)} KiB (target < 2000 ms)`);
try {
  const render = await firstRender(htmlPath);
  console.log(
    `first render in chromium: first contentful paint ${render.fcp?.toFixed(0)} ms, first cards ready ${render.ready.toFixed(0)} ms after navigation (${render.cards} cards in the first chunk; target < 1000 ms)`,
  );
  console.log(`scrolling to the end built all ${render.built} cards in ${render.scrollMs} ms`);
} catch (error) {
  console.log(`first render: skipped (${error instanceof Error ? error.message.split("\n")[0] : error})`);
}
console.log(`batch left in ${dir}`);
