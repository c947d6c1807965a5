/** zod schemas for what ComfyUI sends back; replies are parsed here, at the boundary. */
import { z } from "zod";

const num = z.union([z.number(), z.bigint()]);

export const fileItemSchema = z.looseObject({
  filename: z.string(),
  subfolder: z.string().optional().default(""),
  type: z.string().optional().default("output"),
});
export type FileItem = z.infer<typeof fileItemSchema>;

export const nodeErrorEntrySchema = z.looseObject({
  type: z.string().optional().default(""),
  message: z.string().optional().default(""),
  details: z.string().optional().default(""),
  extra_info: z.record(z.string(), z.unknown()).optional().default({}),
});
export type NodeErrorEntry = z.infer<typeof nodeErrorEntrySchema>;

export const nodeErrorsSchema = z.record(
  z.string(),
  z.looseObject({
    errors: z.array(nodeErrorEntrySchema).optional().default([]),
    dependent_outputs: z
      .array(z.union([z.string(), z.number()]))
      .optional()
      .default([]),
    class_type: z.string().optional(),
  }),
);
export type NodeErrors = z.infer<typeof nodeErrorsSchema>;

export const submitOkSchema = z.looseObject({
  prompt_id: z.union([z.string(), z.number()]).transform(String),
  number: num.optional(),
  node_errors: z.union([nodeErrorsSchema, z.array(z.unknown())]).optional(),
});

export const submitErrorSchema = z.looseObject({
  error: z.union([
    z.looseObject({ type: z.string().optional().default(""), message: z.string().optional().default(""), details: z.string().optional().default("") }),
    z.string(),
  ]),
  node_errors: z.union([nodeErrorsSchema, z.array(z.unknown())]).optional(),
});

export const statusMessageSchema = z.tuple([z.string(), z.record(z.string(), z.unknown())]);

export const historyEntrySchema = z.looseObject({
  prompt: z.array(z.unknown()).optional(),
  outputs: z.record(z.string(), z.record(z.string(), z.unknown())).optional().default({}),
  status: z
    .looseObject({
      status_str: z.string().optional(),
      completed: z.boolean().optional(),
      messages: z.array(statusMessageSchema).optional().default([]),
    })
    .optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

export const historySchema = z.record(z.string(), historyEntrySchema);

const queueItemSchema = z.array(z.unknown()).check((ctx) => {
  if (ctx.value.length < 2) ctx.issues.push({ code: "custom", message: "queue item too short", input: ctx.value });
});
export const queueSchema = z.looseObject({
  queue_running: z.array(queueItemSchema).optional().default([]),
  queue_pending: z.array(queueItemSchema).optional().default([]),
});

export const systemStatsSchema = z.looseObject({
  system: z.looseObject({
    comfyui_version: z.string().optional(),
    python_version: z.string().optional(),
    pytorch_version: z.string().optional(),
    os: z.string().optional(),
  }),
  devices: z
    .array(z.looseObject({ name: z.string().optional(), type: z.string().optional(), vram_total: num.optional(), vram_free: num.optional() }))
    .optional()
    .default([]),
});
export type SystemStats = z.infer<typeof systemStatsSchema>;

export const uploadReplySchema = z.looseObject({
  name: z.string().min(1),
  subfolder: z.string().optional().default(""),
  type: z.string().optional().default("input"),
});
export type UploadReply = z.infer<typeof uploadReplySchema>;

export const wsMessageSchema = z.looseObject({
  type: z.string(),
  data: z.record(z.string(), z.unknown()).optional().default({}),
});
export type WsMessage = z.infer<typeof wsMessageSchema>;
