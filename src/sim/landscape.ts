/**
 * The synthetic quality landscape (a test fixture and a demo, NOT a model of any real sampler):
 * with `startSim({ landscape: true })` video outputs get measurable defects that depend on the
 * submitted values through fixed, documented rules, so tests can check that each flag fires when
 * it should and later benchmarks can measure how fast a search finds the good region.
 *
 *   flicker  the luma of every other frame moves by ±amplitude/2, amplitude = 12 × |cfg − 5|
 *            (capped at 80): far from the hidden optimum cfg = 5 the clip flickers;
 *   freeze   below 12 steps the clip holds a frame from `steps/12` of its length to the end;
 *   blur     a box blur of radius 0.8 × (shift − 5) pixels above shift 5;
 *   noise    every pixel gets uniform noise of ±4 levels from a generator seeded by the seed, so
 *            two seeds give different files and slightly different figures.
 *
 * Values are read from the prompt: the first node (by id) whose inputs hold `cfg`, `steps`,
 * `shift`, `seed` or `noise_seed` as numbers. A missing value counts as the optimum.
 * Every other input (sampler, scheduler, denoise, LoRA strength, …) has no effect: the importance
 * benchmark (bench/report-importance.ts) uses two such inputs as its parameters with no true effect.
 */
import type { JsonObject, JsonValue } from "./types.js";

export const LANDSCAPE = {
  cfgOptimum: 5,
  flickerPerCfg: 12,
  flickerMax: 80,
  freezeBelowSteps: 12,
  shiftOptimum: 5,
  blurPerShift: 0.8,
  noiseLevels: 4,
} as const;

export interface LandscapeInputs {
  readonly cfg?: number | undefined;
  readonly steps?: number | undefined;
  readonly shift?: number | undefined;
  readonly seed?: number | bigint | undefined;
}

export interface LandscapeEffects {
  /** Peak-to-peak luma swing between neighbouring frames (0 = steady). */
  readonly flickerAmplitude: number;
  /** Share of the clip (0–1) after which every frame repeats; 1 = never frozen. */
  readonly freezeFrom: number;
  /** Box-blur radius in pixels (0 = sharp). */
  readonly blurRadius: number;
  readonly noiseLevels: number;
  readonly seed: bigint;
}

export function landscapeEffects(inputs: LandscapeInputs): LandscapeEffects {
  const cfg = inputs.cfg ?? LANDSCAPE.cfgOptimum;
  const steps = inputs.steps ?? LANDSCAPE.freezeBelowSteps;
  const shift = inputs.shift ?? LANDSCAPE.shiftOptimum;
  return {
    flickerAmplitude: Math.min(LANDSCAPE.flickerMax, LANDSCAPE.flickerPerCfg * Math.abs(cfg - LANDSCAPE.cfgOptimum)),
    freezeFrom: steps >= LANDSCAPE.freezeBelowSteps ? 1 : Math.max(0, steps / LANDSCAPE.freezeBelowSteps),
    blurRadius: Math.max(0, LANDSCAPE.blurPerShift * (shift - LANDSCAPE.shiftOptimum)),
    noiseLevels: LANDSCAPE.noiseLevels,
    seed: BigInt(inputs.seed ?? 0),
  };
}

/**
 * The true, noise-free quality of a setting in [0, 1] (1 at the optimum): what a search over
 * the landscape should find. Each defect costs up to a third.
 */
export function landscapeQuality(inputs: LandscapeInputs): number {
  const e = landscapeEffects(inputs);
  const flicker = Math.min(1, e.flickerAmplitude / LANDSCAPE.flickerMax);
  const frozen = 1 - e.freezeFrom;
  const blur = Math.min(1, e.blurRadius / 5);
  return 1 - (flicker + frozen + blur) / 3;
}

function numeric(value: JsonValue | undefined): number | bigint | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : typeof value === "bigint" ? value : undefined;
}

/** The landscape's inputs from a submitted API-format prompt. */
export function landscapeInputsFromPrompt(prompt: JsonObject): LandscapeInputs {
  const found: { cfg?: number | undefined; steps?: number | undefined; shift?: number | undefined; seed?: number | bigint | undefined } = {};
  const ids = Object.keys(prompt).sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
  for (const id of ids) {
    const node = prompt[id];
    const inputs = node && typeof node === "object" && !Array.isArray(node) ? (node as JsonObject)["inputs"] : undefined;
    if (!inputs || typeof inputs !== "object" || Array.isArray(inputs)) continue;
    const get = (name: string): number | bigint | undefined => numeric((inputs as JsonObject)[name]);
    const asNumber = (v: number | bigint | undefined): number | undefined => (v === undefined ? undefined : Number(v));
    found.cfg ??= asNumber(get("cfg"));
    found.steps ??= asNumber(get("steps"));
    found.shift ??= asNumber(get("shift"));
    found.seed ??= get("seed") ?? get("noise_seed");
  }
  return found;
}

/** A small deterministic generator (xorshift64*) so the noise depends only on seed and frame. */
function noiseSource(seed: bigint, frame: number): () => number {
  let state = (seed ^ (BigInt(frame + 1) * 0x9e3779b97f4a7c15n)) & 0xffffffffffffffffn;
  if (state === 0n) state = 0x2545f4914f6cdd1dn;
  return () => {
    state ^= state >> 12n;
    state ^= (state << 25n) & 0xffffffffffffffffn;
    state ^= state >> 27n;
    return Number(((state * 0x2545f4914f6cdd1dn) & 0xffffffffffffffffn) >> 40n) / 2 ** 24;
  };
}

function boxBlur(rgb: Buffer, width: number, height: number, radius: number): Buffer {
  const r = Math.round(radius);
  if (r <= 0) return rgb;
  const pass = (src: Buffer, horizontal: boolean): Buffer => {
    const out = Buffer.alloc(src.length);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        for (let c = 0; c < 3; c++) {
          let sum = 0;
          let count = 0;
          for (let k = -r; k <= r; k++) {
            const xx = horizontal ? x + k : x;
            const yy = horizontal ? y : y + k;
            if (xx < 0 || yy < 0 || xx >= width || yy >= height) continue;
            sum += src[(yy * width + xx) * 3 + c] ?? 0;
            count++;
          }
          out[(y * width + x) * 3 + c] = Math.round(sum / count);
        }
      }
    }
    return out;
  };
  return pass(pass(rgb, true), false);
}

/** Applies the effects to the clip's frames (RGB buffers, in order); returns new frames. */
export function applyLandscape(frames: readonly Buffer[], width: number, height: number, effects: LandscapeEffects): Buffer[] {
  const holdFrom = Math.min(frames.length - 1, Math.max(1, Math.floor(frames.length * effects.freezeFrom)));
  return frames.map((_, index) => {
    const sourceIndex = effects.freezeFrom < 1 && index > holdFrom ? holdFrom : index;
    const frame = boxBlur(frames[sourceIndex] as Buffer, width, height, effects.blurRadius);
    const swing = index % 2 === 0 ? -effects.flickerAmplitude / 2 : effects.flickerAmplitude / 2;
    // A frozen frame is frozen entirely: the same noise as the frame it repeats.
    const random = noiseSource(effects.seed, sourceIndex);
    const out = Buffer.alloc(frame.length);
    for (let p = 0; p < frame.length; p += 3) {
      const noise = Math.round((random() * 2 - 1) * effects.noiseLevels);
      for (let c = 0; c < 3; c++) out[p + c] = Math.max(0, Math.min(255, (frame[p + c] ?? 0) + noise + (sourceIndex === index ? swing : 0)));
    }
    return out;
  });
}
