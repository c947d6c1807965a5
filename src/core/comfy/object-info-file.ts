/** `--object-info <file>`: a saved GET /object_info reply, read the same way by every command. */
import { readFile } from "node:fs/promises";
import { UserError } from "../errors.js";
import { parseJsonFile } from "../json/parse-file.js";
import { parseObjectInfo, type NodeDefs } from "./object-info.js";

const SAVE_HINT = "Save the reply of GET /object_info from a ComfyUI server, e.g. curl http://127.0.0.1:8188/object_info > object_info.json";

export async function readObjectInfoFile(file: string): Promise<NodeDefs> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(code === "ENOENT" ? `Object info file not found: ${file}` : `Cannot read the object_info file ${file}: ${(error as Error).message}`, {
      hint: SAVE_HINT,
    });
  }
  const defs = parseObjectInfo(parseJsonFile(text, file));
  if (defs.size === 0) throw new UserError(`${file} holds no node definitions.`, { hint: SAVE_HINT });
  return defs;
}
