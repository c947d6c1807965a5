/**
 * The generated config, written as text (yaml-text.ts) so comments sit where they belong.
 * Active parameters are real YAML; every other candidate follows as a commented-out block that
 * becomes valid YAML when its leading "# " is removed.
 */
import path from "node:path";
import { showBounds, showNodes, showOptions, showValue, wrapOptions } from "./format.js";
import { stableHash32 } from "../../core/text/stable-hash.js";
import { relativePosix } from "./schema-path.js";
import type { Analysis, Candidate, Category } from "./types.js";
import { type YamlMap, yamlBlock, yamlComment } from "./yaml-text.js";

export interface RenderOptions {
  /** Absolute path of the config being written (its folder anchors relative paths). */
  readonly configFile: string;
  readonly workflowFile: string;
  readonly schemaFile: string | undefined;
  readonly serverAddress: string;
  readonly version: string;
  /** A template's design (cr-analyze --template); the default is a 16-point Sobol sweep. */
  readonly layout?: ConfigLayout;
}

/** How the config samples: its strategy, size, and the lines that explain it in the header. */
export interface ConfigLayout {
  readonly strategy: "sobol" | "grid";
  readonly numSamples?: number;
  readonly seedsPerSample: number;
  readonly runNamePattern: string;
  readonly intro: readonly string[];
}

const DEFAULT_LAYOUT: ConfigLayout = {
  strategy: "sobol",
  numSamples: 16,
  seedsPerSample: 1,
  runNamePattern: "{run_id:04d}",
  intro: [
    " Active below: the sampling knobs, guidance scales, LoRA and ControlNet strengths, and the seed. Every other input follows,",
    ' commented out, with its current value and the range its node accepts: delete the "# " of a block to use it.',
  ],
};

const COMMENTED_TITLES: Record<Category, string> = {
  sampling: "More sampling inputs (commented out)",
  seed: "Seeds that are not varied",
  conditioning: "Guidance and conditioning strengths (commented out)",
  shape: "Expensive: output size and length (commented out; every run gets slower or bigger)",
  other: "Other options (commented out)",
  runtime: "Options that do not change the picture: memory, speed, tiling, previews, file format (commented out)",
  text: "",
  file: "",
};

export function renderConfigYaml(analysis: Analysis, options: RenderOptions): string {
  const dir = path.dirname(options.configFile);
  const active = analysis.candidates.filter((c) => c.proposed);
  const layout = options.layout ?? DEFAULT_LAYOUT;
  const lines = [...yamlComment(headerLines(analysis, options, layout).join("\n")), ""];
  const entry = (key: string, value: YamlMap[string], comment?: string): void => {
    if (comment !== undefined) lines.push(...yamlComment(comment));
    lines.push(...yamlBlock({ [key]: value }));
  };
  entry("workflow_file", relativePosix(dir, options.workflowFile));
  const strategyNote =
    layout.strategy === "sobol"
      ? " Sobol points are only balanced in powers of two: keep num_samples at 8, 16, 32, 64…"
      : " grid: every combination of the values below, once per seed.";
  entry("sampling_strategy", layout.strategy, strategyNote);
  if (layout.numSamples !== undefined) entry("num_samples", layout.numSamples);
  entry("seeds_per_sample", layout.seedsPerSample, " Runs per parameter point, each with its own seed (only where a seed is varied).");
  entry(
    "seed",
    planSeed(analysis, options.workflowFile),
    " Master seed of the plan: the dry run and the real run plan the same values. Change it for a fresh draw.",
  );

  lines.push("", "parameters:");
  active.forEach((c, i) => {
    if (i > 0) lines.push("");
    const about = describe(c).map((l) => ` ${l}`);
    lines.push(...yamlComment(about.join("\n"), "  "), ...yamlBlock({ [c.name]: specOf(c) }, "  "));
  });
  // The commented blocks go under parameters, ready to uncomment (also when nothing is active).
  const section = commentedSection(analysis);
  if (section !== undefined) lines.push(...yamlComment(section, "  "));

  lines.push("", ...yamlBlock({ output: { base_dir: "output", run_name_pattern: layout.runNamePattern }, comfyui: { server_address: options.serverAddress } }));
  return `${lines.join("\n")}\n`;
}

