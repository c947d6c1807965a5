/** The analysis result: what cr-analyze found in a workflow and what it proposes. */
/**
 * Where a candidate lands in the generated config:
 *   sampling – the classic knobs, active in the config
 *   seed     – random_seed, active (or listed when the node's noise is disabled)
 *   conditioning – guidance scales (active) and conditioning/control strengths (ranked, commented out)
 *   shape    – resolution, length, frame rate, batch size: commented out, expensive
 *   other    – other numbers, enums and booleans: commented out
 *   runtime  – memory, speed, tiling, previews, file format: commented out, last (never a different picture)
 *   text     – prompts and other free strings: fixed
 *   file     – models, LoRAs, images: fixed
 */
export type Category = "sampling" | "seed" | "conditioning" | "shape" | "other" | "runtime" | "text" | "file";

export const CATEGORY_ORDER: readonly Category[] = ["sampling", "seed", "conditioning", "shape", "other", "runtime", "text", "file"];

export type ParamType = "continuous" | "int" | "values" | "random_seed" | "fixed";

export type Scalar = number | bigint | string | boolean;

export interface NumericRange {
  readonly min: number;
  readonly max: number;
  readonly step?: number;
}

/** One input of one node, as found in the workflow. */
export interface InputRef {
  readonly nodeId: string;
  readonly input: string;
  readonly classType: string;
  /** The node's _meta.title, when it has one. */
  readonly title: string | undefined;
  /** The title when it says more than the class's stock name ("LoRA high noise", not "KSampler (Advanced)"). */
  readonly label: string | undefined;
  /** The path as written in the config: nodes.57.inputs.cfg. */
  readonly path: string;
}

export interface Candidate {
  /** Unique parameter name in the config. */
  name: string;
  readonly category: Category;
  readonly type: ParamType;
  /** One entry, or several when the knob is linked across nodes. */
  readonly refs: readonly InputRef[];
  /** For a constant node: the input it feeds (width, steps, handoff_step), which names it. */
  readonly role?: string;
  /** For a LoRA strength: the LoRA it weighs (file stem, high/low marker removed), which names it. */
  readonly lora?: string;
  /** The current value (rounded when it carries float noise). */
  readonly current: Scalar;
  readonly range?: NumericRange;
  /** The node's own min/max, for the comment. */
  readonly bounds?: { readonly min?: number | bigint; readonly max?: number | bigint };
  readonly scale?: "log";
  /** The proposed values of a `values` parameter. */
  readonly values?: readonly Scalar[];
  /** Every valid option of a combo, for the comment. */
  readonly options?: readonly string[];
  /** Active in the generated config (not commented out). */
  readonly proposed: boolean;
  /** Why it is commented out, fixed, linked or expensive: shown as a comment. */
  readonly notes: readonly string[];
}

export interface UnusedNode {
  readonly nodeId: string;
  readonly classType: string;
  readonly title: string | undefined;
}

export interface Skipped {
  readonly path: string;
  readonly reason: string;
}

export interface Analysis {
  readonly source: string;
  readonly defsSource: "server" | "file" | "builtin";
  readonly candidates: readonly Candidate[];
  readonly unusedNodes: readonly UnusedNode[];
  /** Classes found neither in the definitions nor in the built-in table. */
  readonly unknownClasses: readonly string[];
  /** Inputs deliberately left out: UI leftovers, values that do not fit their node. */
  readonly skipped: readonly Skipped[];
  readonly warnings: readonly string[];
  /** Set when nothing is proposed: one sentence saying why. */
  readonly emptyReason: string | undefined;
}
