/** cr-analyze: load a workflow and node definitions, analyse, write or print the config. */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { NodeDefs } from "../../core/comfy/object-info.js";
import type { ServerTarget } from "../../core/comfy/server.js";
import { UserError } from "../../core/errors.js";
import { JsonSyntaxError, parseJson, stringifyJson } from "../../core/json/lossless.js";
import { loadWorkflowFile } from "../../core/workflow/load.js";
import { analyzeWorkflow } from "./analyze.js";
import { analysisToJson } from "./json-output.js";
import { renderConfigYaml } from "./render-yaml.js";
import { reportLines, type Paint } from "./report.js";
import { configSchemaFile } from "./schema-path.js";
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
  const workflow = await loadWorkflowFile(options.workflowFile);
  const { defs, source } = await loadDefinitions(options, io.signal);
  const analysis = analyzeWorkflow(workflow, { defs, defsSource: source, source: options.workflowFile });
  const target = path.resolve(options.output ?? defaultConfigPath(options.workflowFile));
  const yaml = renderConfigYaml(analysis, {
    configFile: target,
    workflowFile: path.resolve(options.workflowFile),
    schemaFile: configSchemaFile(),
    serverAddress: options.serverAddress,
    version: options.version,
  });
  // --print and --json go to stdout; the file is written too only when -o names it.
  const writeFileToo = !(options.print || options.json) || options.output !== undefined;
  const shown = options.output ?? path.relative(process.cwd(), target);
  if (writeFileToo) await writeConfig(target, shown, yaml, options.force);

  for (const warning of analysis.warnings) io.warn(warning);
  if (options.json) stdout(`${stringifyJson(analysisToJson(analysis, writeFileToo ? target : undefined), 2)}\n`);
  else if (options.print) stdout(yaml);
  else for (const line of reportLines(analysis, { c: io.c, configShown: writeFileToo ? shown : undefined })) io.line(line);
  return { analysis, yaml, configFile: writeFileToo ? target : undefined };
}

export function defaultConfigPath(workflowFile: string): string {
  const parsed = path.parse(workflowFile);
  return path.join(parsed.dir, `${parsed.name}_batch_config.yaml`);
}

async function writeConfig(target: string, shown: string, yaml: string, force: boolean): Promise<void> {
  try {
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, yaml, { encoding: "utf8", flag: force ? "w" : "wx" });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") {
      throw new UserError(`${shown} already exists; cr-analyze does not overwrite it.`, { hint: "Add --force to replace it, or write elsewhere with -o PATH (or --print to see it)." });
    }
    throw new UserError(`Cannot write ${shown}: ${(error as Error).message}`);
  }
}

async function loadDefinitions(options: AnalyzeCommandOptions, signal: AbortSignal): Promise<{ defs: NodeDefs; source: Analysis["defsSource"] }> {
  const { parseObjectInfo } = await import("../../core/comfy/object-info.js");
  if (options.objectInfoFile !== undefined) {
    const file = options.objectInfoFile;
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UserError(code === "ENOENT" ? `Object info file not found: ${file}` : `Cannot read ${file}: ${(error as Error).message}`);
    }
    let data;
    try {
      data = parseJson(text);
    } catch (error) {
      if (error instanceof JsonSyntaxError) throw new UserError(`${file}:${error.line}:${error.column}: invalid JSON: ${error.message}`);
      throw error;
    }
    const defs = parseObjectInfo(data);
    if (defs.size === 0) throw new UserError(`${file} holds no node definitions.`, { hint: "Save the reply of GET /object_info from a ComfyUI server, e.g. curl http://127.0.0.1:8188/object_info > object_info.json" });
    return { defs, source: "file" };
  }
  if (options.server !== undefined) {
    const { ComfyClient } = await import("../../core/comfy/client.js");
    return { defs: await new ComfyClient(options.server).objectInfo(signal), source: "server" };
  }
  const { builtinNodeDefs } = await import("../../core/nodes/builtin-defs.js");
  return { defs: builtinNodeDefs(), source: "builtin" };
}
