/**
 * What a finished run leaves behind: the history entry (§4), the execution_error payload
 * (§4.2), and the names reported for files under the hostile-filename fault.
 */
import { classOf, isLink, nodeInputs } from "./graph.js";
import { isObject } from "./nodes.js";
import { NodeExecutionError } from "./outputs/files.js";
import { pyRepr, pyStr } from "./pyfmt.js";
import { MAX_HISTORY, type SimState } from "./state.js";
import type { FileItem, JsonObject, QueueItem } from "./types.js";

const SENSITIVE = ["auth_token_comfy_org", "api_key_comfy_org"];
export const EXEC_TRACEBACK = [
  '  File "<comfy>/execution.py", line 496, in execute\n    output_data, output_ui, has_subgraph, has_pending_tasks = await get_output_data(prompt_id, unique_id, obj, input_data_all, execution_block_cb=execution_block_cb, pre_execute_cb=pre_execute_cb, hidden_inputs=hidden_inputs)\n',
  '  File "<comfy>/execution.py", line 315, in get_output_data\n    return_values = await _async_map_node_over_list(prompt_id, unique_id, obj, input_data_all, obj.FUNCTION, allow_interrupt=True, execution_block_cb=execution_block_cb, pre_execute_cb=pre_execute_cb, hidden_inputs=hidden_inputs)\n',
];

export function errorFields(state: SimState, e: unknown, item: QueueItem, nodeId: string, ids: string[]): JsonObject {
  const err = e instanceof NodeExecutionError ? e : new NodeExecutionError(String(e instanceof Error ? e.message : e), "Exception");
  const current: JsonObject = {};
  for (const [name, v] of Object.entries(nodeInputs(item.prompt, nodeId))) {
    current[name] = [isLink(v) ? `<${classOf(item.prompt, v[0])} output ${v[1]} of node ${v[0]}>` : pyStr(v)];
  }
  const hidden = state.catalog.get(classOf(item.prompt, nodeId))?.raw["input"];
  if (isObject(hidden) && isObject(hidden["hidden"]) && "prompt" in hidden["hidden"]) {
    current["prompt"] = [pyRepr(item.prompt)];
    current["extra_pnginfo"] = [pyRepr(item.extraData["extra_pnginfo"] ?? null)];
  }
  return {
    exception_message: `${err.message}\n`,
    exception_type: err.pyType,
    traceback: err.traceback.length > 0 ? [...EXEC_TRACEBACK, ...err.traceback] : EXEC_TRACEBACK,
    current_inputs: current,
    current_outputs: ids,
  };
}

export function writeHistory(
  state: SimState,
  item: QueueItem,
  run: { outputs: JsonObject; meta: JsonObject; ending: string; messages: Array<[string, JsonObject]> },
): void {
  const { outputs, meta, ending, messages } = run;
  const extra: JsonObject = { ...item.extraData };
  for (const key of SENSITIVE) delete extra[key];
  const history = state.history;
  history.set(item.promptId, {
    prompt: [item.number, item.promptId, item.prompt, extra, item.outputs],
    outputs,
    status: { status_str: ending === "success" ? "success" : "error", completed: ending === "success", messages },
    meta,
  });
  while (history.size > MAX_HISTORY) {
    const oldest = history.keys().next().value;
    if (oldest === undefined) break;
    history.delete(oldest);
  }
}

export function reportFile(state: SimState, item: FileItem, realPath: string): FileItem {
  if (state.faults.hostileText) {
    const filename = `\x1b[2J\x1b[1A${item.filename.replace(/(\.[^.]*)?$/, "\r\nOK forged\x1b]8;;evil\x07$1")}`;
    state.hostile.set(state.hostileKey(item.type, item.subfolder, filename), realPath);
    return { ...item, filename };
  }
  if (!state.faults.hostileFilenames) return item;
  const variants: Array<[string, string]> = [
    ["../../evil.png", ""],
    ["/etc/passwd", ""],
    ["a\\b.png", ""],
    ["..", ""],
    ["nul\0byte.png", ""],
    ["evil.png", "../../.."],
    ["passwd", "/etc"],
    // Valid but long: 80 three-byte characters (244 bytes, fits ext4's 255) and a 6,000-character subfolder.
    [`${"あ".repeat(80)}.png`, ""],
    ["long.png", "s".repeat(6_000)],
  ];
  const [filename, subfolder] = variants[state.hostileCount++ % variants.length] ?? ["..", ""];
  state.hostile.set(state.hostileKey(item.type, subfolder, filename), realPath);
  return { filename, subfolder, type: item.type };
}
