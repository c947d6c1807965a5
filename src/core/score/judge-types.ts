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