function headerLines(analysis: Analysis, options: RenderOptions, layout: ConfigLayout): string[] {
  const name = path.basename(options.configFile);
  const lines = options.schemaFile ? [` yaml-language-server: $schema=${relativePosix(path.dirname(options.configFile), options.schemaFile)}`] : [];
  lines.push(` Batch config for ${path.basename(options.workflowFile)}, written by cr-analyze ${options.version}.`);
  if (analysis.emptyReason) lines.push(` ${analysis.emptyReason}`);
  lines.push("", " Check it without running anything, then run it:", `   cr-batch ${name} --dry-run`, `   cr-batch ${name}`, "", ...layout.intro);
  return lines;
}

function specOf(c: Candidate): YamlMap {
  const where = c.refs.length === 1 ? { path: c.refs[0]?.path } : { paths: c.refs.map((r) => r.path) };
  if (c.type === "random_seed") return { type: "random_seed", ...where };
  if (c.range) {
    return {
      type: c.type,
      ...where,
      min: c.range.min,
      max: c.range.max,
      ...(c.range.step !== undefined ? { step: c.range.step } : {}),
      ...(c.scale ? { scale: c.scale } : {}),
    };
  }
  return { type: "values", ...where, values: [...(c.values ?? [c.current])] };
}

function describe(c: Candidate): string[] {
  const head = [showNodes(c), `now ${showValue(c.current)}`, showBounds(c)].filter((s) => s !== undefined).join(" · ");
  const lines = [head, ...c.notes];
  if (c.options && c.options.length > (c.values?.length ?? 0)) lines.push(...wrapOptions("valid:", c.options));
  return lines;
}

function commentedSection(analysis: Analysis): string | undefined {
  const lines: string[] = [];
  for (const category of ["sampling", "seed", "conditioning", "shape", "other", "runtime"] as const) {
    const group = analysis.candidates.filter((c) => c.category === category && !c.proposed && c.type !== "fixed");
    if (group.length === 0) continue;
    lines.push("", `# ${COMMENTED_TITLES[category]}`);
    for (const c of group) lines.push(...commentedBlock(c));
  }
  const fixed = analysis.candidates.filter((c) => c.type === "fixed");
  if (fixed.length > 0) {
    lines.push("", '# Fixed, never varied: prompts, file names, "to the last step" markers and other text');
    for (const c of fixed) lines.push(`#   ${c.name}: ${c.refs[0]?.path} = ${showValue(c.current, 60)}`);
  }
  if (analysis.unusedNodes.length > 0) {
    lines.push("", "# Unused: nothing these nodes produce reaches an output, so their inputs change nothing");
    for (const n of analysis.unusedNodes) lines.push(`#   node ${n.nodeId} ${n.classType}${n.title && n.title !== n.classType ? ` "${n.title}"` : ""}`);
  }
  return lines.length > 0 ? lines.map((l) => (l === "" || l.startsWith("#") ? l : ` ${l}`)).join("\n") : undefined;
}

/** `name: {spec}` as YAML text, one comment line per line, its description on the first. */
function commentedBlock(c: Candidate): string[] {
  const spec = c.type === "random_seed" ? { type: "values", ...whereOf(c), values: [c.current] } : specOf(c);
  const [first = "", ...rest] = yamlBlock({ [c.name]: spec });
  const [head, ...more] = describe(c);
  const extra = more.filter((l) => !l.startsWith("valid:") && !l.startsWith("  "));
  const valid = c.options && c.options.length > (c.values?.length ?? 0) ? ` · valid: ${showOptions(c.options)}` : "";
  return [`${first}  # ${[head, ...extra].join(" · ")}${valid}`, ...rest];
}

function whereOf(c: Candidate): YamlMap {
  return c.refs.length === 1 ? { path: c.refs[0]?.path } : { paths: c.refs.map((r) => r.path) };
}

/** A seed that is stable for the same workflow and proposal (so goldens and re-runs agree). */
function planSeed(analysis: Analysis, workflowFile: string): number {
  const basis = JSON.stringify([path.basename(workflowFile), analysis.candidates.filter((c) => c.proposed).map((c) => c.name)]);
  return stableHash32(basis);
}
