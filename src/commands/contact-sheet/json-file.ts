/** Reading a JSON file of the batch: lossless (bigint seeds), validated by a zod schema. */
import { readFile } from "node:fs/promises";
import type { z } from "zod";
import { UserError, messageOf } from "../../core/errors.js";
import { parseJson } from "../../core/json/lossless.js";

/** Parses a JSON file with the schema; a missing file is undefined, a broken one a UserError. */
export async function readJson<T extends z.ZodType>(file: string, schema: T, required: boolean): Promise<z.infer<T> | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return undefined;
  }
  let data: unknown;
  try {
    data = parseJson(text);
  } catch (error) {
    throw new UserError(`${file} is not valid JSON: ${messageOf(error)}`);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issues = issueLines(parsed.error);
    throw new UserError(`${file} does not match the batch format${required ? "" : " (skipped)"}.`, { issues });
  }
  return parsed.data;
}

/** The first few problems of a zod error, one line each: `ratings.7.stars: Too big…`. */
export function issueLines(error: z.ZodError): string[] {
  return error.issues.slice(0, 5).map((i) => `${i.path.map(String).join(".") || "(root)"}: ${i.message}`);
}
