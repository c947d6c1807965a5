/**
 * The store's one way to read a JSON file of a batch folder: lossless (bigint seeds), validated by
 * a zod schema, and never throwing for what is in the file. A missing file is no value and no
 * problem; anything else that cannot be read is a problem naming the file and, for a schema
 * mismatch, the fields.
 */
import { readFile } from "node:fs/promises";
import type { z } from "zod";
import { messageOf } from "../errors.js";
import { parseJson } from "../json/lossless.js";

export interface FileRead<T> {
  /** The parsed content; undefined when the file is missing or has a problem. */
  readonly value?: T;
  /** One line: the file and what is wrong with it. */
  readonly problem?: string;
}

export async function readJsonFile<T extends z.ZodType>(file: string, schema: T, mismatch = "does not match the batch format"): Promise<FileRead<z.output<T>>> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT" || (error as NodeJS.ErrnoException).code === "ENOTDIR") return {};
    return { problem: `${file} cannot be read: ${messageOf(error)}` };
  }
  let data: unknown;
  try {
    data = parseJson(text);
  } catch (error) {
    return { problem: `${file} is not valid JSON: ${messageOf(error)}` };
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) return { problem: `${file} ${mismatch} (${issueLines(parsed.error).join("; ")})` };
  return { value: parsed.data };
}

/** The first few problems of a zod error, one line each: `ratings.7.stars: Too big…`. */
export function issueLines(error: z.ZodError): string[] {
  return error.issues.slice(0, 5).map((i) => `${i.path.map(String).join(".") || "(root)"}: ${i.message}`);
}
