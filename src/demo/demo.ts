/**
 * `npm run demo`: the toolkit on the built-in simulator, with the real binaries.
 * Starts the simulator (with its synthetic quality landscape) on a free loopback port, runs one
 * workflow with cr-run, a small sweep with cr-batch and its contact sheet, then the exploration
 * loop over two "nights": batch (scored as runs finish) → report → refine → batch, and prints how
 * much the best run improved.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { startSim } from "../sim/index.js";
import { latestBatch, summariseBest, type ReportJson } from "./loop-summary.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const bin = (name: string): string => path.join(root, "dist", "bin", `${name}.js`);
/** What "better" means in the demo: steady (no flicker) and sharp (no blur); frozen clips are flagged and left out. */
const TARGET = "score:flicker+score:-blur";
const LOOP_DIR = path.join(root, "output", "demo-loop");

function step(title: string): void {
  process.stdout.write(`\n=== ${title}\n`);
}

function runBin(name: string, args: string[], env: NodeJS.ProcessEnv, capture = false): Promise<{ code: number; stdout: string }> {
  process.stdout.write(`$ ${name} ${args.join(" ")}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin(name), ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ["inherit", capture ? "pipe" : "inherit", "inherit"],
    });
    let stdout = "";
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code: code ?? 1, stdout }));
  });
}

async function report(batchDir: string, env: NodeJS.ProcessEnv): Promise<ReportJson | undefined> {
  const shown = await runBin("cr-report", [path.relative(root, batchDir), "--target", TARGET, "--top", "3"], env);
  if (shown.code !== 0) return undefined;
  const json = await runBin("cr-report", [path.relative(root, batchDir), "--target", TARGET, "--top", "1", "--json"], env, true);
  return json.code === 0 ? (JSON.parse(json.stdout) as ReportJson) : undefined;
}

const sim = await startSim({
  landscape: true,
  runTime: { perStepMs: 20 },
  models: { ckpt_name: ["sd15-demo.safetensors", "wan-demo.safetensors"] },
});
let exitCode = 0;
const fail = (code: number): boolean => {
  exitCode = code;
  return code !== 0;
};
try {
  process.stdout.write(`ComfyUI simulator listening on ${sim.url}\n`);
  const env = { COMFYUI_URL: sim.url };
  run: {
    step("1. cr-run: one workflow, downloaded to output/demo-run/");
    if (fail((await runBin("cr-run", ["workflows/demo/txt2img.json", "--out", "output/demo-run"], env)).code)) break run;
    step("2. cr-batch: an 8-run Sobol sweep over cfg, steps and sampler");
    if (fail((await runBin("cr-batch", ["workflows/demo/txt2img_sweep.yaml", "--new"], env)).code)) break run;
    if (existsSync(bin("cr-contact-sheet"))) {
      step("3. cr-contact-sheet: the review page of that sweep");
      const { listBatchDirs } = await import("../core/store/layout.js");
      const [latest] = await listBatchDirs(path.join(root, "output"), "batch");
      if (latest && fail((await runBin("cr-contact-sheet", [path.relative(root, latest)], env)).code)) break run;
    }

    step("4. The loop, night 1: a 24-run video sweep, each run scored by ffmpeg as it finishes");
    if (fail((await runBin("cr-batch", ["workflows/demo/landscape_sweep.yaml", "--new"], env)).code)) break run;
    const night1 = await latestBatch(LOOP_DIR);
    if (night1 === undefined) break run;
    step(`5. cr-report: which settings matter for ${TARGET}, beyond seed noise`);
    const first = await report(night1, env);
    step("6. cr-refine: the next night's config, narrowed around the best region, proposed by TPE");
    const next = path.join(LOOP_DIR, "night2.yaml");
    const refineArgs = [path.relative(root, night1), "-o", path.relative(root, next), "--target", TARGET, "--strategy", "tpe", "--runs", "12", "--force"];
    if (fail((await runBin("cr-refine", refineArgs, env)).code)) break run;
    step("7. The loop, night 2: the refined config, most promising runs first");
    if (fail((await runBin("cr-batch", [path.relative(root, next), "--new"], env)).code)) break run;
    const night2 = await latestBatch(LOOP_DIR);
    if (night2 === undefined || night2 === night1) break run;
    step("8. cr-report over both nights");
    const both = await report(night2, env);
    if (first && both) for (const line of await summariseBest(first, both)) process.stdout.write(`${line}\n`);
  }
} finally {
  await sim.stop();
}
process.exitCode = exitCode;
