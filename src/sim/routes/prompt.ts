/** POST/GET /prompt, /queue, /interrupt, /history and /free (§1–§4, §10). */
import { randomUUID } from "node:crypto";
import { sendEmpty, sendJson, readJson, type Ctx } from "../http-util.js";
import { isObject } from "../nodes.js";
import { pyStr } from "../pyfmt.js";
import type { JsonObject, JsonValue } from "../types.js";
import { validatePrompt } from "../validate.js";

const BODY_LIMIT = 100 * 1024 * 1024;

function limit(ctx: Ctx): number {
  return ctx.state.faults.uploadLimitBytes ?? BODY_LIMIT;
}

function queueInfo(ctx: Ctx): JsonObject {
  return { exec_info: { queue_remaining: ctx.state.queueRemaining() } };
}

export function broadcastStatus(ctx: Ctx): void {
  ctx.hub.send("status", { status: queueInfo(ctx) });
}

export function getPrompt(ctx: Ctx): void {
  sendJson(ctx.res, queueInfo(ctx));
}

export async function postPrompt(ctx: Ctx): Promise<void> {
  const body = await readJson(ctx, limit(ctx));
  const data: JsonObject = isObject(body) ? body : {};
  const state = ctx.state;
  let number: number;
  if ("number" in data) {
    number = Number(data["number"]);
    if (Number.isNaN(number)) throw new Error("float() failed");
  } else {
    number = data["front"] ? -state.counter : state.counter;
    state.counter++;
  }
  if (!("prompt" in data)) {
    const error = { type: "no_prompt", message: "No prompt provided", details: "No prompt provided", extra_info: {} };
    sendJson(ctx.res, { error, node_errors: {} }, 400);
    return;
  }
  const prompt = data["prompt"] as JsonValue;
  const promptId = "prompt_id" in data ? pyStr(data["prompt_id"]) : randomUUID();
  if (!isObject(prompt) && !Array.isArray(prompt)) throw new Error("prompt is not a dict");
  const result = await validatePrompt(prompt, data["partial_execution_targets"], state.catalog, (name) => state.resolveAnnotated(name) !== undefined);
  const extraData: JsonObject = isObject(data["extra_data"]) ? { ...data["extra_data"] } : {};
  if ("client_id" in data) extraData["client_id"] = data["client_id"] ?? null;
  if (!result.ok) {
    sendJson(ctx.res, { error: result.error, node_errors: result.nodeErrors }, 400);
    return;
  }
  const promptObject = prompt as JsonObject;
  state.queue.push({ number, promptId, prompt: promptObject, extraData, outputs: result.outputs, seq: state.seq++ });
  const clientId = extraData["client_id"];
  state.submitted.push({ prompt_id: promptId, prompt: promptObject, ...(typeof clientId === "string" ? { client_id: clientId } : {}) });
  broadcastStatus(ctx);
  ctx.executor.wake();
  sendJson(ctx.res, { prompt_id: promptId, number, node_errors: result.nodeErrors });
}

function tuple(item: { number: number; promptId: string; prompt: JsonObject; extraData: JsonObject; outputs: string[] }): JsonValue[] {
  return [item.number, item.promptId, item.prompt, item.extraData, item.outputs];
}

export function getQueue(ctx: Ctx): void {
  const running = ctx.state.running;
  sendJson(ctx.res, {
    queue_running: running ? [tuple(running)] : [],
    queue_pending: ctx.state.queue.items().map(tuple),
  });
}

export async function postQueue(ctx: Ctx): Promise<void> {
  const body = await readJson(ctx, limit(ctx));
  const data = isObject(body) ? body : {};
  if (data["clear"]) {
    ctx.state.queue.clear();
    broadcastStatus(ctx);
  }
  const ids = data["delete"];
  if (Array.isArray(ids)) {
    for (const id of ids) {
      if (ctx.state.queue.remove((item) => item.promptId === id) > 0) broadcastStatus(ctx);
    }
  }
  sendEmpty(ctx.res);
}

export async function postInterrupt(ctx: Ctx): Promise<void> {
  let data: JsonObject = {};
  try {
    const body = await readJson(ctx, limit(ctx));
    if (isObject(body)) data = body;
  } catch {
    // /interrupt alone tolerates an empty or non-JSON body (§0).
  }
  const target = data["prompt_id"];
  if (target === undefined || target === null) {
    ctx.state.interrupted = true;
  } else if (ctx.state.running?.promptId === target) {
    ctx.state.interrupted = true;
  } else {
    ctx.state.config.log(`Prompt ${pyStr(target)} is not currently running, skipping interrupt`);
  }
  sendEmpty(ctx.res);
}

export function getHistory(ctx: Ctx): void {
  const history = ctx.state.history;
  const id = ctx.params[0];
  if (id !== undefined) {
    const entry = history.get(id);
    sendJson(ctx.res, entry ? { [id]: entry } : {});
    return;
  }
  const keys = [...history.keys()];
  const maxItems = ctx.url.searchParams.get("max_items");
  const offsetParam = ctx.url.searchParams.get("offset");
  const max = maxItems === null ? undefined : Number.parseInt(maxItems, 10);
  let offset = offsetParam === null ? -1 : Number.parseInt(offsetParam, 10);
  // history.get_history(): with no offset the last max_items entries are returned.
  if (offset < 0 && max !== undefined) offset = Math.max(0, keys.length - max);
  const start = Math.max(0, offset);
  const selected = keys.slice(start, max === undefined ? undefined : start + max);
  const out: JsonObject = {};
  for (const key of selected) {
    const entry = history.get(key);
    if (entry) out[key] = entry;
  }
  sendJson(ctx.res, out);
}

export async function postHistory(ctx: Ctx): Promise<void> {
  const body = await readJson(ctx, limit(ctx));
  const data = isObject(body) ? body : {};
  if (data["clear"]) ctx.state.history.clear();
  const ids = data["delete"];
  if (Array.isArray(ids)) for (const id of ids) if (typeof id === "string") ctx.state.history.delete(id);
  sendEmpty(ctx.res);
}

export async function postFree(ctx: Ctx): Promise<void> {
  await readJson(ctx, limit(ctx));
  sendEmpty(ctx.res);
}
