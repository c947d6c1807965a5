/**
 * An optional vision-language judge on any OpenAI-compatible chat-completions endpoint (Ollama,
 * vLLM, LM Studio, cloud services): N frames sampled evenly, sent as base64 JPEG image_url parts
 * with a rubric; the reply is parsed strictly into 0–10 ratings with a bounded retry. Every request
 * has a deadline and a reply-size cap. The API key comes from an environment variable, goes only
 * into the Authorization header and is never stored, logged or put in an error message.
 */
import { request, type Dispatcher } from "undici";
import { z } from "zod";
import { UserError } from "../errors.js";
import { hashFile, judgeCacheKey, type JudgeCache } from "./judge-cache.js";
import { DEFAULT_RUBRIC, parseRatings, rubricHash, type Rubric } from "./judge-rubric.js";
import type { JudgeResult, Tokens } from "./judge-types.js";
import { Limiter } from "../async/concurrency.js";
import { sampleJpegFrames } from "./sample-frames.js";
import { stripControl } from "../text/strip-control.js";
import { DEFAULT_TOOLS, type ScoreTools } from "./tools.js";
import type { JudgeConfig } from "./config-schema.js";

export interface JudgeOptions {
  /** Base URL (…/v1) or the full …/chat/completions URL. */
  readonly url: string;
  readonly model: string;
  /** The key itself, already read from the environment (see judgeOptionsFromConfig). */
  readonly apiKey?: string | undefined;
  readonly frames?: number;
  readonly rubric?: Rubric;
  readonly timeoutMs?: number;
  readonly maxReplyBytes?: number;
  /** Requests per file at most (the first plus retries after an unusable reply). */
  readonly maxAttempts?: number;
  /** Longest side of the frames sent (pixels). */
  readonly maxSide?: number;
  readonly concurrency?: number;
  readonly cache?: JudgeCache | undefined;
  readonly tools?: ScoreTools;
  readonly dispatcher?: Dispatcher;
  readonly now?: () => Date;
}

export interface Judge {
  readonly model: string;
  readonly rubricId: string;
  judge(file: string, signal?: AbortSignal): Promise<JudgeResult>;
}

const DEFAULTS = { frames: 5, timeoutMs: 120_000, maxReplyBytes: 1_000_000, maxAttempts: 3, maxSide: 768, concurrency: 2 } as const;

/** Frame sampling is local ffmpeg work; the request timeout is for the endpoint only. */
const SAMPLE_TIMEOUT_MS = 120_000;

const ReplySchema = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string().nullable().optional() }) })).min(1),
  usage: z.object({ prompt_tokens: z.number().optional(), completion_tokens: z.number().optional(), total_tokens: z.number().optional() }).optional(),
});

type Message = { role: "system" | "user" | "assistant"; content: string | Array<Record<string, unknown>> };

/** Options from the config block; the key is read here from the named variable, and only here. */
export function judgeOptionsFromConfig(config: JudgeConfig, env: NodeJS.ProcessEnv = process.env): JudgeOptions {
  let apiKey: string | undefined;
  if (config.api_key_env !== undefined) {
    apiKey = env[config.api_key_env];
    if (!apiKey)
      throw new UserError(`scoring.judge.api_key_env names ${config.api_key_env}, but that environment variable is not set.`, {
        hint: `Set it (export ${config.api_key_env}=…) or remove api_key_env for an endpoint without a key.`,
      });
  }
  return {
    url: config.url,
    model: config.model,
    apiKey,
    ...(config.frames !== undefined ? { frames: config.frames } : {}),
    ...(config.rubric !== undefined ? { rubric: { prompt: config.rubric, ratings: config.ratings ?? DEFAULT_RUBRIC.ratings } } : {}),
    ...(config.timeout_s !== undefined ? { timeoutMs: config.timeout_s * 1000 } : {}),
    ...(config.concurrency !== undefined ? { concurrency: config.concurrency } : {}),
  };
}

export function chatCompletionsUrl(base: string): string {
  const trimmed = base.replace(/\/+$/, "");
  return trimmed.endsWith("/chat/completions") ? trimmed : `${trimmed}/chat/completions`;
}

export function createJudge(options: JudgeOptions): Judge {
  const rubric = options.rubric ?? DEFAULT_RUBRIC;
  const rubricId = rubricHash(rubric);
  const frames = options.frames ?? DEFAULTS.frames;
  const limit = new Limiter(options.concurrency ?? DEFAULTS.concurrency);
  const judge = async (file: string, signal?: AbortSignal): Promise<JudgeResult> => {
    const key = options.cache ? judgeCacheKey(await hashFile(file), options.model, rubricId, frames) : undefined;
    const hit = key !== undefined ? await options.cache?.get(key) : undefined;
    if (hit) return { status: "ok", cached: true, ...hit };
    const jpegs = await sampleJpegFrames(options.tools ?? DEFAULT_TOOLS, file, frames, {
      maxSide: options.maxSide ?? DEFAULTS.maxSide,
      timeoutMs: SAMPLE_TIMEOUT_MS,
      signal,
    });
    if (typeof jpegs === "string") return { status: "failed", reason: `no frames for the judge: ${jpegs}`, tokens: zeroTokens(), attempts: 0 };
    const result = await limit.run(() => converse(options, rubric, jpegs, signal));
    if (result.status === "failed") return result;
    const verdict = {
      model: options.model,
      rubric: rubricId,
      frames: jpegs.length,
      ratings: result.ratings,
      ...(result.summary ? { summary: result.summary } : {}),
      tokens: result.tokens,
      attempts: result.attempts,
      judged_at: (options.now?.() ?? new Date()).toISOString(),
    };
    if (key !== undefined) await options.cache?.set(key, verdict);
    return { status: "ok", cached: false, ...verdict };
  };
  return { model: options.model, rubricId, judge };
}

