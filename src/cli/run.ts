/** cr-run: flags → RunOptions; the work is in commands/run. */
import { Option, type Command } from "commander";
import { addServerOptions, collect, createProgram, parseDurationSeconds, resolveServers } from "./program.js";
import type { MainContext } from "./main.js";
import type { RunOptions } from "../commands/run/index.js";

interface RunFlags {
  server?: string;
  header: string[];
  out: string;
  set: string[];
  timeout?: number;
  idleTimeout: number;
  includeTemp: boolean;
  download: boolean;
  json: boolean;
}

export function runProgram(): Command {
  return addServerOptions(
    createProgram("cr-run", "Run one ComfyUI workflow (API format), follow it live and download every output.").argument(
      "<workflow.json>",
      "workflow exported with Export (API)",
    ),
  )
    .option("-o, --out <dir>", "where outputs go: <dir>/<prompt_id>/…", "output")
    .addOption(new Option("--set <path=value>", "override an input, e.g. nodes.3.inputs.steps=30; repeatable").argParser(collect).default([]))
    .addOption(new Option("--timeout <duration>", "give up when the whole run takes longer (e.g. 45m)").argParser(parseDurationSeconds))
    .addOption(new Option("--idle-timeout <duration>", "give up after this long without any sign of life").argParser(parseDurationSeconds).default(1800, "30m"))
    .option("--include-temp", "also download preview (temp) outputs", false)
    .option("--no-download", "do not download the outputs, only report them")
    .option("--json", "print NDJSON events (queued, progress, executed, completed/failed) on stdout", false)
    .addHelpText(
      "after",
      `
Examples:
  cr-run workflows/demo/invert.json --server 127.0.0.1:8188
  cr-run wan.json --set nodes.57.inputs.cfg=1.5 --set 'nodes["1926:1623"].inputs.steps=6'
  COMFYUI_URL=https://gpu.example.com COMFYUI_TOKEN=… cr-run wan.json --timeout 30m --json

Exit codes: 0 success · 1 the run failed or was interrupted on the server · 2 bad input
            3 server unreachable or timed out · 130 cancelled (Ctrl-C)`,
    );
}

/** argv → the options of run() (flag errors throw commander's error: exit 2). */
export function parseRunArgs(argv: readonly string[]): { options: RunOptions; json: boolean } {
  const program = runProgram();
  program.parse([...argv], { from: "user" });
  const flags = program.opts<RunFlags>();
  const [workflowFile] = program.processedArgs as [string];
  const [server] = resolveServers(flags.server, [], flags.header);
  return {
    json: flags.json,
    options: {
      workflowFile,
      server: server!,
      outDir: flags.out,
      sets: flags.set,
      ...(flags.timeout !== undefined ? { timeoutSeconds: flags.timeout } : {}),
      idleTimeoutSeconds: flags.idleTimeout,
      includeTemp: flags.includeTemp,
      download: flags.download,
    },
  };
}

export async function main({ signal, hangup, argv }: MainContext): Promise<number> {
  const { options, json } = parseRunArgs(argv);
  const { createUi } = await import("../ui/ui.js");
  const ui = createUi({ json, hangup });
  const { run } = await import("../commands/run/index.js");
  const result = await run(options, { ui, signal });
  if (result.files.length > 0) ui.success(`Done: ${result.files.length} file(s) in ${result.outDir}`);
  return 0;
}
