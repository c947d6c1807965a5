#!/usr/bin/env node
/** cr-sim: run the ComfyUI simulator as a standalone server until Ctrl-C. */
import { Command, InvalidArgumentError } from "commander";
import { startSim } from "../sim/index.js";

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
  .option("--quiet", "do not log requests")
  .action(async (opts: { port: number; output?: string; input?: string; stepMs: number; fixedMs: number; cacheNone?: boolean; quiet?: boolean }) => {
    const sim = await startSim({
      port: opts.port,
      ...(opts.output ? { outputDir: opts.output } : {}),
      ...(opts.input ? { inputDir: opts.input } : {}),
      runTime: { perStepMs: opts.stepMs, fixedMs: opts.fixedMs },
      cache: opts.cacheNone ? "none" : "classic",
      log: opts.quiet ? undefined : (line) => process.stderr.write(`${line}\n`),
    });
    process.stdout.write(`${sim.url}\n`);
    process.stderr.write(`output: ${sim.outputDir}\ninput:  ${sim.inputDir}\n`);
    const shutdown = (): void => {
      void sim.stop().then(() => process.exit(0));
    };
    process.once("SIGINT", shutdown);
    process.once("SIGTERM", shutdown);
  });

await program.parseAsync(process.argv);
