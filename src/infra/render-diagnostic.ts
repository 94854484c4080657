import type { Diagnostic } from "../errors.js";
import type { Origin } from "../config/desired-state.js";

/** A renderer's warning, positioned at the config value that caused it. */
export function renderWarning(code: string, message: string, origin?: Origin, hint?: string): Diagnostic {
  return {
    severity: "warning",
    code,
    stage: "plan",
    ...(origin ? { file: origin.file, line: origin.line, column: origin.column, path: origin.path } : {}),
    message,
    ...(hint ? { hint } : {}),
  };
}
