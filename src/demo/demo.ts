/**
 * `npm run demo`: the toolkit on the built-in simulator, with the real binaries.
 * Starts the simulator (with its synthetic quality landscape) on a free loopback port, runs one
 * workflow with cr-run, a small sweep with cr-batch and its contact sheet, then the exploration
 * loop over two "nights": batch (scored as runs finish) → report → refine → batch, and prints how
 * much the best run improved.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { startSim } from "../sim/index.js";
import { latestBatch, summariseBest, type ReportJson } from "./loop-summary.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const bin = (name: string): string => path.join(root, "dist", "bin", `${name}.js`);
/**
 * What "better" means in the demo: steady (no flicker) and sharp (no blur). On the landscape most
 * runs flicker enough to raise the flicker and cut flags, so flagged runs are kept (the target
 * already counts what the flags say) instead of leaving a handful.
 */
const TARGET = "score:flicker+score:-blur";
const TARGET_ARGS = ["--target", TARGET, "--no-exclude-flagged"];
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
  const shown = await runBin("cr-report", [path.relative(root, batchDir), ...TARGET_ARGS, "--top", "3"], env);
  if (shown.code !== 0) return undefined;
  const json = await runBin("cr-report", [path.relative(root, batchDir), ...TARGET_ARGS, "--top", "1", "--json"], env, true);
  return json.code === 0 ? (JSON.parse(json.stdout) as ReportJson) : undefined;
}

/** The demo's steps; the first failing binary's exit code ends it. */
async function demo(env: NodeJS.ProcessEnv): Promise<number> {
  step("1. cr-run: one workflow, downloaded to output/demo-run/");
  let code = (await runBin("cr-run", ["workflows/demo/txt2img.json", "--out", "output/demo-run"], env)).code;
  if (code !== 0) return code;
  step("2. cr-batch: an 8-run Sobol sweep over cfg, steps and sampler");
  code = (await runBin("cr-batch", ["workflows/demo/txt2img_sweep.yaml", "--new"], env)).code;
  if (code !== 0) return code;
  step("3. cr-contact-sheet: the review page of that sweep");
  const latest = await latestBatch(path.join(root, "output"));
  if (latest) code = (await runBin("cr-contact-sheet", [path.relative(root, latest)], env)).code;
  if (code !== 0) return code;

  step("4. The loop, night 1: a 32-run video sweep, each run scored by ffmpeg as it finishes");
  code = (await runBin("cr-batch", ["workflows/demo/landscape_sweep.yaml", "--new"], env)).code;
  const night1 = await latestBatch(LOOP_DIR);
  if (code !== 0 || night1 === undefined) return code || 1;
  step(`5. cr-report: which settings matter for ${TARGET}, beyond seed noise`);
  const first = await report(night1, env);
  step("6. cr-refine: the next night's config, narrowed around the best region, proposed by TPE");
  const next = path.join(LOOP_DIR, "night2.yaml");
  code = (
    await runBin(
      "cr-refine",
      [path.relative(root, night1), "-o", path.relative(root, next), ...TARGET_ARGS, "--strategy", "tpe", "--runs", "12", "--force"],
      env,
    )
  ).code;
  if (code !== 0) return code;
  step("7. The loop, night 2: the refined config, most promising runs first");
  code = (await runBin("cr-batch", [path.relative(root, next), "--new"], env)).code;
  const night2 = await latestBatch(LOOP_DIR);
  if (code !== 0 || night2 === undefined || night2 === night1) return code || 1;
  step("8. cr-report on night 2");
  const second = await report(night2, env);
  if (first && second) for (const line of await summariseBest(first, second)) process.stdout.write(`${line}\n`);
  return 0;
}

const sim = await startSim({
  landscape: true,
  runTime: { perStepMs: 20 },
  models: { ckpt_name: ["sd15-demo.safetensors", "wan-demo.safetensors"] },
});
try {
  process.stdout.write(`ComfyUI simulator listening on ${sim.url}\n`);
  process.exitCode = await demo({ COMFYUI_URL: sim.url });
} finally {
  await sim.stop();
}
