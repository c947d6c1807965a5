import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { configJsonSchema, configJsonSchemaText } from "../../../src/core/config/index.js";

const schemaFile = fileURLToPath(new URL("../../../schema/config.schema.json", import.meta.url));

describe("schema/config.schema.json", () => {
  // `UPDATE_SCHEMA=1 npx vitest run test/unit/config/json-schema.test.ts` regenerates the file.
  it("is the JSON Schema generated from the zod schema", () => {
    const text = configJsonSchemaText();
    if (process.env["UPDATE_SCHEMA"] === "1") writeFileSync(schemaFile, text);
    expect(readFileSync(schemaFile, "utf8")).toBe(text);
  });

  it("describes the keys users write, with their defaults", () => {
    const schema = configJsonSchema() as {
      properties: Record<string, { default?: unknown; enum?: unknown[] }>;
      required: string[];
      additionalProperties: boolean;
    };
    expect(schema.required).toEqual(["workflow_file"]);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties["sampling_strategy"]?.enum).toEqual(["sobol", "lhs", "grid", "random", "tpe"]);
    expect(schema.properties["num_samples"]?.default).toBe(100);
  });
});
