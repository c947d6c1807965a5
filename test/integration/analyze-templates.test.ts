/**
 * cr-analyze --template on every workflow of the corpus: each of the three configs passes
 * cr-batch's validation and plans its runs (what `cr-batch <config> --dry-run` does), with no
 * placeholder left; a workflow that cannot feed a template is refused, never given an empty file.
 */
import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeCommand, type AnalyzeCommandOptions, type AnalyzeIo } from "../../src/commands/analyze/index.js";
import { TEMPLATES } from "../../src/commands/analyze/templates.js";
import { parseConfigText, validateAgainstWorkflow } from "../../src/core/config/index.js";
import { UserError } from "../../src/core/errors.js";
import { builtinNodeDefs } from "../../src/core/nodes/builtin-defs.js";
import { buildPlan } from "../../src/core/plan/index.js";
import { loadWorkflowFile } from "../../src/core/workflow/load.js";
import { tempDir } from "../helpers/tmp.js";
import { CORPUS_DIR, readManifest } from "../unit/analyze/corpus.js";

const plain = (t: string): string => t;
const quietIo = (): AnalyzeIo & { lines: string[] } => {
  const lines: string[] = [];
  return {
    signal: new AbortController().signal,
    c: { bold: plain, dim: plain, green: plain, yellow: plain, cyan: plain },
    line: (t) => void lines.push(t),
    warn: (t) => void lines.push(`WARNING: ${t}`),
    stdout: () => undefined,
    lines,
  };
};

function options(workflowFile: string, extra: Partial<AnalyzeCommandOptions>): AnalyzeCommandOptions {
  return {
    workflowFile,
    output: undefined,
    force: false,
    print: false,
    json: false,
    server: undefined,
    serverAddress: "127.0.0.1:8188",
    objectInfoFile: undefined,
    version: "0.0.0-test",
    ...extra,
  };
}

async function copyToTemp(file: string): Promise<string> {
  const dir = await tempDir("cr-analyze-tpl-");
  const target = path.join(dir, "wf", file);
  await mkdir(path.dirname(target));
  await copyFile(path.join(CORPUS_DIR, "workflows", file), target);
  return target;
}

async function plannedRuns(configFile: string): Promise<number> {
  const text = await readFile(configFile, "utf8");
  expect(text).not.toMatch(/EDIT_ME|PLACEHOLDER/);
  const config = parseConfigText(text, configFile);
  validateAgainstWorkflow(config, await loadWorkflowFile(config.workflowFile), builtinNodeDefs());
  const { plan } = buildPlan(config, { createdAt: "2026-01-01T00:00:00.000Z", fingerprint: { config: "x", workflow: "y" }, seed: 7 });
  return plan.runs.length;
}

// WanVideoWrapper's schedulers (unipc, dpm++_sde, flowmatch_distill) are not ComfyUI's, and HyVideoSampler has none: nothing to surf without their definitions.
const NO_CORE_SAMPLER = new Set(["wanvideo-wrapper-2pass.json", "wan21-infinitetalk.json", "wan21-wrapper-enhance.json", "hunyuan-video-wrapper-lora.json"]);

describe.each(readManifest().map((e) => e.file))("templates on %s", (file) => {
  it("writes the templates it can feed, each validating and planning its runs, and says why it skips another", async () => {
    const workflow = await copyToTemp(file);
    const io = quietIo();
    await analyzeCommand(options(workflow, { template: "all" }), io);
    for (const template of TEMPLATES) {
      const configFile = workflow.replace(/\.json$/, `_${template}.yaml`);
      if (template === "sampler-surfing" && NO_CORE_SAMPLER.has(file)) {
        expect(io.lines.join("\n")).toMatch(/no sampler_name or scheduler reaches an output, so a sampler-surfing config would vary nothing\. Not written/);
        await expect(readFile(configFile)).rejects.toThrow(/ENOENT/);
        continue;
      }
      const runs = await plannedRuns(configFile);
      if (template === "seed-mining") expect(runs, template).toBe(16);
      else expect(runs, template).toBeGreaterThan(1);
    }
  });
});

describe("template refusals", () => {
  const noSampler = {
    "1": { class_type: "EmptyImage", inputs: { width: 64, height: 64, batch_size: 1, color: 0 } },
    "2": { class_type: "SaveImage", inputs: { images: ["1", 0], filename_prefix: "x" } },
  };

  it("refuses a template the workflow cannot feed, with a reason and no file", async () => {
    const dir = await tempDir("cr-analyze-tpl-");
    const workflow = path.join(dir, "plain.json");
    await writeFile(workflow, JSON.stringify(noSampler));
    const attempt = analyzeCommand(options(workflow, { template: "sampler-surfing" }), quietIo());
    await expect(attempt).rejects.toBeInstanceOf(UserError);
    await expect(attempt).rejects.toThrow(/no sampler_name or scheduler reaches an output/);
    await expect(readFile(workflow.replace(/\.json$/, "_sampler-surfing.yaml"))).rejects.toThrow(/ENOENT/);
  });

  it("never overwrites an existing template without --force", async () => {
    const workflow = await copyToTemp("sd15-lora.json");
    const target = workflow.replace(/\.json$/, "_seed-mining.yaml");
    await writeFile(target, "mine\n");
    await expect(analyzeCommand(options(workflow, { template: "seed-mining" }), quietIo())).rejects.toThrow(/already exists/);
    expect(await readFile(target, "utf8")).toBe("mine\n");
    await analyzeCommand(options(workflow, { template: "seed-mining", force: true }), quietIo());
    expect(await readFile(target, "utf8")).toMatch(/seeds_per_sample: 16/);
  });
});

describe("sampler groups in a config", () => {
  it("expands @dpmpp_family in a values list and refuses an unknown group", async () => {
    const workflow = await copyToTemp("sd15-lora.json");
    await analyzeCommand(options(workflow, { template: "sampler-surfing" }), quietIo());
    const configFile = workflow.replace(/\.json$/, "_sampler-surfing.yaml");
    const text = await readFile(configFile, "utf8");
    const grouped = text.replace(/(sampler_name:\n(?:.*\n)*?\s+values: )\[[^\]]*\]/, '$1["@dpmpp_family", "euler"]');
    expect(grouped).toContain("@dpmpp_family");
    const config = parseConfigText(grouped, configFile);
    const sampler = config.parameters.find((p) => p.name === "sampler_name");
    expect(sampler && "values" in sampler ? sampler.values : []).toEqual([
      "dpmpp_2m",
      "dpmpp_2m_sde",
      "dpmpp_2m_sde_gpu",
      "dpmpp_3m_sde",
      "uni_pc",
      "uni_pc_bh2",
      "euler",
    ]);
    const typo = grouped.replace('["@dpmpp_family", "euler"]', '["@dpmpp_famly", "euler"]');
    expect(() => parseConfigText(typo, configFile)).toThrow(/"@dpmpp_famly" is not a sampler group \(did you mean "dpmpp_family"\?\)/);
  });
});
