/**
 * Scans a shots folder: shots/<name>/ with prompt.txt, first_frame.*, last_frame.*,
 * optional negative.txt and shot.yaml. Reports exactly what each incomplete shot lacks.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { NodeDefs } from "../comfy/object-info.js";
import { checkAgainstSpec } from "../config/input-checks.js";
import { didYouMean } from "../config/issues.js";
import type { DiscreteParameter } from "../config/types.js";
import { parseConfigSource } from "../config/source.js";
import { UserError } from "../errors.js";
import type { JsonValue } from "../json/lossless.js";
import { describeNode, isLink, type Workflow } from "../workflow/model.js";
import { parsePath, type InputPath } from "../workflow/paths.js";
import type { ShotRole } from "./detect.js";
import { hashFile } from "../comfy/upload.js";
import { readImageInfo, type ImageInfo } from "./image-info.js";

const IMAGE_EXTENSIONS = ["png", "jpg", "jpeg", "webp"];

export interface ShotImage {
  readonly file: string;
  readonly info: ImageInfo;
  /** Content hash, computed once here: it names the upload and goes into shots.json. */
  readonly sha256: string;
}

export interface Shot {
  readonly name: string;
  readonly dir: string;
  readonly prompt?: string;
  readonly negative?: string;
  readonly firstFrame?: ShotImage;
  readonly lastFrame?: ShotImage;
  /** From shot.yaml `set:` – input path → fixed value for this shot. */
  readonly overrides: Record<string, string | number | boolean>;
}

export interface ShotScan {
  readonly shots: Shot[];
  readonly incomplete: { name: string; missing: string[] }[];
  readonly problems: string[];
}

/** `needed` lists the roles the workflow uses; a shot must provide each (negative is optional). */
/** What shot.yaml `set:` entries are checked against. */
export interface OverrideTarget {
  readonly workflow: Workflow;
  /** Node definitions (a server's, a saved /object_info, or the built-in table). */
  readonly defs?: NodeDefs;
  /** The built-in table knows core combo options only: an unknown choice is not an error then. */
  readonly partialDefs?: boolean;
}

/** With `target`, every shot.yaml `set:` entry is checked against the workflow (and node definitions). */
export async function scanShots(directory: string, needed: readonly ShotRole[], only?: readonly string[], target?: OverrideTarget): Promise<ShotScan> {
  const entries = await readdir(directory, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    throw new UserError(error.code === "ENOENT" ? `The shots folder ${directory} does not exist.` : `Cannot read the shots folder ${directory}: ${error.message}`);
  });
  let names = entries.filter((e) => e.isDirectory() && !e.name.startsWith(".")).map((e) => e.name).sort();
  if (only && only.length > 0) {
    const unknown = only.filter((n) => !names.includes(n));
    if (unknown.length > 0) throw new UserError(`Unknown shot(s) in shots.only / --only: ${unknown.join(", ")}.`, { hint: `Shots in ${directory}: ${names.join(", ") || "(none)"}` });
    names = names.filter((n) => only.includes(n));
  }
  if (names.length === 0) throw new UserError(`The shots folder ${directory} has no shot folders.`, { hint: "Create shots/<name>/ with prompt.txt, first_frame.png and last_frame.png." });

  const scan: ShotScan = { shots: [], incomplete: [], problems: [] };
  for (const name of names) {
    const dir = path.join(directory, name);
    const missing: string[] = [];
    const problems: string[] = [];
    const prompt = await readText(path.join(dir, "prompt.txt"), problems);
    const negative = await readText(path.join(dir, "negative.txt"), problems);
    const firstFrame = await findImage(dir, "first_frame", problems);
    const lastFrame = await findImage(dir, "last_frame", problems);
    if (needed.includes("prompt") && prompt === undefined) missing.push("prompt.txt");
    if (needed.includes("first_frame") && !firstFrame) missing.push("first_frame.(png|jpg|jpeg|webp)");
    if (needed.includes("last_frame") && !lastFrame) missing.push("last_frame.(png|jpg|jpeg|webp)");
    const overrides = await readOverrides(path.join(dir, "shot.yaml"), problems, target);
    scan.problems.push(...problems.map((p) => `${name}: ${p}`));
    if (missing.length > 0) scan.incomplete.push({ name, missing });
    else if (problems.length === 0) {
      scan.shots.push({ name, dir, ...(prompt !== undefined ? { prompt } : {}), ...(negative !== undefined ? { negative } : {}), ...(firstFrame ? { firstFrame } : {}), ...(lastFrame ? { lastFrame } : {}), overrides });
    }
  }
  return scan;
}

