/**
 * `npm run demo`: the whole loop on the built-in simulator, with the real binaries.
 * Starts the simulator on a free loopback port, runs one workflow with cr-run, a small
 * sweep with cr-batch, and writes the contact sheet of that sweep.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { startSim } from "../sim/index.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const bin = (name: string): string => path.join(root, "dist", "bin", `${name}.js`);

function step(title: string): void {
  process.stdout.write(`\n=== ${title}\n`);
}

function runBin(name: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  process.stdout.write(`$ ${name} ${args.join(" ")}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin(name), ...args], { cwd: root, env: { ...process.env, ...env }, stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

const sim = await startSim({ runTime: { perStepMs: 40 }, models: { ckpt_name: ["sd15-demo.safetensors"] } });
let exitCode = 0;
try {
  process.stdout.write(`ComfyUI simulator listening on ${sim.url}\n`);
  const env = { COMFYUI_URL: sim.url };
  step("1. cr-run: one workflow, downloaded to output/<prompt_id>/");
  exitCode = await runBin("cr-run", ["workflows/demo/txt2img.json", "--out", "output/demo-run"], env);
  if (exitCode === 0) {
    step("2. cr-batch: an 8-run Sobol sweep over cfg, steps and sampler");
    exitCode = await runBin("cr-batch", ["workflows/demo/txt2img_sweep.yaml", "--new"], env);
  }
  const sheet = bin("cr-contact-sheet");
  if (exitCode === 0 && existsSync(sheet)) {
    step("3. cr-contact-sheet: the review page of that sweep");
    const { listBatchDirs } = await import("../core/store/layout.js");
    const [latest] = await listBatchDirs(path.join(root, "output"), "batch");
    if (latest) exitCode = await runBin("cr-contact-sheet", [path.relative(root, latest)], env);
  }
} finally {
  await sim.stop();
}
process.exitCode = exitCode;
