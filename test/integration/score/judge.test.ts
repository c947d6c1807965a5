/** The judge against a fake OpenAI-compatible endpoint on 127.0.0.1. */
import { readFileSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { UserError } from "../../../src/core/errors.js";
import { createJudge, judgeOptionsFromConfig, type JudgeOptions } from "../../../src/core/score/judge.js";
import { JsonFileJudgeCache } from "../../../src/core/score/judge-cache.js";
import { DEFAULT_RATINGS } from "../../../src/core/score/judge-rubric.js";
import { hasFfmpeg } from "../../helpers/fake-media.js";
import { clipDir, makeClip } from "./clips.js";

const KEY = "sk-test-SECRET-0123456789";
const GOOD = JSON.stringify({
  motion_physics: 7,
  character_consistency: 8,
  temporal_coherence: 6.5,
  visual_fidelity: 7,
  overall_realism: 7,
  summary: "Smooth test pattern.",
});

type Reply = { status?: number; content?: string; raw?: string; delayMs?: number };
interface Seen {
  auth: string | undefined;
  body: { model: string; messages: Array<{ role: string; content: unknown }> };
}

let server: Server;
let url = "";
let replies: Reply[] = [];
const seen: Seen[] = [];
let dir = "";
let clip = "";

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function options(extra: Partial<JudgeOptions> = {}): JudgeOptions {
  return { url: `${url}/v1`, model: "fake-vl", apiKey: KEY, frames: 3, timeoutMs: 5_000, ...extra };
}

describe.skipIf(!hasFfmpeg())("judge", () => {
  beforeAll(async () => {
    dir = clipDir();
    clip = makeClip(dir, "clean");
    server = createServer((req, res) => {
      void body(req).then(async (text) => {
        seen.push({ auth: req.headers.authorization, body: JSON.parse(text) as Seen["body"] });
        const reply = replies.shift() ?? { content: GOOD };
        if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
        if (res.destroyed) return;
        res.writeHead(reply.status ?? 200, { "content-type": "application/json" });
        res.end(
          reply.raw ??
            JSON.stringify({
              choices: [{ message: { role: "assistant", content: reply.content } }],
              usage: { prompt_tokens: 1200, completion_tokens: 40, total_tokens: 1240 },
            }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => {
    replies = [];
    seen.length = 0;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  test("sends N evenly sampled JPEG frames with the rubric and parses the five ratings and tokens", async () => {
    const result = await createJudge(options()).judge(clip);
    expect(result).toMatchObject({
      status: "ok",
      cached: false,
      model: "fake-vl",
      frames: 3,
      attempts: 1,
      summary: "Smooth test pattern.",
      tokens: { prompt: 1200, completion: 40, total: 1240 },
    });
    if (result.status !== "ok") throw new Error("expected ok");
    expect(Object.keys(result.ratings)).toEqual([...DEFAULT_RATINGS]);
    expect(result.ratings["temporal_coherence"]).toBe(6.5);
    const request = seen[0];
    expect(request?.auth).toBe(`Bearer ${KEY}`);
    expect(request?.body.model).toBe("fake-vl");
    expect(request?.body.messages[0]).toMatchObject({ role: "system" });
    const parts = request?.body.messages[1]?.content as Array<{ type: string; image_url?: { url: string } }>;
    const images = parts.filter((part) => part.type === "image_url");
    expect(images).toHaveLength(3);
    const jpeg = Buffer.from(images[0]?.image_url?.url.replace(/^data:image\/jpeg;base64,/, "") ?? "", "base64");
    expect(jpeg.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
  });

  test("a malformed reply is retried with a correction, and its tokens still count", async () => {
    replies = [{ content: "The video looks great, I would give it an 8." }, { content: `\`\`\`json\n${GOOD}\n\`\`\`` }];
    const result = await createJudge(options()).judge(clip);
    expect(result).toMatchObject({ status: "ok", attempts: 2, tokens: { total: 2480 } });
    expect(seen).toHaveLength(2);
    const retry = seen[1]?.body.messages ?? [];
    expect(retry.at(-2)).toMatchObject({ role: "assistant", content: "The video looks great, I would give it an 8." });
    expect(String(retry.at(-1)?.content)).toMatch(/could not be used: the reply is not a JSON object/);
  });

  test("replies that never fit the rubric: a failed result after the bounded attempts", async () => {
    const bad = { content: JSON.stringify({ motion_physics: 14 }) };
    replies = [bad, bad, bad, bad];
    const result = await createJudge(options({ maxAttempts: 2 })).judge(clip);
    expect(result).toMatchObject({ status: "failed", attempts: 2 });
    expect(result.status === "failed" && result.reason).toMatch(/does not match the rubric .*after 2 attempts/);
    expect(seen).toHaveLength(2);
  });

  test("a reply slower than the timeout fails with a reason; an HTTP error and a huge reply too", async () => {
    replies = [{ delayMs: 3_000, content: GOOD }];
    const slow = await createJudge(options({ timeoutMs: 300 })).judge(clip);
    expect(slow.status === "failed" && slow.reason).toMatch(/did not answer within/);
    replies = [{ status: 500, raw: '{"error":"model not loaded"}' }];
    const broken = await createJudge(options()).judge(clip);
    expect(broken.status === "failed" && broken.reason).toMatch(/HTTP 500: \{"error":"model not loaded"\}/);
    replies = [{ raw: JSON.stringify({ choices: [{ message: { content: "x".repeat(5000) } }] }) }];
    const huge = await createJudge(options({ maxReplyBytes: 1000 })).judge(clip);
    expect(huge.status === "failed" && huge.reason).toMatch(/larger than 1000 bytes/);
    expect(JSON.stringify([slow, broken, huge])).not.toContain(KEY);
  });

  test("a cache hit sends no second request, and the key is never in the cache file", async () => {
    const cacheFile = path.join(dir, "judge-cache.json");
    const first = await createJudge(options({ cache: new JsonFileJudgeCache(cacheFile) })).judge(clip);
    expect(first).toMatchObject({ status: "ok", cached: false });
    // A new process: a fresh cache object reading the same file.
    const second = await createJudge(options({ cache: new JsonFileJudgeCache(cacheFile) })).judge(clip);
    expect(second).toMatchObject({ status: "ok", cached: true, ratings: first.status === "ok" ? first.ratings : {} });
    expect(seen).toHaveLength(1);
    const text = readFileSync(cacheFile, "utf8");
    expect(text).not.toContain(KEY);
    expect(text).not.toContain("SECRET");
    // Another model or rubric is another key.
    await createJudge(options({ cache: new JsonFileJudgeCache(cacheFile), model: "other-vl" })).judge(clip);
    expect(seen).toHaveLength(2);
  });

  test("the key comes from the named environment variable, and its absence is a user error", () => {
    const config = { url: `${url}/v1`, model: "fake-vl", api_key_env: "CR_TEST_JUDGE_KEY" };
    expect(judgeOptionsFromConfig(config, { CR_TEST_JUDGE_KEY: KEY }).apiKey).toBe(KEY);
    expect(() => judgeOptionsFromConfig(config, {})).toThrow(UserError);
    try {
      judgeOptionsFromConfig(config, {});
    } catch (error) {
      expect(String((error as Error).message)).not.toContain(KEY);
    }
  });
});