async function readText(file: string, problems: string[]): Promise<string | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    return undefined;
  }
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  if (text.includes("\uFFFD")) {
    problems.push(`${path.basename(file)} is not valid UTF-8`);
    return undefined;
  }
  const trimmed = text.replace(/^\uFEFF/, "").trim();
  if (trimmed === "") {
    problems.push(`${path.basename(file)} is empty`);
    return undefined;
  }
  return trimmed;
}

async function findImage(dir: string, stem: string, problems: string[]): Promise<ShotImage | undefined> {
  for (const ext of IMAGE_EXTENSIONS) {
    const file = path.join(dir, `${stem}.${ext}`);
    const exists = await stat(file).then((s) => s.isFile(), () => false);
    if (!exists) continue;
    try {
      return { file, info: await readImageInfo(file), sha256: await hashFile(file) };
    } catch (error) {
      problems.push(`${stem}.${ext} cannot be read as an image: ${(error as Error).message}`);
      return undefined;
    }
  }
  return undefined;
}

/** The keys a shot.yaml may have. */
const SHOT_YAML_KEYS = ["set"];

/**
 * shot.yaml, checked as strictly as the config: unknown keys, bad values and (given the
 * workflow) `set:` paths that do not exist, each with its file:line:column.
 */
async function readOverrides(file: string, problems: string[], target: OverrideTarget | undefined): Promise<Record<string, string | number | boolean>> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return {};
  }
  const source = parseConfigSource(text, file);
  if (source.syntaxErrors.length > 0) {
    problems.push(...source.syntaxErrors);
    return {};
  }
  const data = source.data;
  if (data === null || data === undefined) return {};
  if (typeof data !== "object" || Array.isArray(data)) {
    problems.push(`${source.locate([])} shot.yaml must be a mapping, e.g. "set: {nodes.67.inputs.length: 81}"`);
    return {};
  }
  for (const key of Object.keys(data)) {
    if (!SHOT_YAML_KEYS.includes(key)) problems.push(`${source.locate([key], "key")} unknown key "${key}"${didYouMean(key, SHOT_YAML_KEYS)}; shot.yaml has only set:`);
  }
  const set = (data as { set?: unknown }).set;
  if (set === undefined || set === null) return {};
  if (typeof set !== "object" || Array.isArray(set)) {
    problems.push(`${source.locate(["set"])} set: must map input paths to values, e.g. "set: {nodes.67.inputs.length: 81}"`);
    return {};
  }
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(set)) {
    const where = `${source.locate(["set", key], "key")} set.${key}:`;
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
      problems.push(`${where} must be a string, number or boolean`);
      continue;
    }
    const problem = target === undefined ? undefined : overrideProblem(target, key, value);
    if (problem !== undefined) problems.push(`${where} ${problem}`);
    else out[key] = value;
  }
  return out;
}

/** Why `set: {path: value}` cannot apply to this workflow, or undefined when it can. */
function overrideProblem({ workflow, defs, partialDefs }: OverrideTarget, pathText: string, value: string | number | boolean): string | undefined {
  let target: InputPath;
  try {
    target = parsePath(pathText);
  } catch (error) {
    return (error as Error).message;
  }
  const node = workflow[target.node];
  if (!node) return `the workflow has no node "${target.node}"`;
  if (!Object.hasOwn(node.inputs, target.input)) {
    return `${describeNode(workflow, target.node)} has no input "${target.input}"${didYouMean(target.input, Object.keys(node.inputs))}; its inputs: ${Object.keys(node.inputs).join(", ") || "(none)"}`;
  }
  const current = node.inputs[target.input] as JsonValue;
  if (isLink(current)) return `${describeNode(workflow, target.node)} input "${target.input}" is a link from node ${String(current[0])}, not a value that can be set`;
  const kind = (v: unknown): string => (typeof v === "bigint" ? "number" : typeof v);
  if (current !== null && kind(current) !== kind(value) && ["string", "number", "boolean"].includes(kind(current))) {
    return `${describeNode(workflow, target.node)} input "${target.input}" holds a ${kind(current)}, not a ${kind(value)} like ${JSON.stringify(value)}`;
  }
  const spec = defs?.get(node.class_type)?.inputs.get(target.input);
  if (spec === undefined || (partialDefs === true && spec.kind === "COMBO")) return undefined;
  // The same range, whole-number and choice checks as a config parameter with this one value.
  const asParameter: DiscreteParameter = { type: "values", name: pathText, values: [value], paths: [target], at: [] };
  const problems = checkAgainstSpec(asParameter, spec);
  return problems.length > 0 ? `${describeNode(workflow, target.node)} input "${target.input}": ${problems.join("; ")}` : undefined;
}
