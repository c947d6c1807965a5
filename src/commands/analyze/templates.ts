/**
 * The original toolkit's three kinds of sweep (its `cr-analyze -g`), without its bugs: values
 * come from the workflow itself (no EDIT_ME placeholder that fails every run), a workflow with
 * nothing to vary is refused with a reason (never an empty file), and nothing is overwritten.
 */
import { UserError } from "../../core/errors.js";
import { SAMPLER_GROUPS } from "../../core/nodes/sampler-groups.js";
import type { ConfigLayout } from "./render-yaml.js";
import type { Analysis, Candidate } from "./types.js";

export const TEMPLATES = ["seed-mining", "sampler-surfing", "parameter-search"] as const;
export type TemplateName = (typeof TEMPLATES)[number];

export const MINING_SEEDS = 16;
export const SEARCH_POINTS = 32;

export interface TemplateConfig {
  readonly analysis: Analysis;
  readonly layout: ConfigLayout;
}

const isSamplerCombo = (c: Candidate): boolean => c.type === "values" && c.refs.some((r) => /^(sampler_name|scheduler)$/.test(r.input));
const isNumeric = (c: Candidate): boolean => c.type === "int" || c.type === "continuous";
const isSeed = (c: Candidate): boolean => c.type === "random_seed";

/** The analysis with only this template's parameters active, and the template's design. */
export function templateConfig(analysis: Analysis, template: TemplateName): TemplateConfig {
  const pick = PICKS[template];
  const active = analysis.candidates.filter((c) => c.proposed && pick.keep(c));
  if (!active.some(pick.needs)) {
    throw new UserError(`${analysis.source}: ${pick.missing}, so a ${template} config would vary nothing.`, { hint: pick.hint });
  }
  const candidates = analysis.candidates.map((c) => ({ ...c, proposed: active.includes(c) }));
  return { analysis: { ...analysis, candidates, emptyReason: undefined }, layout: pick.layout(active) };
}

interface Pick {
  readonly keep: (c: Candidate) => boolean;
  readonly needs: (c: Candidate) => boolean;
  readonly missing: string;
  readonly hint: string;
  readonly layout: (active: readonly Candidate[]) => ConfigLayout;
}

const PICKS: Record<TemplateName, Pick> = {
  "seed-mining": {
    keep: isSeed,
    needs: isSeed,
    missing: "no seed that adds noise reaches an output",
    hint: "Try --template sampler-surfing or parameter-search.",
    layout: (active) => ({
      strategy: "grid",
      seedsPerSample: MINING_SEEDS,
      runNamePattern: `{run_id:04d}_seed{${(active[0] as Candidate).name}}`,
      intro: [
        ` Seed mining: ${MINING_SEEDS} runs, each with its own seed; every other input keeps its current value.`,
        " Keep the seeds you like (params.json records each run's seed), then search around them.",
      ],
    }),
  },
  "sampler-surfing": {
    keep: isSamplerCombo,
    needs: isSamplerCombo,
    missing: "no sampler_name or scheduler reaches an output",
    hint: "Try --template seed-mining or parameter-search.",
    layout: (active) => ({
      strategy: "grid",
      seedsPerSample: 1,
      runNamePattern: `{run_id:04d}_${active.map((c) => `{${c.name}}`).join("_")}`,
      intro: [
        " Sampler surfing: every sampler × scheduler pair once, with the workflow's own seed, so only the sampler changes.",
        ` A values list may name a sampler group, e.g. values: ["@dpmpp_family"] (${Object.keys(SAMPLER_GROUPS)
          .map((g) => `@${g}`)
          .join(", ")}; cr-analyze --list-sampler-groups).`,
      ],
    }),
  },
  "parameter-search": {
    keep: (c) => isNumeric(c) || isSeed(c),
    needs: isNumeric,
    missing: "no numeric sampling knob (cfg, steps, shift, denoise, guidance, LoRA strength…) reaches an output",
    hint: "Try --template seed-mining or sampler-surfing.",
    layout: () => ({
      strategy: "sobol",
      numSamples: SEARCH_POINTS,
      seedsPerSample: 1,
      runNamePattern: "{run_id:04d}",
      intro: [
        ` Parameter search: ${SEARCH_POINTS} Sobol points over the numeric knobs below, one seed each; samplers stay as they are.`,
        ' Every other input follows, commented out, with its range: delete the "# " of a block to add it.',
      ],
    }),
  },
};

/** The groups, one line each, for --list-sampler-groups. */
export function samplerGroupLines(): string[] {
  return Object.entries(SAMPLER_GROUPS).map(([name, samplers]) => `@${name}: ${samplers.join(", ")}`);
}