function zeroTokens(): Tokens {
  return { prompt: 0, completion: 0, total: 0 };
}

type Conversation =
  | { status: "ok"; ratings: Record<string, number>; summary: string | undefined; tokens: Tokens; attempts: number }
  | { status: "failed"; reason: string; tokens: Tokens; attempts: number };

async function converse(options: JudgeOptions, rubric: Rubric, jpegs: readonly Buffer[], signal: AbortSignal | undefined): Promise<Conversation> {
  const messages: Message[] = [
    { role: "system", content: rubric.prompt },
    {
      role: "user",
      content: [
        { type: "text", text: `${jpegs.length} frame${jpegs.length === 1 ? "" : "s"} sampled evenly from the clip, in order.` },
        ...jpegs.map((jpeg) => ({ type: "image_url", image_url: { url: `data:image/jpeg;base64,${jpeg.toString("base64")}` } })),
      ],
    },
  ];
  const tokens = zeroTokens();
  const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULTS.maxAttempts);
  let reason = "no reply";
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const reply = await post(options, messages, signal);
    if (typeof reply === "string") return { status: "failed", reason: reply, tokens, attempts: attempt };
    tokens.prompt += reply.tokens.prompt;
    tokens.completion += reply.tokens.completion;
    tokens.total += reply.tokens.total;
    const parsed = parseRatings(reply.content, rubric);
    if (typeof parsed !== "string") return { status: "ok", ...parsed, tokens, attempts: attempt };
    reason = parsed;
    messages.push(
      { role: "assistant", content: reply.content },
      {
        role: "user",
        content: `That reply could not be used: ${parsed}. Reply with only the JSON object, with a number from 0 to 10 for each of: ${rubric.ratings.join(", ")}.`,
      },
    );
  }
  return { status: "failed", reason: `${reason} (after ${maxAttempts} attempts)`, tokens, attempts: maxAttempts };
}

/** One request: the reply's text and token counts, or why there is none (never the key). */
async function post(options: JudgeOptions, messages: Message[], signal: AbortSignal | undefined): Promise<{ content: string; tokens: Tokens } | string> {
  const url = chatCompletionsUrl(options.url);
  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
  const deadline = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, deadline]) : deadline;
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (options.apiKey) headers["authorization"] = `Bearer ${options.apiKey}`;
  let text: string;
  let status: number;
  try {
    const response = await request(url, {
      method: "POST",
      headers,
      body: JSON.stringify({ model: options.model, messages, temperature: 0 }),
      signal: combined,
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    });
    status = response.statusCode;
    text = await readCapped(response.body, options.maxReplyBytes ?? DEFAULTS.maxReplyBytes);
  } catch (error) {
    if (signal?.aborted) throw signal.reason ?? error;
    if (deadline.aborted) return `the judge at ${url} did not answer within ${Math.round(timeoutMs / 1000)} s`;
    if (error instanceof ReplyTooLargeError) return `the judge's reply is larger than ${options.maxReplyBytes ?? DEFAULTS.maxReplyBytes} bytes`;
    const code = (error as { code?: unknown }).code;
    return `cannot reach the judge at ${url} (${typeof code === "string" ? code : error instanceof Error ? stripControl(error.message) : "error"})`;
  }
  if (status < 200 || status >= 300) return `the judge at ${url} answered HTTP ${status}: ${stripControl(text).replace(/\s+/g, " ").slice(0, 200)}`;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return `the judge at ${url} did not answer with JSON`;
  }
  const reply = ReplySchema.safeParse(data);
  if (!reply.success) return `the judge at ${url} answered something that is not a chat completion`;
  const usage = reply.data.usage;
  const prompt = usage?.prompt_tokens ?? 0;
  const completion = usage?.completion_tokens ?? 0;
  return { content: reply.data.choices[0]?.message.content ?? "", tokens: { prompt, completion, total: usage?.total_tokens ?? prompt + completion } };
}

class ReplyTooLargeError extends Error {}

async function readCapped(body: AsyncIterable<Buffer | Uint8Array> & { destroy?: (error?: Error) => void }, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > maxBytes) {
      body.destroy?.();
      throw new ReplyTooLargeError();
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString("utf8");
}
