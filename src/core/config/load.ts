/** Reading a config file: YAML → schema check → normalised BatchConfig, all problems at once. */
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import { parseTarget } from "../analysis/dataset.js";
import { UserError } from "../errors.js";
import { normalizeScoring } from "../score/config-schema.js";
import { parsePath, type InputPath } from "../workflow/paths.js";
import { IssueList } from "./issues.js";
import { normalizeParameters } from "./normalize-params.js";
import { configSchema, parameterSchema, type RawConfig, type RawParameter } from "./schema.js";
import { parseConfigSource, type ConfigPath } from "./source.js";
import type { BatchConfig, ShotsConfig } from "./types.js";
import { reportZodIssues } from "./zod-issues.js";

export interface LoadedConfig {
  readonly config: BatchConfig;
  /** The exact bytes read, for the fingerprint and the batch folder's copy. */
  readonly bytes: Uint8Array;
}

export async function loadConfigFile(file: string): Promise<LoadedConfig> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new UserError(`Config file not found: ${file}`);
    if (code === "EISDIR") throw new UserError(`${file} is a folder, not a config file.`);
    throw new UserError(`Cannot read the config file ${file}: ${(error as Error).message}`);
  }
  const text = new TextDecoder("utf-8").decode(bytes);
  return { config: parseConfigText(text, file), bytes };
}

/** `file` names the config in messages; relative paths in it resolve against its folder. */
export function parseConfigText(text: string, file: string, cwd: string = process.cwd()): BatchConfig {
  const source = parseConfigSource(text, file);
  const issues = new IssueList(source);
  source.syntaxErrors.forEach((line) => issues.addRaw(line));
  issues.throwIfAny();
  if (source.data === null || source.data === undefined) {
    throw new UserError(`${file} is empty.`, { hint: "A config needs at least workflow_file: and parameters:." });
  }
  const parsed = configSchema.safeParse(source.data, { reportInput: true });
  const order = source.keysInOrder(["parameters"]);
  if (!parsed.success) {
    reportZodIssues(parsed.error.issues, configSchema, issues);
    // Check the well-formed parameters too, so one run shows every problem in the file.
    normalizeParameters(wellFormedParameters(source.data), order, issues);
    issues.throwIfAny();
  }
  const raw = parsed.data as RawConfig;
  const dir = path.resolve(cwd, path.dirname(file));
  const parameters = normalizeParameters(raw.parameters ?? {}, order, issues);
  const shots = raw.shots ? normalizeShots(raw.shots, dir, issues) : undefined;
  if (raw.sampling_strategy === "tpe" && raw.history === undefined)
    issues.add(["sampling_strategy"], "sampling_strategy: tpe learns from earlier batches: name them under history: (a list of batch folders)");
  if (raw.target !== undefined && raw.history === undefined)
    issues.add(["target"], "target: says what is better in the history: batches; add history: or remove it");
  if (raw.target !== undefined && !isTarget(raw.target))
    issues.add(
      ["target"],
      `target: '${raw.target}' is not a target: use stars, pairwise, score:<value>, score:-<value> (lower is better) or a weighted sum such as score:flicker+0.5*score:-blur`,
    );
  issues.throwIfAny();
  const servers = [...new Set([...(raw.comfyui.server_address ? [raw.comfyui.server_address] : []), ...(raw.comfyui.servers ?? [])])];
  return {
    file,
    dir,
    workflowFile: path.resolve(dir, raw.workflow_file),
    strategy: raw.sampling_strategy,
    numSamples: raw.num_samples,
    seedsPerSample: raw.seeds_per_sample,
    seed: raw.seed,
    design: { scramble: raw.design.scramble, maximin: raw.design.maximin },
    parameters,
    output: {
      baseDir: path.resolve(dir, raw.output.base_dir),
      runNamePattern: raw.output.run_name_pattern,
      saveParamsJson: raw.output.save_params_json,
      saveMetadataCsv: raw.output.save_metadata_csv,
      namespaceOutputs: raw.output.namespace_outputs,
    },
    resume: { enabled: raw.resume.enabled, skipExisting: raw.resume.skip_existing },
    comfyui: {
      servers,
      queueDepth: raw.comfyui.queue_depth,
      timeoutSeconds: raw.comfyui.timeout,
      idleTimeoutSeconds: raw.comfyui.idle_timeout,
      failoverAfterSeconds: raw.comfyui.failover_after,
      pollIntervalSeconds: raw.comfyui.poll_interval,
      outputDir: raw.comfyui.output_dir === undefined ? undefined : resolveUserPath(dir, raw.comfyui.output_dir),
      deleteFromComfyui: raw.comfyui.delete_from_comfyui,
    },
    shots,
    scoring: normalizeScoring(raw.scoring),
    history: raw.history === undefined ? undefined : { dirs: raw.history.map((text) => ({ text, dir: resolveUserPath(dir, text) })), target: raw.target },
    locate: (at: ConfigPath, which?: "key" | "value") => source.locate(at, which),
  };
}

function isTarget(text: string): boolean {
  try {
    parseTarget(text);
    return true;
  } catch {
    return false;
  }
}

function wellFormedParameters(data: unknown): Record<string, RawParameter> {
  const declared = data !== null && typeof data === "object" ? (data as Record<string, unknown>)["parameters"] : undefined;
  const result: Record<string, RawParameter> = {};
  if (declared === null || typeof declared !== "object") return result;
  for (const [name, spec] of Object.entries(declared)) {
    const parsed = parameterSchema.safeParse(spec);
    if (parsed.success) result[name] = parsed.data;
  }
  return result;
}

/** `~/x` is the home folder; anything else relative is against the config's folder. */
function resolveUserPath(dir: string, text: string): string {
  if (text === "~" || text.startsWith("~/")) return path.join(homedir(), text.slice(1));
  return path.resolve(dir, text);
}

function normalizeShots(raw: NonNullable<RawConfig["shots"]>, dir: string, issues: IssueList): ShotsConfig {
  const target = (key: "prompt" | "negative" | "first_frame" | "last_frame"): InputPath[] => {
    const value = raw.inject?.[key];
    if (value === undefined) return [];
    const texts = typeof value === "string" ? [value] : value;
    const paths: InputPath[] = [];
    texts.forEach((text, i) => {
      const at: ConfigPath = typeof value === "string" ? ["shots", "inject", key] : ["shots", "inject", key, i];
      try {
        paths.push(parsePath(text));
      } catch (error) {
        issues.add(at, (error as Error).message);
      }
    });
    return paths;
  };
  return {
    directory: resolveUserPath(dir, raw.directory),
    only: raw.only,
    inject: { prompt: target("prompt"), negative: target("negative"), firstFrame: target("first_frame"), lastFrame: target("last_frame") },
    injectGiven: raw.inject !== undefined,
    order: raw.order,
    comfyuiInputPath: raw.comfyui_input_path === undefined ? undefined : resolveUserPath(dir, raw.comfyui_input_path),
    negativePrompt: raw.negative_prompt,
  };
}
