/** cr-analyze: load a workflow and node definitions, analyse, write or print the config. */
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { NodeDefs } from "../../core/comfy/object-info.js";
import type { ServerTarget } from "../../core/comfy/server.js";
import { UserError } from "../../core/errors.js";
import { stringifyJson } from "../../core/json/lossless.js";
import { loadWorkflowFile } from "../../core/workflow/load.js";
import { analyzeWorkflow } from "./analyze.js";
import { analysisToJson } from "./json-output.js";
import type { ConfigLayout } from "./render-yaml.js";
import { quoteArg, reportLines, type Paint } from "./report.js";
import { configSchemaFile } from "./schema-path.js";
import { samplerGroupLines, templateConfig, TEMPLATES, type TemplateName } from "./templates.js";
import type { Analysis } from "./types.js";

export interface AnalyzeCommandOptions {
  readonly workflowFile: string;
  /** -o: where the config goes; the default is <workflow dir>/<stem>_batch_config.yaml. */
  readonly output: string | undefined;
  readonly force: boolean;
  readonly print: boolean;
  readonly json: boolean;
  /** --server: read the node definitions from this server. */
  readonly server: ServerTarget | undefined;
  /** What to write as comfyui.server_address. */
  readonly serverAddress: string;
  readonly objectInfoFile: string | undefined;
  readonly version: string;
  /** --template: write that kind of sweep (or all three) instead of the standard config. */
  readonly template?: TemplateName | "all";
}

export interface AnalyzeResult {
  readonly analysis: Analysis;
  readonly yaml: string;
  readonly configFile: string | undefined;
}

/** Just what the command prints through; the CLI passes its Ui (or less, for --print/--json). */
export interface AnalyzeIo {
  readonly signal: AbortSignal;
  readonly c: Paint;
  line(text: string): void;
  warn(text: string): void;
  stdout?: (text: string) => void;
}

export async function analyzeCommand(options: AnalyzeCommandOptions, io: AnalyzeIo): Promise<AnalyzeResult> {
  const stdout = io.stdout ?? ((text: string) => void process.stdout.write(text));
  if (options.template === "all" && options.output !== undefined) {
    throw new UserError("-o names one file, but --template all writes three.", {
      hint: "Give one template (--template seed-mining), or drop -o: the files go next to the workflow as <name>_<template>.yaml.",
    });
  }
  const workflow = await loadWorkflowFile(options.workflowFile);
  const { defs, source } = await loadDefinitions(options, io.signal);
  const analysis = analyzeWorkflow(workflow, { defs, defsSource: source, source: options.workflowFile });
  for (const warning of analysis.warnings) io.warn(warning);
  const outputs = options.template === undefined ? [{ analysis, layout: undefined, suffix: undefined }] : templateOutputs(analysis, options.template, io);
  let last: AnalyzeResult = { analysis, yaml: "", configFile: undefined };
  // --json alone needs no YAML: the yaml library (the slowest module to load) stays unloaded.
  const needsYaml = !options.json || options.output !== undefined;
  const { renderConfigYaml } = needsYaml ? await import("./render-yaml.js") : { renderConfigYaml: () => "" };
  for (const out of outputs) {
    const target = path.resolve(options.output ?? defaultConfigPath(options.workflowFile, out.suffix));
    const yaml = renderConfigYaml(out.analysis, {
      configFile: target,
      workflowFile: path.resolve(options.workflowFile),
      schemaFile: configSchemaFile(),
      serverAddress: options.serverAddress,
      version: options.version,
      ...(out.layout ? { layout: out.layout } : {}),
    });
    // --print and --json go to stdout; the file is written too only when -o names it.
    const writeFileToo = !(options.print || options.json) || options.output !== undefined;
    const shown = options.output ?? path.relative(process.cwd(), target);
    if (writeFileToo) await writeConfig(target, shown, yaml, options.force);

    if (options.json) stdout(`${stringifyJson(analysisToJson(out.analysis, writeFileToo ? target : undefined), 2)}\n`);
    else if (options.print) stdout(yaml);
    else if (out.suffix !== undefined) io.line(templateLine(out.analysis, out.suffix, writeFileToo ? shown : undefined, io.c));
    else for (const line of reportLines(out.analysis, { c: io.c, configShown: writeFileToo ? shown : undefined })) io.line(line);
    last = { analysis: out.analysis, yaml, configFile: writeFileToo ? target : undefined };
  }
  return last;
}

