/** JSON from a file the user gave: lossless, and a syntax error becomes one UserError naming file:line:column. */
import { UserError } from "../errors.js";
import { JsonSyntaxError, parseJson, type JsonValue } from "./lossless.js";

export function parseJsonFile(text: string, source: string): JsonValue {
  try {
    return parseJson(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw new UserError(`${source}:${error.line}:${error.column}: invalid JSON: ${error.message}`);
    throw error;
  }
}
