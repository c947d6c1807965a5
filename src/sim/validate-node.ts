/**
 * One node's validation, a port of validate_inputs() in ComfyUI's execution.py (v0.3.64),
 * including its quirks: an upstream failure leaves the downstream node invalid without
 * errors, and an exception inside an upstream lookup is recorded under that upstream node.
 */
import { convertScalar, numCompare, pyEquals } from "./convert.js";
import { pyNumber, pyRepr, pyStr } from "./pyfmt.js";
import { isObject, type NodeCatalog, type SimNodeDef } from "./nodes.js";
import type { JsonObject, JsonValue } from "./types.js";

export type Verdict = { valid: boolean; errors: JsonObject[] };

export interface ValidationContext {
  prompt: JsonObject;
  catalog: NodeCatalog;
  /** Whether an annotated input name ("a.png", "sub/a.png", "x.png [temp]") names a file. */
  fileExists(name: string): boolean;
  validated: Map<string, Verdict>;
  inProgress: Set<string>;
}

/** A Python exception raised while validating, reported by the caller. */
export class PyError extends Error {
  constructor(
    readonly pyType: string,
    message: string,
    readonly traceback: string[],
  ) {
    super(message);
  }
}

const FILE_VALIDATORS: Record<string, { input: string; what: string }> = {
  LoadImage: { input: "image", what: "image" },
  LoadImageMask: { input: "image", what: "image" },
  LoadImageOutput: { input: "image", what: "image" },
  LoadAudio: { input: "audio", what: "audio" },
  LoadVideo: { input: "file", what: "video" },
};

const TB_LOOKUP = [
  "  File \"<comfy>/execution.py\", line 788, in validate_inputs\n    o_class_type = prompt[o_id]['class_type']\n                   ~~~~~~^^^^^^\n",
];
const TB_RECURSE = [
  '  File "<comfy>/execution.py", line 808, in validate_inputs\n    r = await validate_inputs(prompt_id, prompt, o_id, validated)\n        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n',
];
const TB_INDEX = ['  File "<comfy>/execution.py", line 790, in validate_inputs\n    received_type = r[val[1]]\n                    ~^^^^^^^^\n'];

export async function validateNode(ctx: ValidationContext, nodeId: string): Promise<Verdict> {
  const memo = ctx.validated.get(nodeId);
  if (memo) return memo;
  const node = ctx.prompt[nodeId];
  if (!isObject(node)) throw new PyError("KeyError", pyRepr(nodeId), TB_LOOKUP);
  const classType = String(node["class_type"]);
  const def = ctx.catalog.get(classType);
  if (!def) throw new PyError("KeyError", pyRepr(classType), TB_LOOKUP);
  if (!isObject(node["inputs"])) node["inputs"] = {};
  const inputs = node["inputs"] as JsonObject;
  // Python recurses until RecursionError on a cycle; fail the same way, minus the wait.
  if (ctx.inProgress.has(nodeId)) throw new PyError("RecursionError", "maximum recursion depth exceeded", TB_RECURSE);
  ctx.inProgress.add(nodeId);
  try {
    return await validateInputs(ctx, nodeId, classType, def, inputs);
  } finally {
    ctx.inProgress.delete(nodeId);
  }
}

