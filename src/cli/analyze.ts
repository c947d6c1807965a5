/**
 * cr-analyze: the common forms of its command line are read here without commander (start time:
 * bench/analyze-cold-start.ts); everything else goes to analyze-flags.ts. The command module is
 * imported after parsing.
 */
import type { AnalyzeCommandOptions, AnalyzeIo } from "../commands/analyze/index.js";
import type { MainContext } from "./main.js";
import { writeStdoutSync } from "./stdio.js";
import { readPackageVersion } from "./version.js";

const plain = (text: string): string => text;
const PLAIN = { bold: plain, dim: plain, green: plain, yellow: plain, cyan: plain };

/** --print and --json only warn on stderr, so they skip loading the terminal UI (chalk) at startup. */
async function pickIo(flags: Pick<AnalyzeCommandOptions, "print" | "json">, signal: AbortSignal): Promise<AnalyzeIo> {
  if (flags.print || flags.json) {
    const toStderr = (text: string): void => void process.stderr.write(`${text}\n`);
    return { signal, c: PLAIN, line: toStderr, warn: (text) => toStderr(`WARNING: ${text}`), stdout: writeStdoutSync };
  }
  const { createUi } = await import("../ui/ui.js");
  const ui = createUi();
  return { signal, c: ui.c, line: (text) => ui.line(text), warn: (text) => ui.warn(text) };
}

export const TEMPLATE_CHOICES = ["seed-mining", "sampler-surfing", "parameter-search", "all"] as const;

export type AnalyzeArgs = { readonly listSamplerGroups: true } | { readonly listSamplerGroups: false; readonly options: AnalyzeCommandOptions };

type QuickKey = "force" | "print" | "json" | "output" | "objectInfo" | "template";
const QUICK_FLAGS = new Map<string, QuickKey>([
  ["-f", "force"],
  ["--force", "force"],
  ["--print", "print"],
  ["--json", "json"],
  ["-o", "output"],
  ["--output", "output"],
  ["--object-info", "objectInfo"],
  ["--template", "template"],
]);
const TAKES_VALUE = new Set<QuickKey>(["output", "objectInfo", "template"]);

/**
 * argv → options for the everyday forms: one workflow file, -o/--output, -f/--force, --print,
 * --json, --object-info and --template, each at most once with its value as the next word, and
 * no server. Anything else (help, version, servers, unknown or repeated flags, values that look
 * like flags, mistakes) returns undefined: commander reads it and has the last word.
 */
export function quickAnalyzeArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): AnalyzeArgs | undefined {
  const found = new Map<QuickKey, string | true>();
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const key = QUICK_FLAGS.get(arg);
    if (key === undefined) {
      if (arg.startsWith("-")) return undefined;
      words.push(arg);
    } else if (found.has(key)) {
      return undefined;
    } else if (TAKES_VALUE.has(key)) {
      const value = argv[++i];
      if (value === undefined || value.startsWith("-")) return undefined;
      found.set(key, value);
    } else {
      found.set(key, true);
    }
  }
  const text = (key: QuickKey): string | undefined => {
    const value = found.get(key);
    return typeof value === "string" ? value : undefined;
  };
  const [workflowFile, ...extra] = words;
  const template = TEMPLATE_CHOICES.find((choice) => choice === text("template"));
  if (workflowFile === undefined || extra.length > 0 || template !== text("template")) return undefined;
  // COMFYUI_URL means "read that server's definitions" unless --object-info names a file.
  const envServer = env["COMFYUI_URL"];
  if (envServer !== undefined && !found.has("objectInfo")) return undefined;
  return {
    listSamplerGroups: false,
    options: {
      workflowFile,
      output: text("output"),
      force: found.has("force"),
      print: found.has("print"),
      json: found.has("json"),
      server: undefined,
      serverAddress: envServer ?? "127.0.0.1:8188",
      objectInfoFile: text("objectInfo"),
      version: readPackageVersion(),
      ...(template !== undefined ? { template } : {}),
    },
  };
}

export async function main({ signal, argv }: MainContext): Promise<number> {
  const args = quickAnalyzeArgs(argv) ?? (await import("./analyze-flags.js")).parseAnalyzeArgs(argv);
  if (args.listSamplerGroups) {
    const { listSamplerGroups } = await import("../commands/analyze/index.js");
    listSamplerGroups({});
    return 0;
  }
  const { analyzeCommand } = await import("../commands/analyze/index.js");
  await analyzeCommand(args.options, await pickIo(args.options, signal));
  return 0;
}
