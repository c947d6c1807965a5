/**
 * Definitions of every core node of ComfyUI v0.3.64, used when no /object_info is available.
 * Generated from the real /object_info (tooltips dropped) so that ranges, steps and combo
 * options match what a server validates. Model-file combos are empty there (no models
 * installed) and stay empty here: they are file references, never enums to vary.
 * The table is unpacked on first use only: this module is imported only on paths that need it.
 */
import { gunzipSync } from "node:zlib";
import { parseObjectInfo, type NodeDefs } from "../comfy/object-info.js";
import { parseJson } from "../json/lossless.js";
import { BUILTIN_DEFS_GZ_B64 } from "./builtin-defs-data.js";

export { SAMPLER_NAMES, SCHEDULER_NAMES } from "./sampler-names.js";

let parsed: NodeDefs | undefined;

/** The built-in table, parsed once on first use. */
export function builtinNodeDefs(): NodeDefs {
  parsed ??= parseObjectInfo(parseJson(gunzipSync(Buffer.from(BUILTIN_DEFS_GZ_B64, "base64")).toString("utf8")));
  return parsed;
}
