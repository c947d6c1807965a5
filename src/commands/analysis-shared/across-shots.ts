/** The report's "across shots" part: per-shot effects, best levels and whether they agree, settings by mean rank. */
import { acrossShots, type ParameterAgreement, type ShotEffects } from "../../core/analysis/across-shots.js";
import type { Dataset } from "../../core/analysis/dataset.js";
import type { Rng } from "../../core/sampling/rng.js";
import { setArguments } from "./set-line.js";

export interface AcrossShotsReport {
  readonly shots: readonly string[];
  readonly effects: readonly ShotEffects[];
  readonly parameters: readonly ParameterAgreement[];
  /** The top settings by mean rank across shots (1 = best in a shot). */
  readonly settings: readonly {
    readonly values: Readonly<Record<string, string | number | boolean | null>>;
    readonly mean_rank: number;
    readonly per_shot: readonly { readonly shot: string; readonly mean: number; readonly n: number; readonly rank: number }[];
    /** The parameters' `--set` arguments (no shot inputs, no seed). */
    readonly set: string;
  }[];
  readonly settings_ranked: number;
  readonly settings_not_in_all_shots: number;
}

export function acrossShotsReport(data: Dataset, top: number, rng: Rng): AcrossShotsReport | null {
  const found = acrossShots(data, rng);
  if (!found) return null;
  const parameterPaths = new Set(data.parameters.flatMap((p) => p.paths));
  return {
    shots: found.shots,
    effects: found.effects,
    parameters: found.parameters,
    settings: found.settings.slice(0, top).map((s) => ({
      values: s.values,
      mean_rank: s.meanRank,
      per_shot: s.perShot,
      set: setArguments(Object.fromEntries(Object.entries(s.example.patches).filter(([at]) => parameterPaths.has(at)))),
    })),
    settings_ranked: found.settings.length,
    settings_not_in_all_shots: found.settingsNotInAllShots,
  };
}
