/** The published JSON Schema of the config (schema/config.schema.json), generated from the zod schema. */
import { z } from "zod";
import { configSchema } from "./schema.js";

export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, {
    io: "input",
    target: "draft-2020-12",
    // Whole numbers above 2^53 (seeds) are allowed in values lists; JSON Schema calls them integers.
    override: (ctx) => {
      const def = (ctx.zodSchema as { _zod?: { def?: { type?: string } } })._zod?.def;
      if (def?.type === "bigint") ctx.jsonSchema["type"] = "integer";
    },
    unrepresentable: "any",
  });
  return { ...schema, title: "comfy-runner batch / shots config" };
}

export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
