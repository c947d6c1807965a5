import { gunzipSync } from "node:zlib";
import { parseObjectInfo, type NodeDefs } from "../../src/core/comfy/object-info.js";
import { parseJson, type JsonValue } from "../../src/core/json/lossless.js";
import { OBJECT_INFO_V0_3_64_GZ_B64 } from "../../src/sim/data/object-info-v0.3.64.js";

/** The real v0.3.64 /object_info reply that ships with the simulator. */
export function realObjectInfoJson(): JsonValue {
  return parseJson(gunzipSync(Buffer.from(OBJECT_INFO_V0_3_64_GZ_B64, "base64")).toString("utf8"));
}

export function realNodeDefs(): NodeDefs {
  return parseObjectInfo(realObjectInfoJson());
}
