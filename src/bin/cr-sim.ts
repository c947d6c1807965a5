#!/usr/bin/env node
/** cr-sim: run the ComfyUI simulator as a standalone server until Ctrl-C. */
import { Command, InvalidArgumentError } from "commander";
import { readFileSync } from "node:fs";
import { JsonSyntaxError, parseJson, type JsonValue } from "../core/json/lossless.js";
import { SimOptionError, startSim } from "../sim/index.js";
import { escapeControlKeepLines } from "../core/text/escape-control.js";

const MODEL_INPUT = /^(ckpt|unet|lora|vae|clip|control_net|upscale_model|style_model|clip_vision)_name\d?$|^model_name$/;

/** --models-from: every model-file value named in these workflows is "installed". */
function modelsFrom(files: readonly string[]): Record<string, string[]> | "any" {
  if (files.length === 0) return "any";
  const models: Record<string, string[]> = {};
  for (const file of files) {
    const workflow = readWorkflow(file);
    for (const node of Object.values(workflow)) {
      const inputs = node !== null && typeof node === "object" && !Array.isArray(node) ? node["inputs"] : undefined;
      if (inputs === null || typeof inputs !== "object" || Array.isArray(inputs)) continue;
      for (const [input, value] of Object.entries(inputs)) {
        if (!MODEL_INPUT.test(input) || typeof value !== "string") continue;
        models[input] ??= [];
        models[input].push(value);
      }
    }
  }
  return models;
}

function readWorkflow(file: string): Record<string, JsonValue> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new SimOptionError(`--models-from ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
  let data: JsonValue;
  try {
    data = parseJson(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError)
      throw new SimOptionError(`--models-from ${file}:${error.line}:${error.column}: not a JSON workflow: ${error.message}.`);
    throw error;
  }
  if (data === null || typeof data !== "object" || Array.isArray(data))
    throw new SimOptionError(`--models-from ${file}: not an API-format workflow (a JSON object of nodes).`);
  return data;
}

function int(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError("expected a non-negative integer");
  return n;
}

const program = new Command("cr-sim")
  .description("Serve a simulated ComfyUI v0.3.64 (HTTP + websocket) on 127.0.0.1")
  .option("--port <n>", "port to listen on (0 = any free port)", int, 8188)
  .option("--output <dir>", "output directory (default: a temp dir, removed on exit)")
  .option("--input <dir>", "input (upload) directory (default: a temp dir, removed on exit)")
  .option("--step-ms <n>", "time per sampler step", int, 50)
  .option("--fixed-ms <n>", "time of the other nodes of a prompt, split between them", int, 200)
  .option("--cache-none", "disable the classic cache, like ComfyUI --cache-none")
  .option("--landscape", "videos get defects that follow cfg/steps/shift/seed through a synthetic landscape (a demo for cr-score, see src/sim/README.md)")
  .option("--quiet", "do not log requests")
  .option("--models-from <workflow.json...>", "list the model files these workflows name as installed (default: accept any name, list none)")
  .addHelpText(
    "after",
    `
Examples:
  cr-sim                                         # ComfyUI-like server on 127.0.0.1:8188
  cr-sim --port 8190 --step-ms 200 --cache-none  # slower sampler steps, no caching
  cr-sim --models-from workflows/demo/txt2img.json   # so cr-batch's model check passes`,
  )
  .action(
    async (opts: {
      port: number;
      output?: string;
      input?: string;
      stepMs: number;
      fixedMs: number;
      cacheNone?: boolean;
      landscape?: boolean;
      quiet?: boolean;
      modelsFrom?: string[];
    }) => {
      const sim = await startSim({
        port: opts.port,
        ...(opts.output ? { outputDir: opts.output } : {}),
        ...(opts.input ? { inputDir: opts.input } : {}),
        runTime: { perStepMs: opts.stepMs, fixedMs: opts.fixedMs },
        cache: opts.cacheNone ? "none" : "classic",
        landscape: opts.landscape === true,
        models: modelsFrom(opts.modelsFrom ?? []),
        log: opts.quiet ? undefined : (line) => process.stderr.write(`${line}\n`),
      });
      process.stdout.write(`${sim.url}\n`);
      process.stderr.write(`output: ${sim.outputDir}\ninput:  ${sim.inputDir}\n`);
      const shutdown = (): void => {
        void sim.stop().then(() => process.exit(0));
      };
      process.once("SIGINT", shutdown);
      process.once("SIGTERM", shutdown);
    },
  );

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (!(error instanceof SimOptionError)) throw error;
  // A control character in a file name must not reach the terminal raw.
  process.stderr.write(`cr-sim: ${escapeControlKeepLines(error.message)}\n`);
  process.exitCode = 2;
}
