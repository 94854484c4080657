import { createHash } from "node:crypto";
import { LRUCache } from "lru-cache";
import type { z } from "zod";
import { freezeDeep } from "../freeze-deep.js";
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
  const key = createHash("sha256").update(path).update("\n").update(text).digest("hex");
  const kept = readsBySchema.get(schema)?.get(key) as ConfigFileRead<T> | undefined;
  if (kept !== undefined) return { file: kept.file, diagnostics: [...kept.diagnostics] };
  const parsed = parseJsonDocument(path, text);
  if (!parsed.doc) return { file: undefined, diagnostics: parsed.diagnostics };
  const validation = validateWithSchema(parsed.doc, schema);
  const syntaxOk = !parsed.diagnostics.some((d) => d.severity === "error");
  const read: ConfigFileRead<T> = {
    file: { doc: parsed.doc, value: freezeDeep(syntaxOk ? validation.value : undefined) },
    diagnostics: freezeDeep([...parsed.diagnostics, ...validation.diagnostics]),
  };
  if (text.length <= MAX_REMEMBERED_TEXT) rememberRead(schema, key, read);
  return { file: read.file, diagnostics: [...read.diagnostics] };
}

/**
 * Files read lately, by schema, path and text: a long-running app plans a
 * 200-stack repo again for every pull request event, and all but a file or
 * two are the ones it parsed and validated last time. The kept value is
 * frozen (every caller gets the same object).
 */
const MAX_REMEMBERED_FILES = 2048;
const MAX_REMEMBERED_TEXT = 256 * 1024;
/** Characters of the kept files' texts (each kept document holds its text and a node per value): about 64 MB in all. */
const MAX_REMEMBERED_CHARS = 16 * 1024 * 1024;
const readsBySchema = new WeakMap<z.ZodType<unknown>, LRUCache<string, ConfigFileRead<unknown>>>();

function rememberRead<T>(schema: z.ZodType<T>, key: string, read: ConfigFileRead<T>): void {
  let reads = readsBySchema.get(schema);
  if (reads === undefined) {
    reads = new LRUCache({ max: MAX_REMEMBERED_FILES, maxSize: MAX_REMEMBERED_CHARS, sizeCalculation: (r) => Math.max(1, r.file?.doc.text.length ?? 1) });
    readsBySchema.set(schema, reads);
  }
  reads.set(key, read);
}
