import type { z } from "zod";
import type { Diagnostic } from "../errors.js";
import { waitForTurn } from "../event-loop-turn.js";
import type { FileTree } from "../source/file-tree.js";
import { JSON_CONFIG_FILE_LIMIT } from "../source/read-limits.js";
import { readTextOrRefusal } from "../source/refused-read.js";
import { parseJsonDocument, type JsonDocument } from "./json-document.js";
import { validateWithSchema } from "./validate-with-schema.js";
import { diagnosticForFile } from "./origin.js";

/** A config file as read: its positioned document, and its value when valid. */
export interface ConfigFile<T> {
  readonly doc: JsonDocument;
  /** Undefined when the file has a schema error. */
  readonly value: T | undefined;
}

export interface ConfigFileRead<T> {
  /** Undefined when the file is absent or is not JSON. */
  readonly file: ConfigFile<T> | undefined;
  readonly diagnostics: Diagnostic[];
}

/** Reads, parses and validates one JSON config file; every problem comes back positioned. */
export async function readConfigFile<T>(
  tree: FileTree,
  path: string,
  schema: z.ZodType<T>,
  options: { required: boolean },
): Promise<ConfigFileRead<T>> {
  const { text, refusal } = await readTextOrRefusal(tree, path, JSON_CONFIG_FILE_LIMIT);
  if (refusal) return { file: undefined, diagnostics: [refusal] };
  if (text === undefined) {
    const diagnostics = options.required ? [diagnosticForFile(path, { code: "CONFIG_FILE_MISSING", message: "required file is missing" })] : [];
    return { file: undefined, diagnostics };
  }
  // A directory tree reads synchronously: let the app answer requests between files.
  await waitForTurn();
  const parsed = parseJsonDocument(path, text);
  if (!parsed.doc) return { file: undefined, diagnostics: parsed.diagnostics };
  const validation = validateWithSchema(parsed.doc, schema);
  const syntaxOk = !parsed.diagnostics.some((d) => d.severity === "error");
  return {
    file: { doc: parsed.doc, value: syntaxOk ? validation.value : undefined },
    diagnostics: [...parsed.diagnostics, ...validation.diagnostics],
  };
}
