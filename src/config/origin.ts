import type { Diagnostic, Severity, Stage } from "../errors.js";
import type { Origin } from "./desired-state.js";
import { formatPath } from "../diagnostics.js";
import { locate, locateKey, type JsonDocument, type JsonPath } from "./json-document.js";

/** Where a value (or, with `atKey`, its property name) sits in a config file. */
export function originOf(doc: JsonDocument, path: JsonPath, atKey = false): Origin {
  const pos = atKey ? locateKey(doc, path) : locate(doc, path);
  return { file: doc.file, path: formatPath(path), line: pos.line, column: pos.column };
}

/** `file:line:column`, for messages that point at a second place. */
export function formatOrigin(origin: Origin): string {
  return `${origin.file}:${origin.line}:${origin.column}`;
}

/** A diagnostic positioned at an origin (load stage unless told otherwise). */
export function diagnosticAtOrigin(
  origin: Origin,
  fields: { severity?: Severity; code: string; message: string; hint?: string; stage?: Stage },
): Diagnostic {
  return {
    severity: fields.severity ?? "error",
    code: fields.code,
    stage: fields.stage ?? "load",
    file: origin.file,
    line: origin.line,
    column: origin.column,
    ...(origin.path ? { path: origin.path } : {}),
    message: fields.message,
    ...(fields.hint ? { hint: fields.hint } : {}),
  };
}

/** A diagnostic about a whole file (a missing file has no position). */
export function diagnosticForFile(file: string, fields: { severity?: Severity; code: string; message: string; hint?: string }): Diagnostic {
  return {
    severity: fields.severity ?? "error",
    code: fields.code,
    stage: "load",
    file,
    message: fields.message,
    ...(fields.hint ? { hint: fields.hint } : {}),
  };
}
