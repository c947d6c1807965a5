export type {
  BatchConfig,
  Parameter,
  ParameterType,
  DiscreteParameter,
  IntParameter,
  ContinuousParameter,
  SeedParameter,
  ShotsConfig,
  Strategy,
  Scale,
  ShotOrder,
  ScalarValue,
} from "./types.js";
export type { LoadedConfig } from "./load.js";
export { loadConfigFile, parseConfigText } from "./load.js";
export type { WorkflowCheck } from "./validate.js";
export { validateAgainstWorkflow, literalInputProblem } from "./validate.js";
export { configSchema, STRATEGIES, PARAMETER_TYPES, MAX_NUM_SAMPLES } from "./schema.js";
export { configJsonSchema, configJsonSchemaText } from "./json-schema.js";
export { DEFAULT_SEED_MAX } from "./parameter-kinds.js";
export { RESERVED_NAMES } from "./normalize-params.js";
export { closestMatch, didYouMean } from "./issues.js";
export type { ConfigPath } from "./source.js";
export { formatConfigPath } from "./source.js";
export { loadScoringBlock, parseScoringBlock } from "./scoring-block.js";
