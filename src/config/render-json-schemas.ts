import { z } from "zod";
import { CONFIG_FILES, type ConfigFileSpec } from "./config-files.js";

/** A generated file: path relative to the repo root and its full text. */
export interface GeneratedFile {
  readonly path: string;
  readonly text: string;
}

/** The JSON Schema of one config file, as editors read it (draft-07, like the old hand-written schemas). */
export function toJsonSchema(spec: ConfigFileSpec): Record<string, unknown> {
  return z.toJSONSchema(spec.schema, { target: "draft-7", io: "input" }) as Record<string, unknown>;
}

/** `schemas/<file>.schema.json` for every file of the format. */
export function renderJsonSchemas(): GeneratedFile[] {
  return CONFIG_FILES.map((spec) => ({
    path: `schemas/${spec.schemaFile}`,
    text: `${JSON.stringify(withComment(toJsonSchema(spec), `Generated from src/config/schemas by npm run schemas; do not edit. Validates ${spec.path}.`), null, 2)}\n`,
  }));
}

function withComment(schema: Record<string, unknown>, comment: string): Record<string, unknown> {
  const { $schema, ...rest } = schema;
  return { $schema, $comment: comment, ...rest };
}
