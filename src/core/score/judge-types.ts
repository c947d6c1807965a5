/** What a judge returns and what its cache stores (zod-validated when read back). */
import { z } from "zod";

export const TokensSchema = z.object({ prompt: z.number().int().min(0), completion: z.number().int().min(0), total: z.number().int().min(0) }).strict();

export const JudgeVerdictSchema = z
  .object({
    model: z.string(),
    rubric: z.string().describe("rubric hash"),
    frames: z.number().int().min(1),
    ratings: z.record(z.string(), z.number()),
    summary: z.string().optional(),
    tokens: TokensSchema,
    attempts: z.number().int().min(1),
    judged_at: z.string(),
  })
  .strict();

export type Tokens = z.infer<typeof TokensSchema>;
export type JudgeVerdict = z.infer<typeof JudgeVerdictSchema>;

export type JudgeResult = ({ status: "ok"; cached: boolean } & JudgeVerdict) | { status: "failed"; reason: string; tokens: Tokens; attempts: number };

export const JUDGE_FILE_VERSION = 1 as const;

/** <run>/judge.json: the judge's verdict on the file scores.json measured (same name, size, mtime). */
export const JudgeFileSchema = z
  .object({
    version: z.literal(JUDGE_FILE_VERSION),
    file: z.string(),
    bytes: z.number().int().min(0),
    modified: z.string(),
    result: z.union([
      JudgeVerdictSchema.extend({ status: z.literal("ok"), cached: z.boolean() }).strict(),
      z.object({ status: z.literal("failed"), reason: z.string(), tokens: TokensSchema, attempts: z.number().int().min(0) }).strict(),
    ]),
  })
  .strict();

export type JudgeFile = z.infer<typeof JudgeFileSchema>;
