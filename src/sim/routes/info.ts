/** The read-only endpoints of §10: /object_info, /system_stats, /features, /models, … */
import os from "node:os";
import { sendJson, sendText, type Ctx } from "../http-util.js";
import { MODEL_FOLDERS } from "../nodes.js";
import { SERVER_FEATURES } from "../ws.js";

/** Clears the screen, then forges a red line and a fake "OK" line. */
export const HOSTILE_VERSION = "0.3.64\x1b[2J\x1b[31mEVIL\x1b]0;pwned\x07\r\nOK forged\x9b2J\x7f\x00";

export function getObjectInfo(ctx: Ctx): void {
  const name = ctx.params[0];
  if (name === undefined) {
    sendJson(ctx.res, ctx.state.catalog.objectInfo());
    return;
  }
  const info = ctx.state.catalog.classInfo(name);
  sendJson(ctx.res, info ? { [name]: info } : {});
}

export function getSystemStats(ctx: Ctx): void {
  const total = os.totalmem();
  const free = os.freemem();
  sendJson(ctx.res, {
    system: {
      os: "posix",
      ram_total: total,
      ram_free: free,
      comfyui_version: ctx.state.faults.hostileText ? HOSTILE_VERSION : "0.3.64",
      required_frontend_version: "1.27.10",
      installed_templates_version: null,
      required_templates_version: "0.1.95",
      python_version: "3.11.2 (comfy-runner simulator)",
      pytorch_version: "1.13.0a0",
      embedded_python: false,
      argv: ["main.py", "--cpu", ...(ctx.state.config.cacheMode === "none" ? ["--cache-none"] : [])],
    },
    devices: [{ name: "cpu", type: "cpu", index: null, vram_total: total, vram_free: free, torch_vram_total: total, torch_vram_free: free }],
  });
}

export function getFeatures(ctx: Ctx): void {
  sendJson(ctx.res, { ...SERVER_FEATURES, max_upload_size: ctx.state.faults.uploadLimitBytes ?? SERVER_FEATURES.max_upload_size });
}

export function getModels(ctx: Ctx): void {
  const folder = ctx.params[0];
  if (folder === undefined) {
    sendJson(ctx.res, MODEL_FOLDERS);
    return;
  }
  const files = ctx.state.catalog.modelFolder(folder);
  if (!files) {
    sendText(ctx.res, 404, "404: Not Found");
    return;
  }
  sendJson(ctx.res, files);
}

export function getEmptyList(ctx: Ctx): void {
  sendJson(ctx.res, []);
}

export function getRoot(ctx: Ctx): void {
  sendText(ctx.res, 200, "<!doctype html><title>ComfyUI (comfy-runner simulator)</title><p>ComfyUI simulator</p>", "text/html; charset=utf-8");
}
