/**
 * cr-analyze's flags with commander: --help, --version, flag errors and every form the quick
 * parser in analyze.ts leaves alone (it handles `cr-analyze wf.json [-o out] [--print]…` without
 * loading commander; test/unit/cli/analyze-argv.test.ts checks that the two agree).
 */
import type { Command } from "commander";
import { type AnalyzeArgs, TEMPLATE_CHOICES } from "./analyze.js";
import { addServerOptions, createProgram, resolveServers } from "./program.js";
import { readPackageVersion } from "./version.js";

interface AnalyzeFlags {
  output?: string;
  force: boolean;
  print: boolean;
  json: boolean;
  server?: string;
  header: string[];
  objectInfo?: string;
  template?: string;
  listSamplerGroups: boolean;
}

export function analyzeProgram(): Command {
  return addServerOptions(
    createProgram("cr-analyze", "Find the parameters worth exploring in a workflow and write a batch config that runs as generated.").argument(
      "[workflow.json]",
      "workflow exported with Export (API)",
    ),
  )
    .option("-o, --output <path>", "where to write the config (default: <workflow dir>/<stem>_batch_config.yaml)")
    .option("-f, --force", "overwrite the config file if it exists", false)
    .option("--print", "print the config on stdout instead of writing it (with -o, do both)", false)
    .option("--json", "print the analysis as JSON on stdout instead of the report", false)
    .option("--object-info <file>", "node definitions saved from GET /object_info (default: --server's, else a built-in table)")
    .option("--template <kind>", `write one kind of sweep instead: ${TEMPLATE_CHOICES.join(", ")} (to <name>_<kind>.yaml)`)
    .option("--list-sampler-groups", "print the named sampler groups a values list may use (@euler_family…) and exit", false)
    .addHelpText(
      "after",
      `
The sampling knobs (cfg, steps, sampler, scheduler, shift, denoise), guidance scales, LoRA and
ControlNet strengths and the seed are active in the config; every other input is there, commented
out, with its current value and valid range; options that do not change the picture come last.
Prompts and file names are listed, never varied.

Templates (--template): seed-mining (16 seeds, all else fixed), sampler-surfing (every sampler ×
scheduler pair, one seed), parameter-search (32 Sobol points over the numeric knobs). Existing
files are never overwritten without --force.

Examples:
  cr-analyze workflows/wan/workflow.json            writes workflows/wan/workflow_batch_config.yaml
  cr-analyze wan.json -o sweeps/cfg.yaml --force
  cr-analyze wan.json --server 127.0.0.1:8188       use the server's node definitions
  cr-analyze wan.json --object-info object_info.json --print
  cr-analyze wan.json --json | jq '.parameters[] | select(.proposed)'
  cr-analyze wan.json --template all               writes wan_seed-mining.yaml, wan_sampler-surfing.yaml, …
  cr-analyze --list-sampler-groups

Then: cr-batch <config> --dry-run

Exit codes: 0 success · 2 bad input · 3 server unreachable`,
    );
}

/** argv → what to do (flag errors throw commander's error: exit 2). */
export function parseAnalyzeArgs(argv: readonly string[]): AnalyzeArgs {
  const program = analyzeProgram();
  program.parse([...argv], { from: "user" });
  const flags = program.opts<AnalyzeFlags>();
  const [workflowArg] = program.processedArgs as [string | undefined];
  if (flags.listSamplerGroups) return { listSamplerGroups: true };
  const workflowFile = workflowArg ?? program.error("error: missing required argument 'workflow.json'", { exitCode: 2 });
  const template = flags.template;
  if (template !== undefined && !(TEMPLATE_CHOICES as readonly string[]).includes(template)) {
    program.error(`error: --template must be one of ${TEMPLATE_CHOICES.join(", ")} (got "${template}")`, { exitCode: 2 });
  }
  const serverGiven = flags.server !== undefined || process.env["COMFYUI_URL"] !== undefined;
  const server = serverGiven && flags.objectInfo === undefined ? resolveServers(flags.server, [], flags.header)[0] : undefined;
  return {
    listSamplerGroups: false,
    options: {
      workflowFile,
      output: flags.output,
      force: flags.force,
      print: flags.print,
      json: flags.json,
      server,
      serverAddress: flags.server ?? process.env["COMFYUI_URL"] ?? "127.0.0.1:8188",
      objectInfoFile: flags.objectInfo,
      version: readPackageVersion(),
      ...(template !== undefined ? { template: template as (typeof TEMPLATE_CHOICES)[number] } : {}),
    },
  };
}