async function validateInputs(ctx: ValidationContext, nodeId: string, classType: string, def: SimNodeDef, inputs: JsonObject): Promise<Verdict> {
  const errors: JsonObject[] = [];
  let valid = true;
  const fileCheck = FILE_VALIDATORS[classType];

  for (const [name, spec] of def.inputs) {
    const raw = ctx.catalog.rawSpec(classType, name) ?? [];
    const extra: JsonObject = isObject(raw[1]) ? raw[1] : {};
    const inputType = raw[0] ?? null;
    const info: JsonValue = [inputType, extra];
    if (!(name in inputs)) {
      if (spec.required) errors.push(error("required_input_missing", "Required input is missing", name, { input_name: name }));
      continue;
    }
    let val = inputs[name] as JsonValue;
    if (Array.isArray(val)) {
      if (val.length !== 2) {
        errors.push(
          error("bad_linked_input", "Bad linked input, must be a length-2 list of [node_id, slot_index]", name, {
            input_name: name,
            input_config: info,
            received_value: val,
          }),
        );
        continue;
      }
      const receivedType = linkedType(ctx, val);
      if (!typesMatch(receivedType, inputType)) {
        errors.push(
          error(
            "return_type_mismatch",
            "Return type mismatch between linked nodes",
            `${name}, received_type(${receivedType}) mismatch input_type(${typeof inputType === "string" ? inputType : pyRepr(inputType)})`,
            { input_name: name, input_config: info, received_type: receivedType, linked_node: val },
          ),
        );
        continue;
      }
      const upstream = String(val[0]);
      try {
        const verdict = await validateNode(ctx, upstream);
        if (!verdict.valid) valid = false;
      } catch (e) {
        if (!(e instanceof PyError)) throw e;
        valid = false;
        ctx.validated.set(upstream, {
          valid: false,
          errors: [
            error("exception_during_inner_validation", "Exception when validating inner node", e.message, {
              input_name: name,
              input_config: info,
              exception_message: e.message,
              exception_type: e.pyType,
              traceback: [...TB_RECURSE, ...e.traceback],
              linked_node: val,
            }),
          ],
        });
      }
      continue;
    }
    if (isObject(val) && "__value__" in val) {
      val = val["__value__"] as JsonValue;
      inputs[name] = val;
    }
    const converted = typeof inputType === "string" ? convertScalar(inputType, val) : { ok: true as const, value: val };
    if (!converted.ok) {
      errors.push(
        error("invalid_input_type", `Failed to convert an input value to a ${String(inputType)} value`, `${name}, ${pyStr(val)}, ${converted.message}`, {
          input_name: name,
          input_config: info,
          received_value: val,
          exception_message: converted.message,
        }),
      );
      continue;
    }
    val = converted.value;
    inputs[name] = val;
    if (fileCheck?.input === name) continue;
    const asFloat = inputType === "FLOAT";
    const limit = checkRange(name, val, extra, info, asFloat);
    if (limit) {
      errors.push(limit);
      continue;
    }
    const options = comboOptions(ctx, classType, name, inputType, extra);
    if (options && !options.some((o) => pyEquals(o, val))) {
      const long = options.length > 20;
      errors.push(
        error("value_not_in_list", "Value not in list", `${name}: '${pyStr(val)}' not in ${long ? `(list of length ${options.length})` : pyRepr(options)}`, {
          input_name: name,
          input_config: long ? null : info,
          received_value: val,
        }),
      );
    }
  }

  if (fileCheck && typeof inputs[fileCheck.input] === "string") {
    const file = inputs[fileCheck.input] as string;
    if (!ctx.fileExists(file)) {
      errors.push(
        error("custom_validation_failed", "Custom validation failed for node", `${fileCheck.input} - Invalid ${fileCheck.what} file: ${file}`, {
          input_name: fileCheck.input,
        }),
      );
    }
  }
  // On a cycle an inner caller may already have recorded this node's failure; keep it.
  const earlier = ctx.validated.get(nodeId)?.errors ?? [];
  const verdict = { valid: valid && errors.length === 0 && earlier.length === 0, errors: [...earlier, ...errors] };
  ctx.validated.set(nodeId, verdict);
  return verdict;
}

function linkedType(ctx: ValidationContext, link: JsonValue[]): string {
  const [source, slot] = link;
  const upstream = typeof source === "string" ? ctx.prompt[source] : undefined;
  if (!isObject(upstream)) throw new PyError("KeyError", pyRepr(source), TB_LOOKUP);
  const def = ctx.catalog.get(String(upstream["class_type"]));
  if (!def) throw new PyError("KeyError", pyRepr(upstream["class_type"]), TB_LOOKUP);
  if (typeof slot !== "number" || !Number.isInteger(slot)) {
    throw new PyError(
      "TypeError",
      `tuple indices must be integers or slices, not ${slot === null ? "NoneType" : typeof slot === "string" ? "str" : "float"}`,
      TB_INDEX,
    );
  }
  const type = def.outputs[slot < 0 ? def.outputs.length + slot : slot];
  if (type === undefined) throw new PyError("IndexError", "tuple index out of range", TB_INDEX);
  return type;
}

/** validate_node_input(): equal, "*" on either side, or overlapping comma-separated unions. */
function typesMatch(received: string, expected: JsonValue): boolean {
  if (Array.isArray(expected)) return received === "COMBO" || received === "*";
  if (typeof expected !== "string") return false;
  if (received === expected) return true;
  const a = new Set(received.split(",").map((t) => t.trim()));
  const b = new Set(expected.split(",").map((t) => t.trim()));
  if (a.has("*") || b.has("*")) return true;
  return [...a].some((t) => b.has(t));
}

function checkRange(name: string, val: JsonValue, extra: JsonObject, info: JsonValue, asFloat: boolean): JsonObject | undefined {
  if (typeof val !== "number" && typeof val !== "bigint") return undefined;
  const fmt = (v: number | bigint): string => pyNumber(v, asFloat);
  const min = extra["min"];
  if ((typeof min === "number" || typeof min === "bigint") && numCompare(val, min) < 0) {
    return error("value_smaller_than_min", `Value ${fmt(val)} smaller than min of ${fmt(min)}`, name, {
      input_name: name,
      input_config: info,
      received_value: val,
    });
  }
  const max = extra["max"];
  if ((typeof max === "number" || typeof max === "bigint") && numCompare(val, max) > 0) {
    return error("value_bigger_than_max", `Value ${fmt(val)} bigger than max of ${fmt(max)}`, name, {
      input_name: name,
      input_config: info,
      received_value: val,
    });
  }
  return undefined;
}

function comboOptions(ctx: ValidationContext, classType: string, name: string, inputType: JsonValue, extra: JsonObject): JsonValue[] | undefined {
  const models = ctx.catalog.modelOptions(classType, name);
  if (models === "any") return undefined;
  if (models) return models;
  if (Array.isArray(inputType)) return inputType;
  if (inputType === "COMBO") return Array.isArray(extra["options"]) ? extra["options"] : [];
  return undefined;
}

export function error(type: string, message: string, details: string, extraInfo: JsonObject): JsonObject {
  return { type, message, details, extra_info: extraInfo };
}
