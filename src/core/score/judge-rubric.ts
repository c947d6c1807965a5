/**
 * The judge's rubric: the prompt and the rating keys its JSON reply must carry. The default is
 * the original toolkit's five 0–10 ratings; a config may replace both.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { stripControl } from "../text/strip-control.js";

export interface Rubric {
  readonly prompt: string;
  readonly ratings: readonly string[];
}

export const DEFAULT_RATINGS = ["motion_physics", "character_consistency", "temporal_coherence", "visual_fidelity", "overall_realism"] as const;

export const DEFAULT_RUBRIC: Rubric = {
  ratings: DEFAULT_RATINGS,
  prompt: [
    "You are a strict reviewer of AI-generated video. The images are frames sampled evenly from one clip, in order.",
    "Rate the clip from 0 (worst) to 10 (best) on:",
    "- motion_physics: motion and physics are plausible (weight, momentum, contact, no melting or teleporting);",
    "- character_consistency: people and objects keep their identity, shape and clothing across frames;",
    "- temporal_coherence: frames follow each other smoothly, without flicker, jumps or popping details;",
    "- visual_fidelity: sharpness, detail, no artefacts, blur or distortions;",
    "- overall_realism: how real and convincing the clip looks as a whole.",
    'Reply with one JSON object and nothing else, for example: {"motion_physics": 7, "character_consistency": 8, "temporal_coherence": 6, "visual_fidelity": 7, "overall_realism": 7, "summary": "one or two sentences"}',
  ].join("\n"),
};

/** Identifies a rubric in cache keys and records. */
export function rubricHash(rubric: Rubric): string {
  return createHash("sha256")
    .update(JSON.stringify([rubric.prompt, [...rubric.ratings]]))
    .digest("hex")
    .slice(0, 16);
}

/** Content of a reply → ratings, or why it is not usable. Strict: one JSON object, every rating a number 0–10. */
export function parseRatings(content: string, rubric: Rubric): { ratings: Record<string, number>; summary: string | undefined } | string {
  let text = content.trim();
  // Many models wrap JSON in a markdown fence even when told not to; nothing else is forgiven.
  const fenced = /^```(?:json)?\s*\n([\s\S]*?)\n?```$/i.exec(text);
  if (fenced?.[1] !== undefined) text = fenced[1].trim();
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return "the reply is not a JSON object";
  }
  const ratingsShape = z.object(Object.fromEntries(rubric.ratings.map((key) => [key, z.number().min(0).max(10)])) as Record<string, z.ZodNumber>);
  const parsed = ratingsShape.and(z.object({ summary: z.string().max(4000).optional() })).safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return `the reply's JSON does not match the rubric (${issue ? `${issue.path.join(".") || "reply"}: ${issue.message}` : "invalid"})`;
  }
  const ratings: Record<string, number> = {};
  for (const key of rubric.ratings) ratings[key] = Number(parsed.data[key]);
  const summary = parsed.data["summary"];
  // The summary is the endpoint's text and will be shown to the user: no terminal escapes.
  return { ratings, summary: typeof summary === "string" ? stripControl(summary) : undefined };
}
