/**
 * The loader's findings, printed the way `docker stack deploy` prints them:
 * one `Ignoring unsupported options: a, b` line, one `Ignoring deprecated
 * options:` block, logrus-style warnings, then errors (with their position,
 * which the CLI does not give).
 */
import type { Diagnostic } from "../../errors.js";
import { formatDiagnostic } from "../../diagnostics.js";

const UNSUPPORTED_PREFIX = "Ignoring unsupported options: ";
const DEPRECATED_PREFIX = "Ignoring deprecated options:\n\n";

/** logrus' text format when stderr is not a terminal. */
export function formatLogrusWarning(message: string, now: Date = new Date()): string {
  const time = now.toISOString().replace(/\.\d{3}Z$/, "Z");
  return `time="${time}" level=warning msg=${JSON.stringify(message)}`;
}

export function formatLoadWarnings(diagnostics: readonly Diagnostic[]): string {
  const warnings = diagnostics.filter((d) => d.severity === "warning");
  const unsupported = warnings.filter((d) => d.message.startsWith(UNSUPPORTED_PREFIX)).map((d) => d.message.slice(UNSUPPORTED_PREFIX.length));
  const deprecated = warnings.filter((d) => d.message.startsWith(DEPRECATED_PREFIX)).map((d) => d.message.slice(DEPRECATED_PREFIX.length));
  const others = warnings.filter((d) => !d.message.startsWith(UNSUPPORTED_PREFIX) && !d.message.startsWith(DEPRECATED_PREFIX));
  let text = others.map((d) => `${formatLogrusWarning(d.message)}\n`).join("");
  if (unsupported.length > 0) text += `${UNSUPPORTED_PREFIX}${unsupported.join(", ")}\n\n`;
  if (deprecated.length > 0) text += `${DEPRECATED_PREFIX}${deprecated.join("\n\n")}\n\n`;
  return text;
}

export function formatLoadErrors(diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .filter((d) => d.severity === "error")
    .map((d) => `${d.file === undefined ? d.message : formatDiagnostic(d)}\n`)
    .join("");
}