/** One template, or every template the workflow allows (the others are reported, not written empty). */
function templateOutputs(analysis: Analysis, template: TemplateName | "all", io: AnalyzeIo): { analysis: Analysis; layout: ConfigLayout; suffix: string }[] {
  if (template !== "all") return [{ ...templateConfig(analysis, template), suffix: template }];
  const outputs: { analysis: Analysis; layout: ConfigLayout; suffix: string }[] = [];
  const refused: UserError[] = [];
  for (const name of TEMPLATES) {
    try {
      outputs.push({ ...templateConfig(analysis, name), suffix: name });
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      refused.push(error);
      io.warn(`${error.message} Not written.`);
    }
  }
  if (outputs.length === 0) throw refused[0] as UserError;
  return outputs;
}

/** A template's one-line report: what it varies and where it went. */
function templateLine(analysis: Analysis, template: string, shown: string | undefined, c: Paint): string {
  const varied = analysis.candidates.filter((x) => x.proposed).map((x) => x.name);
  const where = shown === undefined ? "" : ` → ${shown}; next: ${c.cyan(`cr-batch ${quoteArg(shown)} --dry-run`)}`;
  return `${c.bold(template)}: varies ${varied.join(", ")}${where}`;
}

/** The names cr-analyze --list-sampler-groups prints, one group a line. */
export function listSamplerGroups(io: Pick<AnalyzeIo, "stdout">): void {
  const stdout = io.stdout ?? ((text: string) => void process.stdout.write(text));
  for (const line of samplerGroupLines()) stdout(`${line}\n`);
  stdout('Use one in a values list: values: ["@dpmpp_family"], or mix: ["euler", "@high_order"].\n');
}

export function defaultConfigPath(workflowFile: string, template?: string): string {
  const parsed = path.parse(workflowFile);
  return path.join(parsed.dir, `${parsed.name}_${template ?? "batch_config"}.yaml`);
}

async function writeConfig(target: string, shown: string, yaml: string, force: boolean): Promise<void> {
  // Imported here: --print writes no file, and loading it (node:crypto, fs/promises) costs start time.
  const { writeFileAtomic } = await import("../../core/fs/atomic.js");
  try {
    mkdirSync(path.dirname(target), { recursive: true });
    // Complete or absent, and without --force never over a file that appeared meanwhile.
    await writeFileAtomic(target, yaml, { overwrite: force });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") {
      throw new UserError(`${shown} already exists; cr-analyze does not overwrite it.`, {
        hint: "Add --force to replace it, or write elsewhere with -o PATH (or --print to see it).",
      });
    }
    throw new UserError(`Cannot write ${shown}: ${(error as Error).message}`);
  }
}

async function loadDefinitions(options: AnalyzeCommandOptions, signal: AbortSignal): Promise<{ defs: NodeDefs; source: Analysis["defsSource"] }> {
  if (options.objectInfoFile !== undefined) {
    const { readObjectInfoFile } = await import("../../core/comfy/object-info-file.js");
    return { defs: await readObjectInfoFile(options.objectInfoFile), source: "file" };
  }
  if (options.server !== undefined) {
    const { ComfyClient } = await import("../../core/comfy/client.js");
    return { defs: await new ComfyClient(options.server).objectInfo(signal), source: "server" };
  }
  const { builtinNodeDefs } = await import("../../core/nodes/builtin-defs.js");
  return { defs: builtinNodeDefs(), source: "builtin" };
}
