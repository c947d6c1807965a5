/** The normalised config every command works from: one shape per parameter kind, absolute paths. */
import type { InputPath } from "../workflow/paths.js";
import type { ConfigPath } from "./source.js";

import type { Strategy } from "../sampling/design.js";
import type { ScoringSettings } from "../score/config-schema.js";

export type { Strategy };
export type Scale = "linear" | "log";
export type ShotOrder = "shot-major" | "point-major";
export type ScalarValue = string | number | bigint | boolean;

interface ParameterBase {
  readonly name: string;
  /** Every input this parameter writes (its own path(s), then those of `linked` followers). */
  readonly paths: readonly InputPath[];
  /** Where it is declared, for error messages. */
  readonly at: ConfigPath;
}

/** A list of levels: `values`, a bare list, or `linear` (levels computed from min/max/step). */
export interface DiscreteParameter extends ParameterBase {
  readonly type: "values" | "linear";
  readonly values: readonly ScalarValue[];
}

export interface IntParameter extends ParameterBase {
  readonly type: "int";
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly scale: Scale;
}

export interface ContinuousParameter extends ParameterBase {
  readonly type: "continuous";
  readonly min: number;
  readonly max: number;
  /** Values are rounded to this step (from min); without it, to 1e-6. */
  readonly step: number | undefined;
  readonly scale: Scale;
  /** Grid only: how many evenly spaced points. */
  readonly points: number | undefined;
}

export interface SeedParameter extends ParameterBase {
  readonly type: "random_seed";
  /** Largest seed, inclusive (default 2^32 - 1, at most 2^53 - 1). */
  readonly max: number;
}

export type Parameter = DiscreteParameter | IntParameter | ContinuousParameter | SeedParameter;
export type ParameterType = Parameter["type"];

export interface ShotsConfig {
  /** Absolute. */
  readonly directory: string;
  readonly only: readonly string[] | undefined;
  readonly inject: {
    readonly prompt: readonly InputPath[];
    readonly negative: readonly InputPath[];
    readonly firstFrame: readonly InputPath[];
    readonly lastFrame: readonly InputPath[];
  };
  /** True when `inject` was written in the config (else the command picks defaults). */
  readonly injectGiven: boolean;
  readonly order: ShotOrder;
  /** Absolute, `~` expanded; undefined when not given. */
  readonly comfyuiInputPath: string | undefined;
  readonly negativePrompt: string | undefined;
}

export interface BatchConfig {
  /** The config file as the user named it, and its folder (absolute). */
  readonly file: string;
  readonly dir: string;
  /** Absolute. */
  readonly workflowFile: string;
  readonly strategy: Strategy;
  readonly numSamples: number;
  readonly seedsPerSample: number;
  /** The master seed from the config, when given. */
  readonly seed: number | undefined;
  readonly design: { readonly scramble: boolean; readonly maximin: boolean };
  /** In declaration order; `linked` ones are folded into their source's paths. */
  readonly parameters: readonly Parameter[];
  readonly output: {
    /** Absolute. */
    readonly baseDir: string;
    readonly runNamePattern: string;
    readonly saveParamsJson: boolean;
    readonly saveMetadataCsv: boolean;
    readonly namespaceOutputs: boolean;
  };
  readonly resume: { readonly enabled: boolean; readonly skipExisting: boolean };
  readonly comfyui: {
    /** server_address and servers together, in order, without duplicates; may be empty. */
    readonly servers: readonly string[];
    readonly queueDepth: number;
    readonly timeoutSeconds: number | undefined;
    readonly idleTimeoutSeconds: number;
    /** With several servers: how long an unreachable one keeps its in-flight runs. */
    readonly failoverAfterSeconds: number;
    readonly pollIntervalSeconds: number | undefined;
    /** Absolute, when given. */
    readonly outputDir: string | undefined;
    readonly deleteFromComfyui: boolean;
  };
  readonly shots: ShotsConfig | undefined;
  /** The `scoring:` block (docs/scoring.md). */
  readonly scoring: ScoringSettings;
  /** `history:` (absolute folders, with the text as written) and `target:`; undefined without history. */
  readonly history: { readonly dirs: readonly { readonly text: string; readonly dir: string }[]; readonly target: string | undefined } | undefined;
  /** `file:line:column` of a place in the config, for messages about it found later. */
  locate(path: ConfigPath, at?: "key" | "value"): string;
}
